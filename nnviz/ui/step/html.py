"""Rich text for the step view (a frame's lines, a gradient-check table) and its exports."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox

from nnviz.engine.network import Network
from nnviz.engine.record import Step
from nnviz.teach.export import step_to_csv, step_to_latex, step_to_markdown
from nnviz.teach.formula import Line, fmt, to_html
from nnviz.teach.frames import GradEntry, check_gradients
from nnviz.ui.common import file_dialogs
from nnviz.ui.common.selection import Selection
from nnviz.ui.step.chips import phase_text
from nnviz.util import atomic_write

MATH_FONT = "'DejaVu Serif', 'Cambria Math', 'STIX Two Math', 'Times New Roman', serif"
GOOD = 1e-6  # relative error below which backprop and finite differences agree


def lines_html(
    lines: Sequence[Line], phase: str, pt: float = 11.0, background: QColor | None = None
) -> str:
    """Title in the phase colour (readable on `background`, default white), notes as text,
    formulas indented in a larger math font. Sizes and spacing scale with `pt`, the widget's
    font."""
    title = phase_text(phase, background if background is not None else QColor("white"))
    red, green, blue = title.red(), title.green(), title.blue()
    u = pt / 9.0  # spacing unit: about a pixel at a 9 pt font

    def px(n: float) -> str:
        return f"{n * u:.0f}px"

    out = []
    for ln in lines:
        body = to_html(ln)
        if ln.kind == "title":
            out.append(
                f"<p style='margin:{px(2)} 0 {px(6)} 0; font-size:{pt * 1.45:.0f}pt; "
                f"font-weight:bold; color: rgb({red},{green},{blue})'>{body}</p>"
            )
        elif ln.kind == "note":
            out.append(
                f"<p style='margin:{px(10)} 0 {px(2)} 0; font-size:{pt * 1.1:.0f}pt'>{body}</p>"
            )
        else:
            style = (
                f"margin:{px(3)} 0 {px(3)} {px(18)}; font-family:{MATH_FONT}; "
                f"font-size:{pt * 1.35:.0f}pt"
            )
            out.append(f'<p style="{style}">{body}</p>')
    return "\n".join(out)


def check_html(entries: Sequence[GradEntry], digits: int = 6) -> str:
    """A verdict line and a table: parameter, backprop, finite difference, relative error."""
    if not entries:
        return "<p>Nothing to check.</p>"
    worst = max(e.rel_error for e in entries)
    ok = worst < GOOD
    verdict = (
        "backprop agrees with the finite difference"
        if ok
        else "backprop and the finite difference disagree"
    )
    n = len(entries)
    head = (
        f"<p><b>Gradient check</b>: {n} parameter{'s' if n > 1 else ''}, worst relative error "
        f"<b>{worst:.1e}</b> &mdash; {verdict} {'✓' if ok else '✗'}</p>"
    )
    rows = "".join(
        f"<tr><td>{html.escape(e.name)}</td><td align='right'>{fmt(e.backprop, digits)}</td>"
        f"<td align='right'>{fmt(e.numeric, digits)}</td>"
        f"<td align='right'>{e.rel_error:.1e}</td></tr>"
        for e in entries
    )
    table = (
        "<table cellspacing='0' cellpadding='3'><tr><th align='left'>parameter</th>"
        "<th>backprop dL/dw</th><th>(L(w+h) - L(w-h))/2h</th><th>relative error</th></tr>"
        f"{rows}</table>"
    )
    return "<hr>" + head + table


def gradient_check(
    step: Step, net: Network | None, sel: Selection | None, shown_layer: int, digits: int = 6
) -> tuple[list[GradEntry], str]:
    """Check the selected weight or neuron, else the whole `shown_layer`: (entries, html)."""
    k = sel.layer if sel is not None and sel.layer >= 0 else shown_layer
    unit = sel.unit if sel is not None and sel.layer == k else None
    weight = sel.weight if sel is not None and sel.layer == k else None
    entries = check_gradients(step, k, unit, weight, net=net)
    return entries, check_html(entries, digits)


def write_formulas(
    step: Step,
    path: str,
    kind: str,
    sel: Selection | None,
    digits: int = 6,
    sample: int = 0,
    full: bool = False,
) -> None:
    """Markdown ("md") or LaTeX ("tex") of every frame, focused on the selection."""
    kw: dict[str, Any] = {"digits": digits, "sample": sample, "full": full}
    if sel is not None and sel.layer >= 0:
        kw |= {"layer": sel.layer, "unit": sel.unit, "weight": sel.weight}
    text = (step_to_markdown if kind == "md" else step_to_latex)(step, **kw)
    atomic_write(path, text)


def export_dialog(panel: Any, kind: str) -> str | None:
    """Ask for a path and call the panel's exportCSV/exportText; the path written, or None."""
    filters = {"csv": "CSV (*.csv)", "md": "Markdown (*.md)", "tex": "LaTeX (*.tex)"}
    path = file_dialogs.save_path(panel, "Export step", f"step.{kind}", filters[kind])
    if not path:
        return None
    try:
        panel.exportCSV(path) if kind == "csv" else panel.exportText(path, kind)
    except OSError as exc:
        QMessageBox.warning(panel, "Export failed", f"Could not write {path}:\n{exc}")
        return None
    return path


class StepChecks:
    """The step view's gradient check and exports (a mixin over the panel's state)."""

    step: Step | None
    net: Network | None
    sel: Selection | None
    lastCheck: list[GradEntry]
    checkHtml: str
    tables: Any
    controls: Any
    formulas: Any
    status: Any
    _render: Callable[[], None]

    def gradientCheck(self) -> list[GradEntry]:
        """Finite differences for the selected weight / neuron, else the shown layer; the
        verdict and table go under the formulas."""
        if self.step is None:
            return []
        args = (self.sel, self.tables.layer(), self.controls.digitsSpin.value())
        self.lastCheck, self.checkHtml = gradient_check(self.step, self.net, *args)
        self._render()
        bar = self.formulas.verticalScrollBar()
        bar.setValue(bar.maximum())
        return self.lastCheck

    def exportCSV(self, path: str) -> None:
        """Every parameter before/gradient/after (see `nnviz.teach.export.step_to_csv`)."""
        assert self.step is not None
        step_to_csv(self.step, path)

    def exportText(self, path: str, kind: str) -> None:
        """Write the Markdown ("md") or LaTeX ("tex") formulas of every frame."""
        assert self.step is not None
        c = self.controls
        digits, sample, full = c.digitsSpin.value(), c.sampleSpin.value(), c.allTerms.isChecked()
        write_formulas(self.step, path, kind, self.sel, digits, sample, full)

    def exportDialog(self, kind: str) -> None:
        """Ask for a file name and export ("csv", "md" or "tex")."""
        path = export_dialog(self, kind)
        if path:
            self.status.setText(f"Saved {path}")
