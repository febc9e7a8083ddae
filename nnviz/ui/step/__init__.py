"""The Step workspace: one training step taken apart, frame by frame."""
