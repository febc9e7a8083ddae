"""What the network view shows, without Qt: the numbers, their colour indices, the timeline.

Columns: 0 is the input x, column k + 1 is the output a_k of dense layer k. One
sample is shown at a time (sample 0 of a step's batch, or the input of
`showForward`). Edges of dense layer k carry W_k[j, i] ("weights"), the last
step's dW_k ("gradients"), its change after - before ("updates"), or the products
W_k[j, i] * x_i for the sample shown ("flows", also what a forward pass animates); while
`difference` is set (two moments compared), every mode shows it: W_k(B) - W_k(A), on the
gradients' colour scale.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from nnviz.engine.record import Step
from nnviz.teach.frames import Phase, frame_at
from nnviz.teach.pace import frame_count, phase_bounds
from nnviz.ui.common import colors

SIGNED = frozenset({"tanh", "linear", "leaky_relu"})
BOUNDED = frozenset({"sigmoid", "softmax"})
EDGE_MODES = ("weights", "gradients", "updates", "flows")

# each phase's share of one step's animation (played in the order of `teach.frames.timeline`)
PHASE_SHARE: dict[Phase, float] = {"forward": 0.42, "loss": 0.08, "backward": 0.34, "update": 0.16}


@dataclass(frozen=True)
class Segment:
    """Where the animation is: phase, dense layer (None for loss/update), progress s."""

    phase: str
    layer: int | None
    s: float


def paced_share(n_layers: int) -> dict[Phase, float]:
    """Phase shares when every frame lasts the same (`nnviz.teach.pace.phase_bounds`)."""
    f, lo, b = phase_bounds(n_layers)
    return {"forward": f, "loss": lo - f, "backward": b - lo, "update": 1.0 - b}


def segment_at(t: float, n_layers: int, share: Mapping[Phase, float] | None = None) -> Segment:
    """The segment at animation time t in [0, 1] (see `nnviz.teach.frames.frame_at`);
    phases share the step as `share` says (default `PHASE_SHARE`)."""
    frame, s = frame_at(t, n_layers, PHASE_SHARE if share is None else share)
    return Segment(frame.phase, frame.layer, s)


def still_segment(k: int, n_layers: int) -> Segment:
    """Frame k of a step (timeline order) as a still: a layer's values fully arrived,
    the update flash at full strength."""
    frame, _ = frame_at((k + 0.5) / frame_count(n_layers), n_layers, paced_share(n_layers))
    return Segment(frame.phase, frame.layer, 0.0 if frame.phase == "update" else 1.0)


@dataclass(frozen=True)
class NodeColors:
    """LUT name ("acts", "weights", "grads") and indices per unit, or None for no value."""

    lut: str
    idx: np.ndarray | None


class NetState:
    """Architecture, parameters, the last step and the sample currently shown."""

    def __init__(self) -> None:
        self.sizes: list[int] = []
        self.activations: list[str] = []
        self.input_shape: tuple[int, int] | None = None
        self.input_names: list[str] | None = None  # what each input means (kept on rebuilds)
        self.params: list[tuple[np.ndarray, np.ndarray]] | None = None
        self.step: Step | None = None
        self.x: np.ndarray | None = None
        self.a: list[np.ndarray] | None = None
        self.z: list[np.ndarray] | None = None
        self.difference: list[np.ndarray] | None = None  # W_k(B) - W_k(A) per layer

    @property
    def n_layers(self) -> int:
        return max(len(self.sizes) - 1, 0)

    def set_architecture(
        self, sizes: list[int], activations: list[str], input_shape: tuple[int, int] | None
    ) -> None:
        self.sizes = [int(s) for s in sizes]
        acts = list(activations)
        if len(acts) < self.n_layers:
            acts += ["linear"] * (self.n_layers - len(acts))
        self.activations = acts[: self.n_layers]
        if input_shape is not None and input_shape[0] * input_shape[1] != self.sizes[0]:
            input_shape = None
        self.input_shape = tuple(input_shape) if input_shape is not None else None
        self.params = None
        self.step = None
        self.x = self.a = self.z = None
        self.difference = None

    def named_inputs(self) -> list[str] | None:
        """The input names when they fit the inputs shown (and no image tile is drawn)."""
        names = self.input_names
        if not names or not self.sizes or len(names) != self.sizes[0] or self.input_shape:
            return None
        return names

    def input_strength(self) -> np.ndarray | None:
        """sum_j |W1[j, i]| per input i: how strongly each input is connected."""
        W = self.W(0)
        return None if W is None else np.abs(W).sum(axis=0)

    def matches(self, params: list[tuple[np.ndarray, np.ndarray]]) -> bool:
        shapes = [(o, i) for i, o in zip(self.sizes[:-1], self.sizes[1:], strict=True)]
        return len(params) == len(shapes) and all(
            np.shape(W) == s and np.shape(b) == (s[0],)
            for (W, b), s in zip(params, shapes, strict=True)
        )

    def set_params(self, params: list[tuple[np.ndarray, np.ndarray]]) -> None:
        if not self.matches(params):
            raise ValueError("parameters do not match the architecture shown")
        self.params = [
            (np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)) for W, b in params
        ]

    def set_forward(
        self, x: np.ndarray, a: list[np.ndarray], z: list[np.ndarray] | None = None
    ) -> None:
        self.x = np.asarray(x, dtype=np.float64).ravel()
        self.a = [np.asarray(v, dtype=np.float64).ravel() for v in a]
        self.z = None if z is None else [np.asarray(v, dtype=np.float64).ravel() for v in z]

    def set_step(self, step: Step) -> None:
        self.step = step
        if self.params is None:
            self.set_params(step.params_after)
        self.set_forward(step.X[0], [t.a[0] for t in step.layers], [t.z[0] for t in step.layers])

    # ------------------------------------------------------------ values

    def W(self, k: int) -> np.ndarray | None:
        if self.params is not None:
            return self.params[k][0]
        if self.step is not None:
            return self.step.params_after[k][0]
        return None

    def b(self, k: int) -> np.ndarray | None:
        if self.params is not None:
            return self.params[k][1]
        return None

    def layer_input(self, k: int) -> np.ndarray | None:
        """x_k: what dense layer k receives for the shown sample."""
        if k == 0:
            return self.x
        return None if self.a is None else self.a[k - 1]

    def edge_values(self, mode: str, k: int) -> tuple[np.ndarray | None, str]:
        """The (n_out, n_in) values edges of layer k show in `mode`, and the LUT name."""
        if self.difference is not None:
            return np.asarray(self.difference[k], dtype=np.float64), "grads"
        if mode == "gradients" and self.step is not None:
            return np.asarray(self.step.layers[k].dW, dtype=np.float64), "grads"
        if mode == "flows" and self.layer_input(k) is not None:
            return self.flow_values(k), "weights"
        if mode == "updates" and self.step is not None:
            after, before = self.step.params_after[k][0], self.step.params_before[k][0]
            return np.asarray(after, dtype=np.float64) - before, "weights"
        return self.W(k), "weights"

    def flow_values(self, k: int) -> np.ndarray | None:
        """W_k[j, i] * x_i: what each edge contributes to z_j for the shown sample."""
        W, xk = self.W(k), self.layer_input(k)
        if W is None or xk is None:
            return None
        return W * xk[None, :]

    def delta(self, k: int) -> np.ndarray | None:
        return None if self.step is None else np.asarray(self.step.layers[k].delta[0])

    def node_colors(self, column: int, kind: str) -> NodeColors:
        """Colour indices for a column showing activations ("act") or gradients ("grad")."""
        if kind == "grad" and column >= 1:
            d = self.delta(column - 1)
            if d is not None:
                scale = float(np.max(np.abs(d))) or 1.0
                return NodeColors("grads", colors.signed_index(d, scale))
        if kind == "none":
            return NodeColors("acts", None)
        v = self.x if column == 0 else (None if self.a is None else self.a[column - 1])
        if v is None:
            return NodeColors("acts", None)
        act = "input" if column == 0 else self.activations[column - 1]
        if act in SIGNED or (column == 0 and float(np.min(v)) < 0.0):
            scale = max(float(np.max(np.abs(v))), 1.0 if act == "tanh" else 1e-12)
            return NodeColors("weights", colors.signed_index(v, scale))
        if act in BOUNDED or (column == 0 and float(np.max(v)) <= 1.0):
            return NodeColors("acts", colors.unit_index(v))
        return NodeColors("acts", colors.unit_index(v / max(float(np.max(v)), 1e-12)))

    def bias_colors(self, k: int) -> np.ndarray | None:
        """Diverging LUT indices of b_k (scaled by the layer's largest |b|)."""
        b = self.b(k)
        if b is None:
            return None
        scale = float(np.max(np.abs(b))) or 1.0
        return colors.signed_index(b, scale)


def node_kinds(seg: Segment | None, n_layers: int) -> list[str]:
    """What each column shows at this point of the animation (or statically when None)."""
    cols = n_layers + 1
    if seg is None or seg.phase in ("loss", "update"):
        return ["act"] * cols
    k = seg.layer if seg.layer is not None else 0
    if seg.phase == "forward":
        lit = k + 1 if seg.s >= 0.85 else k
        return ["act" if c <= lit else "none" for c in range(cols)]
    return ["grad" if c >= k + 1 else "act" for c in range(cols)]
