"""What a network has learned: decision regions, neuron pictures, weight pictures."""
