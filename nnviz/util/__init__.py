"""Small helpers shared by every layer (no Qt, no other nnviz imports)."""

from nnviz.util.atomic import atomic_open, atomic_path, atomic_write, plain_file_mode

__all__ = ["atomic_open", "atomic_path", "atomic_write", "plain_file_mode"]
