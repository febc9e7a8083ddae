"""The Draw workspace: a canvas, what the network sees, and its answer."""
