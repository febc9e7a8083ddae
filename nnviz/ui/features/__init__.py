"""What a network has learned: decision regions, neuron pictures, weight pictures, and
the inspector's numbers of one picked neuron or weight."""
