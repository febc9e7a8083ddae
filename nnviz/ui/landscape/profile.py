"""`StepProfileView`: the loss along the descent direction for one recorded step,

    L(θ + t·u),  u = -g/‖g‖,

with the tangent at t = 0 (slope -‖g‖) and the step the optimizer took marked: its
length along u, and the loss where it really landed, L(θ + Δθ) (the same point on the
curve for plain SGD; off the line for momentum and Adam).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from nnviz.analysis.slice_path import Profile, step_profile
from nnviz.engine import Network
from nnviz.ui.common.tasks import BackgroundTask
from nnviz.ui.plots.items import GridAxis, style_plot
from nnviz.ui.plots.theme import is_palette_change, mix, series_colors, theme_colors

# isort: split
import pyqtgraph as pg

SYNC_WORK = 200_000  # parameters x batch size below which the profile is computed at once


class StepProfileView(QWidget):
    """Loss along -g for the step shown in the update frame."""

    sigProfile = Signal(object)  # the Profile now shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile: Profile | None = None
        self._task: BackgroundTask | None = None
        self._generation = 0
        self.glw = pg.GraphicsLayoutWidget()
        self.plot = pg.PlotItem(axisItems={"left": GridAxis("left"), "bottom": GridAxis("bottom")})
        self.plot.setMenuEnabled(False)
        self.plot.showGrid(x=True, y=True, alpha=0.12)
        for name in ("left", "bottom"):  # plain numbers; grid behind the legend
            self.plot.getAxis(name).enableAutoSIPrefix(False)
            self.plot.getAxis(name).setZValue(-0.5)
        self.plot.setLabel("bottom", "t: distance along −∇L / ‖∇L‖")
        self.plot.setLabel("left", "loss on this batch")
        self.plot.addLegend(offset=(-8, 8), labelTextSize="8pt")
        self.glw.addItem(self.plot)
        self.curve = self.plot.plot(name="L(θ + t·u)")
        self.tangent = self.plot.plot(name="tangent, slope −‖∇L‖")
        self.start = pg.ScatterPlotItem(size=10, symbol="o", name="θ (before)")
        self.landed = pg.ScatterPlotItem(size=11, symbol="d", name="after the step")
        self.stepLine = pg.InfiniteLine(angle=90, movable=False)
        for item in (self.start, self.landed):
            item.setZValue(5)
            self.plot.addItem(item)
        self.plot.addItem(self.stepLine, ignoreBounds=True)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setContentsMargins(6, 2, 6, 4)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.glw, 1)
        layout.addWidget(self.caption)
        self.setTheme()
        self.clear()

    def clear(self) -> None:
        self.profile = None
        for item in (self.curve, self.tangent, self.start, self.landed):
            item.setData([], [])
        self.stepLine.hide()
        self.caption.setText("Take a training step to see the loss along its gradient.")

    def setStep(self, step: Any, net: Network) -> Profile | None:
        """Show the profile of a recorded `Step` (`net` gives the architecture). Tiny
        networks: computed at once and returned; larger ones on a thread (sigProfile)."""
        self._generation += 1
        if self._task is not None:
            self._task.cancelled = True
            self._task = None
        if net.n_params * max(len(step.X), 1) < SYNC_WORK:
            p = step_profile(step, net)
            self.setProfile(p)
            return p
        net = net.copy()
        gen = self._generation

        def work(progress: Any) -> tuple[int, Profile]:  # runs on the task's thread
            return gen, step_profile(step, net)

        self._task = BackgroundTask(work, name="profile")
        self._task.sigDone.connect(self._onDone)
        self._task.sigFailed.connect(self.caption.setText)
        self.caption.setText("Computing the loss along the gradient…")
        self._task.start()
        return None

    @Slot(object)
    def _onDone(self, result: tuple[int, Profile]) -> None:
        gen, p = result
        if gen == self._generation:
            self._task = None
            self.setProfile(p)

    def shutdown(self) -> None:
        """Drop and wait for a computation in progress."""
        task, self._task = self._task, None
        if task is not None:
            task.cancelled = True
            task.wait(5.0)

    def setProfile(self, p: Profile) -> None:
        self.profile = p
        self.curve.setData(p.t, p.loss)
        lo = float(np.nanmin(p.loss))
        tangent = p.loss0 - p.grad_norm * p.t
        keep = tangent >= lo - 0.25 * (float(np.nanmax(p.loss)) - lo)  # not far below
        self.tangent.setData(p.t[keep], tangent[keep])
        self.start.setData([0.0], [p.loss0])
        has_step = bool(np.isfinite(p.step_t))
        self.stepLine.setVisible(has_step)
        if has_step:
            self.stepLine.setValue(p.step_t)
            self.landed.setData([p.step_t], [p.step_loss])
        else:
            self.landed.setData([], [])
        self.caption.setText(self._describe(p))
        self.sigProfile.emit(p)

    @staticmethod
    def _describe(p: Profile) -> str:
        text = f"Loss {p.loss0:.5g} at θ; slope along −∇L is −‖∇L‖ = −{p.grad_norm:.4g}."
        if np.isfinite(p.step_t):
            text += (
                f" The step went t = {p.step_t:.4g} along −∇L and landed at loss {p.step_loss:.5g}"
            )
            rel = p.step_off / max(abs(p.step_t), 1e-300)
            if rel > 1e-6:
                text += f", {p.step_off:.3g} off that line (the optimizer turned the step)."
            else:
                text += " (a plain gradient step: exactly on the line)."
        return text

    def setTheme(self, dark: bool | None = None) -> None:
        dark, bg, fg = theme_colors(self, dark)
        main, accent = series_colors(dark)
        self.glw.setBackground(bg)
        style_plot(self.plot, fg, bg)
        self.curve.setPen(pg.mkPen(QColor(*main), width=2))
        self.tangent.setPen(
            pg.mkPen(mix((fg.red(), fg.green(), fg.blue()), bg, 0.55), width=1.5,
                     style=Qt.PenStyle.DashLine)
        )  # fmt: skip
        self.start.setBrush(pg.mkBrush(*main))
        self.start.setPen(pg.mkPen(bg, width=1.5))
        self.landed.setBrush(pg.mkBrush(*accent))
        self.landed.setPen(pg.mkPen(bg, width=1.5))
        self.stepLine.setPen(pg.mkPen(QColor(*accent), width=1, style=Qt.PenStyle.DotLine))

    def changeEvent(self, event: QEvent) -> None:
        if is_palette_change(event):
            self.setTheme(None)
        super().changeEvent(event)
