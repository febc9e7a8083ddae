"""What the step view shows by default and what fits a step: the weight picked for a big
first layer, whether a selection belongs to a step, the chip label of a frame."""

from __future__ import annotations

import numpy as np

from nnviz.engine.record import Step
from nnviz.teach.frames import Frame
from nnviz.ui.common.selection import Selection

BIG_LAYER = 64  # weights in the first layer above which one weight is picked by default
SHORT = {"forward": "Forward", "loss": "Loss", "backward": "Backward", "update": "Update"}


def default_selection(step: Step) -> Selection | None:
    """For a big first layer (e.g. 784 pixels), the weight of the first layer whose recorded
    gradient |dW| is largest, so the frames show one that moves (a corner pixel's is 0);
    small networks show every weight (None)."""
    dW = step.layers[0].dW
    if dW.size <= BIG_LAYER or not np.any(dW):
        return None
    j, i = np.unravel_index(int(np.argmax(np.abs(dW))), dW.shape)
    return Selection(0, weight=(int(j), int(i)))


def fits(step: Step | None, sel: Selection) -> bool:
    """Whether `sel` names a layer, neuron or weight of `step`."""
    if step is None or not -1 <= sel.layer < len(step.layers):
        return False
    n_out, n_in = step.layers[sel.layer].dW.shape if sel.layer >= 0 else (step.X.shape[1], 0)
    if sel.weight is not None:
        return sel.layer >= 0 and sel.weight[0] < n_out and sel.weight[1] < n_in
    return sel.unit is None or sel.unit < n_out


def chip_label(f: Frame) -> str:
    """ "Forward 1", "Loss", "Backward 2", "Update" (layers counted from 1)."""
    if f.layer is None:
        return SHORT[f.phase]
    return f"{SHORT[f.phase]} {f.layer + 1}"
