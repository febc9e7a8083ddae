"""How the window shows things: presentation mode and slow motion."""
