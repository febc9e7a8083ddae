"""What a lesson keeps of the window: `UserState` (taken by `snapshot_user_state` when a
lesson opens, given back when it is left) and the selection a lesson names or reads.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.app.settings import Settings
from nnviz.engine import Network
from nnviz.ui.common.selection import Selection
from nnviz.ui.lessons.window.protocol import LessonWindow


@dataclass
class UserState:
    settings: Settings
    params: list | None
    workspace: str
    selection: Selection | None
    bench: tuple[Network, list, float, str]
    drawing: tuple[Network, np.ndarray, int] | None
    message: str | None


def snapshot_user_state(w: LessonWindow) -> UserState:
    """Settings, weights, workspace, selection, workbench, draw pad and message."""
    net = w.session.network
    bench = w.stepPanel.workbench if w.stepPanel is not None else None
    pad, reader = w.drawPanel, w.readPanel
    return UserState(
        settings=w.session.settings,
        params=net.params() if net is not None else None,
        workspace=w.currentWorkspace(),
        selection=w.selection(),
        bench=(
            bench.net.copy(),
            list(bench.samples),
            bench.opt.lr,
            bench.optCombo.currentText(),
        )
        if bench is not None
        else None,  # type: ignore[arg-type]
        drawing=(pad.network().copy(), pad.canvas.inkArray().copy(), pad.labelSpin.value())
        if pad is not None
        else None,
        message=reader.editor.toPlainText() if reader is not None else None,
    )


def weight_name(sel: Selection | None) -> str:
    """ "layer j i" of a selected weight, "" otherwise."""
    if sel is None or sel.weight is None:
        return ""
    return f"{sel.layer} {sel.weight[0]} {sel.weight[1]}"


def selection_for(unit: str, index: tuple[int, ...]) -> Selection | None:
    """The selection of a lesson's unit ("weight", "neuron", "input") at `index`."""
    if unit == "weight":
        return Selection(index[0], weight=(index[1], index[2]))
    if unit == "neuron":
        return Selection(index[0], unit=index[1])
    if unit == "input":
        return Selection(-1, unit=index[0])
    return None
