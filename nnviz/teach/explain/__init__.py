"""Plain-text explanations of each frame of a step, read from the Step record."""
