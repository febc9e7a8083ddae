"""The network drawing at the heart of nnviz (see `nnviz.ui.netview` for its parts)."""

from __future__ import annotations

from nnviz.ui.netview.view import DEFAULT_TOP_K, EDGE_LIMIT, NetworkView

__all__ = ["DEFAULT_TOP_K", "EDGE_LIMIT", "NetworkView"]
