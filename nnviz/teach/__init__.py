"""Teaching: the phase timeline of a step, explanations, formulas, exports, tiny networks, lessons (no Qt)."""
