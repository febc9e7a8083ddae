"""Test-wide environment: offscreen Qt, MNIST from the shared folder, and user
folders (settings, cache, logs) in a temporary place."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
_shared = ROOT.parent / "shared" / "data" / "mnist"
if "NNVIZ_DATA_DIR" not in os.environ and _shared.is_dir():
    os.environ["NNVIZ_DATA_DIR"] = str(_shared)

_home = Path(tempfile.mkdtemp(prefix="nnviz-test-home-"))
for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[var] = str(_home / var.lower())
