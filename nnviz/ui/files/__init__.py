"""Files the window writes and reads: open/save/recent, exports, animated GIFs, autosave."""
