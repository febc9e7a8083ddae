"""Loss and accuracy curves (pyqtgraph)."""
