"""Hit testing (vectorised) and the tooltip texts of units, pixels and weights."""

from __future__ import annotations

import base64
import html

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice

from nnviz.ui.common import colors
from nnviz.ui.common.selection import Selection
from nnviz.ui.netview.edges import segment_distance
from nnviz.ui.netview.state import NetState
from nnviz.ui.netview.theme import rgb_image

EDGE_TOLERANCE = 4.0
TIE = 0.6  # edges this much farther than the closest one still count as under the mouse
# Where along an edge `NetworkView.edgeMidpoint` points: near the middle, at a t whose
# t / (1 - t) is no ratio of small integers, so two edges of evenly spaced columns never
# cross exactly there.
HOVER_T = 0.4571


def num(v: float) -> str:
    """Six significant digits, as everywhere in the view's texts."""
    return f"{float(v):.6g}"


def hit_test(
    pt: tuple[float, float],
    columns: list[tuple[np.ndarray, float]],
    tile: tuple[float, float, float, float] | None,
    tile_shape: tuple[int, int] | None,
    segments: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]],
) -> Selection | None:
    """What is under `pt` (widget coordinates): an input pixel, a unit, or an edge.

    `columns` holds (centres (n, 2), radius) per column; `segments` holds
    (p0, p1, j, i) of the drawn edges of every dense layer.
    """
    x, y = pt
    if tile is not None and tile_shape is not None:
        x0, y0, w, h = tile
        if x0 <= x < x0 + w and y0 <= y < y0 + h:
            rows, cols = tile_shape
            r = min(int((y - y0) / h * rows), rows - 1)
            c = min(int((x - x0) / w * cols), cols - 1)
            return Selection(-1, unit=r * cols + c)
    best: tuple[float, Selection] | None = None
    for c, (pos, r) in enumerate(columns):
        if (c == 0 and tile is not None) or len(pos) == 0:
            continue
        d = np.hypot(pos[:, 0] - x, pos[:, 1] - y)
        u = int(np.argmin(d))
        if d[u] <= max(r + 2.0, 4.0) and (best is None or d[u] < best[0]):
            best = (float(d[u]), Selection(c - 1, unit=u))
    if best is not None:
        return best[1]
    near: list[tuple[float, float, Selection]] = []  # (distance, |t - HOVER_T|, edge)
    for k, (p0, p1, j, i) in enumerate(segments):
        if len(p0) == 0:
            continue
        d, t = segment_distance((x, y), p0, p1, with_t=True)
        tile_edges = k == 0 and tile is not None
        for m in np.flatnonzero(d <= EDGE_TOLERANCE).tolist():
            off = 0.0 if tile_edges else abs(float(t[m]) - HOVER_T)
            near.append((float(d[m]), off, Selection(k, weight=(int(j[m]), int(i[m])))))
    if not near:
        return None
    # edges crossing at one point: take the one met nearest its hover point
    d_min = min(n[0] for n in near)
    return min((n for n in near if n[0] <= d_min + TIE), key=lambda n: (n[1], n[0]))[2]


def _rows(items: list[tuple[str, str]]) -> str:
    cells = "".join(
        f"<tr><td>{html.escape(k)}</td><td align='right'>&nbsp;{html.escape(v)}</td></tr>"
        for k, v in items
    )
    return f"<table cellspacing='0' cellpadding='1'>{cells}</table>"


def _png_data_url(rgb: np.ndarray) -> str:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    rgb_image(rgb).save(buf, "PNG")
    buf.close()
    return "data:image/png;base64," + base64.b64encode(bytes(data.data())).decode()


def weight_picture(w: np.ndarray, shape: tuple[int, int], light: bool) -> np.ndarray:
    """Incoming weights of one unit as an (rows, cols, 3) picture in the diverging map."""
    scale = float(np.max(np.abs(w))) or 1.0
    return colors.diverging(light)[colors.signed_index(w, scale)].reshape(*shape, 3)


def unit_tip(st: NetState, k: int, j: int, light: bool = True) -> str:
    """Neuron j of dense layer k: a, z, b and the last step's delta (sample 0)."""
    act = st.activations[k]
    last = k == st.n_layers - 1
    title = f"{'Output' if last else 'Hidden'} neuron {j} · layer {k + 1} ({act})"
    rows: list[tuple[str, str]] = []
    if st.z is not None:
        rows.append(("logit z" if last else "z = W·x + b", num(st.z[k][j])))
    if st.a is not None:
        rows.append(("probability p" if act == "softmax" else f"a = {act}(z)", num(st.a[k][j])))
    b = st.b(k)
    if b is not None:
        rows.append(("bias b", num(b[j])))
    if st.step is not None:
        rows.append(("δ = ∂L/∂z (last step)", num(st.step.layers[k].delta[0, j])))
        rows.append(("db (last step)", num(st.step.layers[k].db[j])))
    text = f"<b>{html.escape(title)}</b>{_rows(rows)}"
    W = st.W(k)
    if k == 0 and st.input_shape is not None and W is not None:
        url = _png_data_url(weight_picture(W[j], st.input_shape, light))
        side = 3 * max(st.input_shape)
        text += f"incoming weights:<br><img src='{url}' width='{side}' height='{side}'>"
    return text


def input_tip(st: NetState, i: int, top: int = 5) -> str:
    """Input unit i (a pixel for image inputs): its value and its strongest weights."""
    where = ""
    if st.input_shape is not None:
        r, c = divmod(i, st.input_shape[1])
        where = f" · pixel ({r}, {c})"
    names = st.named_inputs()
    if names is not None:
        where = f" · “{html.escape(names[i])}”"
    rows: list[tuple[str, str]] = []
    if st.x is not None:
        rows.append((f"x{i}", num(st.x[i])))
    W = st.W(0)
    if W is not None:
        col = W[:, i]
        for j in np.argsort(-np.abs(col))[: min(top, len(col))]:
            rows.append((f"W1[{j}, {i}]", num(col[j])))
    return f"<b>Input {i}{where}</b>{_rows(rows)}"


def edge_tip(st: NetState, k: int, j: int, i: int) -> str:
    """W_k[j, i] now, the last step's dW and the weight before and after its update."""
    rows: list[tuple[str, str]] = []
    W = st.W(k)
    if W is not None:
        rows.append(("W (now)", num(W[j, i])))
    xk = st.layer_input(k)
    if W is not None and xk is not None:
        rows.append(("w·a (this sample)", num(W[j, i] * xk[i])))
    if st.step is not None:
        before = st.step.params_before[k][0][j, i]
        after = st.step.params_after[k][0][j, i]
        rows += [
            ("dW (last step)", num(st.step.layers[k].dW[j, i])),
            ("before update", num(before)),
            ("after update", num(after)),
            ("Δ = after − before", num(after - before)),
        ]
    src = f"x{i}" if k == 0 else f"a{i} of layer {k}"
    title = f"Weight W{k + 1}[{j}, {i}] · {src} → neuron {j} of layer {k + 1}"
    return f"<b>{html.escape(title)}</b>{_rows(rows)}"


def tip_for(st: NetState, sel: Selection | None, light: bool = True) -> str:
    if sel is None:
        return ""
    if sel.weight is not None:
        return edge_tip(st, sel.layer, *sel.weight)
    if sel.layer == -1 and sel.unit is not None:
        return input_tip(st, sel.unit)
    if sel.unit is not None:
        return unit_tip(st, sel.layer, sel.unit, light)
    return ""
