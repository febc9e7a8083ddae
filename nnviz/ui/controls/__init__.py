"""The Controls dock: data, architecture and optimizer editors."""
