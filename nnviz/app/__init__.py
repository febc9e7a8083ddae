"""Application services without Qt: settings, session, run history, the trainer and its protocol."""
