"""The history of a training run (no Qt): `History`, the per-step losses and per-epoch
metrics drawn as curves (`curves`), `RunHistory`, the thinned parameter snapshots to scrub
back through (`runs`, `snapshot`), the recorder that feeds it and its file format."""

from __future__ import annotations

from nnviz.app.history.curves import (
    ACCURACY_TIP,
    EPOCH_FIELDS,
    EVAL_SAMPLES,
    History,
    accuracy_text,
    write_history_csv,
)
from nnviz.app.history.runs import RunHistory

__all__ = [
    "ACCURACY_TIP",
    "EPOCH_FIELDS",
    "EVAL_SAMPLES",
    "History",
    "RunHistory",
    "accuracy_text",
    "write_history_csv",
]
