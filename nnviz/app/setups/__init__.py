"""Shareable setups (no Qt): the setup code (`code`), building a run from it (`run`) and
mapping it onto the app's settings (`settings`)."""
