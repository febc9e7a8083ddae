"""Analysis of trained networks (no Qt): decision regions, saliency, evaluation, loss landscape."""
