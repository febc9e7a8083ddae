"""Time travel: the run timeline, scrubbing, replaying a step, comparing two moments."""
