"""Application services: settings, session, run history, the trainer process and its protocol (no Qt)."""
