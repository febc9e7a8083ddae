"""Export one training step: every parameter as CSV, every frame's formulas as
Markdown or LaTeX tables (the same text the step panel shows). No Qt here.

CSV columns: layer (k, 0-based as in `step.layers[k]`), kind (W or b), to (j),
from (i, empty for b), value_before, gradient, value_after.
"""

from __future__ import annotations

import csv
import os

import numpy as np

from nnviz.engine.record import Step
from nnviz.teach.formula import Line, split_equation, tex_math, tex_text
from nnviz.teach.frames import explain_lines, focus, frames
from nnviz.util import atomic_open

CSV_HEADER = ["layer", "kind", "to", "from", "value_before", "gradient", "value_after"]


def parameter_rows(step: Step) -> list[list[object]]:
    """One row per parameter: [k, "W"|"b", j, i|"", before, dL/dparam, after]."""
    rows: list[list[object]] = []
    for k, T in enumerate(step.layers):
        (W0, b0), (W1, b1) = step.params_before[k], step.params_after[k]
        for j, i in np.ndindex(*W0.shape):
            rows.append([k, "W", j, i, float(W0[j, i]), float(T.dW[j, i]), float(W1[j, i])])
        for j in range(b0.shape[0]):
            rows.append([k, "b", j, "", float(b0[j]), float(T.db[j]), float(b1[j])])
    return rows


def step_to_csv(step: Step, path: str | os.PathLike[str]) -> None:
    """Write the parameter table (full float precision) atomically to `path`."""
    with atomic_open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_HEADER)
        for row in parameter_rows(step):
            w.writerow([repr(v) if isinstance(v, float) else v for v in row])


def _frame_lines(
    step: Step,
    layer: int | None,
    unit: int | None,
    weight: tuple[int, int] | None,
    digits: int,
    sample: int,
    full: bool,
) -> list[list[Line]]:
    out = []
    for fr in frames(step):
        kw = focus(fr, layer, unit, weight)
        out.append(explain_lines(step, fr, digits=digits, sample=sample, full=full, **kw))  # type: ignore[arg-type]
    return out


def summary(step: Step) -> str:
    """One sentence: architecture, loss, optimizer, batch."""
    acts = ", ".join(step.activations)
    hyper = ", ".join(f"{k}={v:g}" for k, v in step.optimizer.hyper.items() if k != "t")
    n = step.batch_size
    return (
        f"Network {'-'.join(map(str, step.sizes))} ({acts}), loss {step.loss_name}, "
        f"optimizer {step.optimizer.name} ({hyper}), batch of {n} sample{'s' if n > 1 else ''}, "
        f"loss before the update {step.loss:.6g}."
    )


def _md_escape(text: str) -> str:
    for ch in "\\*_|`[]":
        text = text.replace(ch, "\\" + ch)
    return text


def _md_code(text: str) -> str:
    return f"`{text.replace('|', '¦')}`" if text else ""


def step_to_markdown(
    step: Step,
    unit: int | None = None,
    weight: tuple[int, int] | None = None,
    layer: int | None = None,
    digits: int = 6,
    sample: int = 0,
    full: bool = False,
) -> str:
    """Every frame as a heading, its notes and a Quantity | Formula | Value table.

    `layer` with `unit` or `weight` focuses the frames of that layer (as the panel does).
    """
    out = ["# One training step, frame by frame", "", _md_escape(summary(step)), ""]
    for lines in _frame_lines(step, layer, unit, weight, digits, sample, full):
        table: list[str] = []
        for ln in lines:
            if ln.kind == "title":
                out += [f"## {_md_escape(ln.text)}", ""]
            elif ln.kind == "note":
                if table:
                    out += [*table, ""]
                    table = []
                out += [_md_escape(ln.text), ""]
            else:
                if not table:
                    table = ["| Quantity | Formula | Value |", "|---|---|---|"]
                lhs, mid, val = split_equation(ln.text)
                num, _, tail = val.partition(" ")
                value = f"**{num}** {_md_escape(tail.strip())}".strip() if num else ""
                table.append(f"| {_md_code(lhs)} | {_md_code(mid)} | {value} |")
        if table:
            out += [*table, ""]
    return "\n".join(out).rstrip() + "\n"


def step_to_latex(
    step: Step,
    unit: int | None = None,
    weight: tuple[int, int] | None = None,
    layer: int | None = None,
    digits: int = 6,
    sample: int = 0,
    full: bool = False,
    document: bool = True,
) -> str:
    """Every frame as a section with a three-column table of its formulas.

    With `document` a complete article (needs amsmath); otherwise a fragment to paste.
    """
    body = [f"{tex_text(summary(step))}", ""]
    for lines in _frame_lines(step, layer, unit, weight, digits, sample, full):
        rows: list[str] = []
        for ln in lines:
            if ln.kind == "math":
                rows.append(_tex_row(ln.text))
                continue
            _flush_rows(body, rows)
            if ln.kind == "title":
                body += [rf"\section*{{{tex_text(ln.text)}}}", ""]
            else:
                body += [f"{tex_text(ln.text)}", ""]
        _flush_rows(body, rows)
    text = "\n".join(body).rstrip() + "\n"
    if not document:
        return text
    head = [
        r"\documentclass{article}",
        r"\usepackage[margin=2cm,landscape]{geometry}",
        r"\usepackage{amsmath}",
        r"\begin{document}",
        r"\section*{One training step, frame by frame}",
        "",
    ]
    return "\n".join(head) + "\n" + text + "\\end{document}\n"


def _tex_row(text: str) -> str:
    lhs, mid, val = split_equation(text)
    num, _, tail = val.partition(" ")
    formula = f"$= {tex_math(mid)}$" if mid else ""
    value = f"$= \\mathbf{{{num}}}$ {tex_text(tail.strip())}".strip() if num else ""
    return f"${tex_math(lhs)}$ & {formula} & {value} \\\\"


def _flush_rows(body: list[str], rows: list[str]) -> None:
    if rows:
        body += [r"\begin{tabular}{@{}lll@{}}", *rows, r"\end{tabular}", r"\medskip", ""]
        rows.clear()
