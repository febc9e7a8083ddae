"""Small helpers shared by every layer (no Qt, no nnviz imports)."""
