"""Exports of one step: the parameter CSV, Markdown and LaTeX tables of every frame."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from nnviz import SGD, Network
from nnviz.teach.export import CSV_HEADER, step_to_csv, step_to_latex, step_to_markdown

X = np.array([[0.05, 0.10]])
Y = np.array([[0.01, 0.99]])


@pytest.fixture
def step():
    net = Network([2, 2, 2], activation="sigmoid", output="sigmoid", loss="mse", dtype=np.float64)
    net.layers[0].W[...] = [[0.15, 0.20], [0.25, 0.30]]
    net.layers[0].b[...] = 0.35
    net.layers[1].W[...] = [[0.40, 0.45], [0.50, 0.55]]
    net.layers[1].b[...] = 0.60
    return net.train_step(X, Y, SGD(lr=0.5))


def test_csv_one_row_per_parameter(step, tmp_path):
    path = tmp_path / "step.csv"
    step_to_csv(step, path)
    with path.open(newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == CSV_HEADER
    assert len(rows) == 1 + 12  # 2 x (4 weights + 2 biases)
    w5 = next(r for r in rows[1:] if r[:4] == ["1", "W", "0", "0"])
    assert float(w5[4]) == 0.4
    assert float(w5[5]) == pytest.approx(0.082167041, abs=1e-9)
    assert float(w5[6]) == pytest.approx(0.35891648, abs=1e-8)
    w1 = next(r for r in rows[1:] if r[:4] == ["0", "W", "0", "0"])
    assert float(w1[6]) == pytest.approx(0.149780716, abs=1e-9)
    b = next(r for r in rows[1:] if r[:3] == ["1", "b", "1"])
    assert b[3] == "" and float(b[5]) == pytest.approx(-0.0380982, abs=1e-7)
    # full precision, and no temporary file left behind
    assert float(w5[6]) == step.params_after[1][0][0, 0]
    assert [p.name for p in tmp_path.iterdir()] == ["step.csv"]


def test_csv_failure_leaves_no_partial_file(step, tmp_path):
    with pytest.raises(OSError):
        step_to_csv(step, tmp_path / "missing-dir" / "step.csv")
    assert list(tmp_path.iterdir()) == []


def test_markdown_tables(step):
    md = step_to_markdown(step, weight=(0, 0), layer=1)
    assert md.startswith("# One training step")
    assert "## Forward pass, layer 1 of 2 (hidden)" in md
    assert "| Quantity | Formula | Value |" in md
    assert "| `z_0` | `0.15*0.05 + 0.2*0.1 + 0.35` | **0.3775** |" in md
    assert "| `a_0` | `sigmoid(0.3775)` | **0.593270** |" in md
    assert "| `delta` | `dL/da * da/dz = 0.741365*0.186816` | **0.138499** |" in md
    assert "| `dL/dW2[0, 0]` | `delta_0*x_0 = 0.138499*0.593270` | **0.0821670** |" in md
    assert "| `new W2[0, 0]` | `w - lr*dL/dw = 0.4 - 0.5*0.0821670` | **0.358916** |" in md
    assert md.count("\n## ") == 6  # one section per frame


def test_latex_document(step):
    tex = step_to_latex(step, unit=0, layer=0)
    assert tex.startswith(r"\documentclass{article}") and tex.rstrip().endswith(r"\end{document}")
    assert r"$z$ & $= 0.15 \cdot 0.05 + 0.2 \cdot 0.1 + 0.35$ & $= \mathbf{0.3775}$ \\" in tex
    assert r"\delta" in tex and r"\partial L/\partial" in tex
    assert tex.count(r"\begin{tabular}") == tex.count(r"\end{tabular}")
    assert tex.count("{") == tex.count("}")
    frag = step_to_latex(step, document=False)
    assert r"\documentclass" not in frag and r"\section*{Loss: mean squared error}" in frag
