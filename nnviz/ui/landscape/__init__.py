"""The loss landscape, the 1-D profile along the gradient, and the optimizer race (Qt)."""
