"""Read a message: the spam filter on text the user types or pastes."""
