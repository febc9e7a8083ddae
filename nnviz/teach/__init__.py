"""Teaching (no Qt): the frames of a step, their explanations and formulas, exports, lessons."""
