"""Sharing a whole run as a setup code, link or file."""
