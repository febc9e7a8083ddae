"""A short soak: the real window trains MNIST with live animation for ~60 s without
growing, warning or failing (benchmarks/soak.py runs the full 10 minutes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_short_soak(tmp_path):
    data = os.environ.get("NNVIZ_DATA_DIR")
    if not data or not Path(data).is_dir():
        pytest.skip("MNIST is not available (NNVIZ_DATA_DIR)")
    out = tmp_path / "soak.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "soak.py"), "--seconds", "60",
         "--warmup", "20", "--max-growth", "40", "--json", str(out)],
        capture_output=True, text=True, timeout=300, env=env, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert out.exists(), r.stderr[-3000:]
    result = json.loads(out.read_text())
    summary = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr[-2000:]
    assert result["exceptions"] == [], summary
    assert result["qt_warnings"] == [], summary
    assert result["steps"] > 1000, summary
    assert result["animated_records"] > 50, summary
    assert result["gui_growth_besides_history_mb"] < 40, summary  # the timeline's own budget
    assert r.returncode == 0, summary
