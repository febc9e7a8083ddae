"""The one error type of the data layer."""

from __future__ import annotations


class DataFileError(ValueError):
    """A data file is missing, unreadable, corrupt or malformed.

    The message is one line and names the file (and the line, for text files),
    so the UI can show it as is.
    """
