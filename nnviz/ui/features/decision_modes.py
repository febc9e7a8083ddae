"""What the decision map shows besides soft class regions (NumPy only): hard classes
("discretize output"), a regression network's predicted value as a heat map, the data
points coloured by their target, pictures of the input features, and the header and
hover texts for both tasks."""

from __future__ import annotations

import numpy as np

from nnviz.analysis.decision import GridResult, class_probabilities
from nnviz.data.features import label
from nnviz.engine.train import regression_metrics
from nnviz.ui.common import colors
from nnviz.ui.features.colors import activation_rgb, class_color, region_rgb

BAND = 0.5  # discretized regression: the value rounded to steps of half a standard deviation


def value_scale(y: np.ndarray) -> float:
    """The colour scale of regression values: the 90th percentile of |y| over the
    (standardised) targets, so that most points show a clear colour."""
    y = np.asarray(y, dtype=np.float64)
    finite = np.abs(y[np.isfinite(y)])
    s = float(np.percentile(finite, 90)) if finite.size else 1.0
    return s if s > 0 else 1.0


def value_rgb(
    V: np.ndarray, scale: float, bg: tuple[int, int, int], light: bool, discretize: bool
) -> np.ndarray:
    """(n, n, 3) uint8: the predicted value V (n, n) on the diverging map, |V| = scale at
    the ends; `discretize` rounds V to bands of `BAND`."""
    V = np.nan_to_num(np.asarray(V, dtype=np.float64), nan=0.0, posinf=scale, neginf=-scale)
    if discretize:
        V = np.round(V / BAND) * BAND
    rgb = colors.diverging(light)[colors.signed_index(V, scale)].astype(np.float32)
    bgv = np.asarray(bg, dtype=np.float32)
    return np.clip(bgv + (rgb - bgv) * np.float32(0.7), 0, 255).astype(np.uint8)


def hard_rgb(probs: np.ndarray, bg: tuple[int, int, int]) -> np.ndarray:
    """(n, n, 3) uint8: each pixel in the colour of its predicted class (argmax p_c)."""
    C = probs.shape[2]
    cols = np.array([class_color(c) for c in range(C)], dtype=np.float32)
    rgb = cols[np.argmax(np.nan_to_num(probs, nan=0.0), axis=2)]
    bgv = np.asarray(bg, dtype=np.float32)
    return np.clip(bgv + (rgb - bgv) * np.float32(0.5), 0, 255).astype(np.uint8)


def target_colors(y: np.ndarray, scale: float, light: bool) -> list[tuple[int, int, int]]:
    """One colour per regression target, on the same map as the heat map."""
    lut = colors.diverging(light)
    return [tuple(int(v) for v in lut[i]) for i in colors.signed_index(y, scale)]


def input_tiles(res: GridResult, light: bool) -> np.ndarray | None:
    """(n_in, h, w, 3) pictures of the input features over the plane (top row up)."""
    if res.inputs is None:
        return None
    return activation_rgb(res.inputs[::-1].transpose(2, 0, 1), "linear", light)


def score_text(
    regression: bool,
    train: tuple[np.ndarray, np.ndarray, np.ndarray],
    test: tuple[np.ndarray, np.ndarray, np.ndarray] | None,
) -> str:
    """The header: accuracy (classification) or MSE and R² (regression) of (X, y, ŷ) sets;
    ŷ is the raw network output (n, n_out)."""
    parts = []
    for name, part in (("train", train), ("test", test)):
        if part is None or len(part[0]) == 0:
            continue
        _, y, out = part
        if regression:
            mse, r2 = regression_metrics(np.asarray(y, dtype=np.float64)[:, None], out)
            parts.append(f"{name} MSE {mse:.3f}, R² {r2:.2f}")
        else:
            P = class_probabilities(out, "softmax" if out.shape[1] > 1 else "sigmoid")
            acc = float(np.mean(np.argmax(P, axis=1) == y))
            parts.append(f"{name} {100 * acc:.1f}%")
    if not parts:
        return ""
    return " · ".join(parts) if regression else "accuracy: " + " · ".join(parts)


def hover_text(res: GridResult, i: int, j: int, names: list[str], regression: bool) -> str:
    """What the network predicts at grid pixel (i, j)."""
    if regression and res.output is not None:
        return f"predicts ŷ = {float(res.output[i, j, 0]):.3f} (standardised)"
    P = res.probs[i, j]
    c = int(np.argmax(P))
    name = names[c] if c < len(names) else str(c)
    name = f"class {name}" if name.isdigit() else name
    return f"predicts {name} (p = {P[c]:.2f})"


def heat_rgb(
    res: GridResult,
    regression: bool,
    scale: float,
    bg: tuple[int, int, int],
    light: bool,
    hard: bool,
) -> np.ndarray:
    """The background image: the predicted value (regression), hard classes, or regions."""
    if regression and res.output is not None:
        return value_rgb(res.output[..., 0], scale, bg, light, hard)
    return hard_rgb(res.probs, bg) if hard else region_rgb(res.probs, bg, light)


def thumb_layers(
    small: GridResult, features: list[str] | None, light: bool
) -> tuple[list[np.ndarray], list[str], list[list[str]]]:
    """(tiles, titles, tips) of the neuron pictures: the inputs first, then each hidden
    layer (tiles[k]: (units, h, w, 3) uint8, top row up)."""
    tiles, titles, tips = [], [], []
    inputs = input_tiles(small, light)
    if inputs is not None:
        names = [label(f) for f in features or ["x1", "x2"]]
        tiles.append(inputs)
        titles.append("Inputs: " + ", ".join(names))
        tips.append([f"Input {n}: its value over the plane (click to select)" for n in names])
    for k, (H, act) in enumerate(zip(small.hidden, small.activations, strict=True)):
        tiles.append(activation_rgb(H[::-1].transpose(2, 0, 1), act, light))
        titles.append(f"Hidden layer {k + 1}: {H.shape[2]} × {act}")
    return tiles, titles, tips


def point_groups(
    X: np.ndarray, y: np.ndarray, names: list[str], regression: bool, scale: float, light: bool
) -> list[tuple[np.ndarray, object, str]]:
    """(points, brush or brushes, legend name) of each scatter of training points: one per
    class, or for regression one coloured by the (real-valued) targets y."""
    if regression:
        return [(X, target_colors(y, scale, light), "train (colour = target)")]
    labels = np.asarray(y).astype(np.int64)
    return [(X[labels == c], class_color(c), name) for c, name in enumerate(names)]


def ring_colors(
    y: np.ndarray, regression: bool, scale: float, light: bool
) -> list[tuple[int, int, int]]:
    """The colour of each test ring: its class, or its target on the value map."""
    if regression:
        return target_colors(y, scale, light)
    return [class_color(int(c)) for c in y]
