"""Qt pieces shared by every view: colours, themes, throttling, tasks, the session adapter."""
