"""Analysis of trained networks: decision regions, saliency, evaluation, loss landscape (no Qt)."""
