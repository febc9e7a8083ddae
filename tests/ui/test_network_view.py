"""The network view: building, animation, hover values, selection, top-k, theme, export."""

from __future__ import annotations

import html
import re
import time

import numpy as np
import pytest
from events import EventCount
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage

from nnviz import SGD, Network
from nnviz.ui.common.selection import Selection
from nnviz.ui.netview.view import DEFAULT_TOP_K, NetworkView

ARCHS = {
    "2-2-2": ([2, 2, 2], "sigmoid", None),
    "2-8-8-2": ([2, 8, 8, 2], "tanh", None),
    "784-128-64-10": ([784, 128, 64, 10], "relu", (28, 28)),
}


def make_net(sizes, act, seed=0):
    return Network(sizes, activation=act, seed=seed, dtype=np.float64)


def make_step(net, n=4, seed=1):
    rng = np.random.default_rng(seed)
    X = rng.uniform(0, 1, (n, net.sizes[0]))
    y = rng.integers(0, net.sizes[-1], n)
    return net.train_step(X, y, SGD(lr=0.1))


@pytest.fixture
def view(qtbot):
    v = NetworkView()
    qtbot.addWidget(v)
    v.resize(1000, 640)
    v.show()
    qtbot.waitExposed(v)
    yield v
    v.stopAnimation()


def build(view, name, params=True):
    sizes, act, shape = ARCHS[name]
    net = make_net(sizes, act)
    view.setArchitecture(net.sizes, net.activations, shape)
    if params:
        view.setParams(net.params())
    return net


def plain(tip: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", tip)).replace("\xa0", " ")


def value(tip: str, label: str) -> float:
    m = re.search(re.escape(label) + r"\s+([-+0-9.eE]+|nan|inf)", plain(tip))
    assert m, f"{label!r} not in {plain(tip)!r}"
    return float(m.group(1))


@pytest.mark.parametrize("name", list(ARCHS))
def test_builds_and_paints(view, name):
    net = build(view, name)
    img = view.grab().toImage()
    assert not img.isNull()
    for k, n in enumerate(net.sizes):
        for u in (0, n - 1):
            c = view.nodeCenter(k - 1, u)
            assert 0 <= c.x() <= view.width() and 0 <= c.y() <= view.height()
    assert view.edgeLayerBuilds() >= 1


def test_show_step_animates_and_finishes(view, qtbot):
    net = build(view, "2-8-8-2")
    view.setAnimationSpeed(4.0)
    phases = set()
    view.showStep(make_step(net))
    assert view.isAnimating()

    def seen_backward():
        seg = view.currentSegment()
        if seg is not None:
            phases.add(seg.phase)
        return "backward" in phases

    qtbot.waitUntil(seen_backward, timeout=3000)
    with qtbot.waitSignal(view.sigAnimationFinished, timeout=3000):
        pass
    assert not view.isAnimating()
    assert view.currentSegment() is None
    assert "forward" in phases


def test_newer_step_replaces_running_one(view, qtbot):
    net = build(view, "2-2-2")
    view.setAnimationSpeed(6.0)
    first, second = make_step(net, seed=1), make_step(net, seed=2)
    view.showStep(first)
    view.showStep(second)
    assert view._state.step is second
    with qtbot.waitSignal(view.sigAnimationFinished, timeout=4000):
        pass
    assert view._state.step is second


def test_a_playing_step_repaints_at_most_about_30_times_a_second(view, qtbot):
    net = build(view, "2-8-8-2")
    view.setAnimationSpeed(0.25)  # one step plays ~5 s: longer than the test
    view.showStep(make_step(net))
    paints = EventCount(view, QEvent.Type.Paint)
    t0 = time.monotonic()
    for k in range(40):  # values, hovers and newer steps every ~10 ms
        view.setParams(net.params())
        view.select(Selection(1, unit=k % 8))
        view.showStep(make_step(net, seed=k))
        qtbot.wait(10)
    elapsed = time.monotonic() - t0
    assert view.isAnimating()
    assert 3 <= paints.n <= 30 * elapsed + 2  # the clock's ticks, not every change
    view.stopAnimation()
    n = paints.n
    view.select(None)  # a still repaints at once again
    qtbot.waitUntil(lambda: paints.n > n, timeout=1000)


def test_animation_disabled_shows_still(view):
    net = build(view, "2-2-2")
    view.setAnimationEnabled(False)
    view.showStep(make_step(net))
    assert not view.isAnimating()
    assert view.currentSegment() is None


def test_show_frame_every_phase(view):
    net = build(view, "2-8-8-2")
    step = make_step(net)
    frames = [("forward", k) for k in range(3)] + [("loss", None)]
    frames += [("backward", k) for k in (2, 1, 0)] + [("update", None)]
    for phase, layer in frames:
        view.showFrame(step, phase, layer)
        seg = view.currentSegment()
        assert (seg.phase, seg.layer) == (phase, layer)
        assert not view.grab().toImage().isNull()
    with pytest.raises(ValueError):
        view.showFrame(step, "sideways", None)


def test_edge_tooltip_matches_engine(view):
    net = build(view, "2-8-8-2")
    step = make_step(net)
    view.setAnimationEnabled(False)
    view.setParams(net.params())
    view.showStep(step)
    for k, j, i in [(0, 3, 1), (1, 5, 2), (1, 2, 5), (2, 1, 7)]:
        tip = view.tooltipAt(view.edgeMidpoint(k, j, i))
        assert f"W{k + 1}[{j}, {i}]" in plain(tip)
        assert value(tip, "W (now)") == pytest.approx(net.layers[k].W[j, i], rel=1e-5)
        assert value(tip, "dW (last step)") == pytest.approx(step.layers[k].dW[j, i], rel=1e-5)
        before, after = step.params_before[k][0][j, i], step.params_after[k][0][j, i]
        assert value(tip, "before update") == pytest.approx(before, rel=1e-5)
        assert value(tip, "after update") == pytest.approx(after, rel=1e-5)
        assert value(tip, "after − before") == pytest.approx(after - before, rel=1e-4, abs=1e-9)


@pytest.mark.parametrize("name", ["2-8-8-2", "784-128-64-10"])
def test_every_drawn_edge_is_found_at_its_midpoint(view, name):
    net = build(view, name)
    for k in range(len(net.layers)):
        es = view.drawnEdges(k)
        for j, i in zip(es.j.tolist(), es.i.tolist(), strict=True):
            assert view.itemAt(view.edgeMidpoint(k, j, i)) == Selection(k, weight=(j, i))


def test_node_and_output_tooltips(view):
    net = build(view, "2-8-8-2")
    x = np.array([0.3, -0.7])
    za = net.forward_all(x[None, :])
    view.showForward(x, [a[0] for _, a in za], [z[0] for z, _ in za])
    tip = view.tooltipAt(view.nodeCenter(0, 4))
    assert value(tip, "a = tanh(z)") == pytest.approx(za[0][1][0, 4], rel=1e-5)
    assert value(tip, "bias b") == pytest.approx(net.layers[0].b[4], abs=1e-9)
    out = view.tooltipAt(view.nodeCenter(2, 1))
    assert value(out, "logit z") == pytest.approx(za[2][0][0, 1], rel=1e-5)
    assert value(out, "probability p") == pytest.approx(za[2][1][0, 1], rel=1e-5)
    assert view.tooltipAt(QPointF(3, view.height() / 2)) == ""


def test_input_tile_tooltip_and_first_layer_picture(view):
    net = build(view, "784-128-64-10")
    x = np.zeros(784)
    x[14 * 28 + 10] = 0.75
    view.showForward(x, [a[0] for _, a in net.forward_all(x[None, :])])
    tip = view.tooltipAt(view.nodeCenter(-1, 14 * 28 + 10))
    assert "pixel (14, 10)" in plain(tip)
    assert value(tip, f"x{14 * 28 + 10}") == pytest.approx(0.75)
    col = net.layers[0].W[:, 14 * 28 + 10]
    j = int(np.argmax(np.abs(col)))
    assert value(tip, f"W1[{j}, {14 * 28 + 10}]") == pytest.approx(col[j], rel=1e-5)
    hidden = view.tooltipAt(view.nodeCenter(0, 7))
    assert "data:image/png;base64," in hidden
    es = view.drawnEdges(0)
    for m in (0, len(es) // 2, len(es) - 1):
        j, i = int(es.j[m]), int(es.i[m])
        tip = view.tooltipAt(view.edgeMidpoint(0, j, i))
        assert f"W1[{j}, {i}]" in plain(tip)
        assert value(tip, "W (now)") == pytest.approx(net.layers[0].W[j, i], rel=1e-5)


def test_click_selects_and_emits(view, qtbot):
    build(view, "2-8-8-2")
    c = view.nodeCenter(1, 2)
    with qtbot.waitSignal(view.sigSelectionChanged, timeout=1000) as sig:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=c.toPoint())
    assert sig.args == [Selection(1, unit=2)]
    assert view.selection() == Selection(1, unit=2)
    e = view.edgeMidpoint(1, 6, 3)
    with qtbot.waitSignal(view.sigSelectionChanged, timeout=1000) as sig:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=e.toPoint())
    assert sig.args == [Selection(1, weight=(6, 3))]
    with qtbot.waitSignal(view.sigSelectionChanged, timeout=1000) as sig:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(3, 200))
    assert sig.args == [None]
    with qtbot.assertNotEmitted(view.sigSelectionChanged):
        view.select(Selection(0, unit=1))
    assert view.selection() == Selection(0, unit=1)


def test_hover_emits_and_focuses(view, qtbot):
    build(view, "2-8-8-2")
    c = view.nodeCenter(1, 5).toPoint()
    with qtbot.waitSignal(view.sigHovered, timeout=1000) as sig:
        qtbot.mouseMove(view, c)
    assert sig.args == [Selection(1, unit=5)]
    view.grab()  # paints the focus (dimmed edges, the unit's strongest links)
    with qtbot.waitSignal(view.sigHovered, timeout=1000) as sig:
        qtbot.mouseMove(view, QPoint(3, 300))
    assert sig.args == [None]


def test_top_k_limits_drawn_input_edges(view):
    net = build(view, "784-128-64-10")
    assert len(view.drawnEdges(0)) == DEFAULT_TOP_K
    view.setTopK(50)
    es = view.drawnEdges(0)
    assert len(es) == 50
    W = np.abs(net.layers[0].W)
    drawn = np.zeros_like(W, dtype=bool)
    drawn[es.j, es.i] = True
    assert W[drawn].min() >= W[~drawn].max()
    assert len(view.drawnEdges(1)) == 2 * (128 + 64)  # 8192 edges: only the strongest
    assert len(view.drawnEdges(2)) == 640  # small enough: all of them
    view.grab()


def test_show_forward_is_cheap_and_keeps_edge_cache(view):
    net = build(view, "784-128-64-10")
    view.grab()
    builds = view.edgeLayerBuilds()
    rng = np.random.default_rng(0)
    times = []
    for _ in range(10):
        x = rng.uniform(0, 1, 784)
        za = net.forward_all(x[None, :])
        t = time.perf_counter()
        view.showForward(x, [a[0] for _, a in za], [z[0] for z, _ in za])
        view.repaint()
        times.append(time.perf_counter() - t)
    assert view.edgeLayerBuilds() == builds
    assert np.median(times) < 0.05  # ~2 ms here; generous for a loaded machine


def test_params_redraw_is_throttled(view, qtbot):
    net = build(view, "2-8-8-2")
    view.grab()
    builds = view.edgeLayerBuilds()
    t0 = time.monotonic()
    for s in range(20):
        net.init_params(seed=s)
        view.setParams(net.params())
        view.repaint()
    elapsed = time.monotonic() - t0
    # at most one rebuild per 0.2 s (plus the first), however often the weights change
    assert view.edgeLayerBuilds() - builds <= 2 + int(elapsed / 0.18)
    assert view.edgeLayerBuilds() - builds < 20
    qtbot.waitUntil(lambda: not view._edges.stale, timeout=2000)
    assert value(view.tooltipAt(view.edgeMidpoint(1, 0, 0)), "W (now)") == pytest.approx(
        net.layers[1].W[0, 0], rel=1e-5
    )


def test_edge_modes(view):
    net = build(view, "2-8-8-2")
    with pytest.raises(ValueError):
        view.setEdgeMode("colours")
    view.setAnimationEnabled(False)
    view.showStep(make_step(net))
    for mode in ("gradients", "updates", "flows", "weights"):
        view.setEdgeMode(mode)
        assert view.edgeMode() == mode
        view.grab()


def test_flows_mode_follows_the_input(view, qtbot):
    net = build(view, "784-128-64-10")
    view.setEdgeMode("flows")
    x = np.zeros(784)
    x[300:340] = 1.0
    view.showForward(x, [a[0] for _, a in net.forward_all(x[None, :])])
    qtbot.waitUntil(lambda: not view._edges.stale, timeout=2000)
    es = view.drawnEdges(0)
    assert set(es.i.tolist()) <= set(range(300, 340))  # only pixels with ink carry w·a


def test_zoom_pan_fit(view, qtbot):
    build(view, "2-8-8-2")
    a, b = view.nodeCenter(0, 0), view.nodeCenter(0, 7)
    d0 = b.y() - a.y()
    view.zoomBy(2.0)
    assert view.nodeCenter(0, 7).y() - view.nodeCenter(0, 0).y() == pytest.approx(2 * d0)
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == 1.0
    qtbot.keyClick(view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() > 1.0
    view.fitView()
    start = QPoint(5, 300)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    for dx in (10, 20, 40):
        qtbot.mouseMove(view, start + QPoint(dx, 0))
        qtbot.wait(15)
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=start + QPoint(40, 0))
    assert view.nodeCenter(0, 0).x() == pytest.approx(a.x() + 35, abs=6)
    view.grab()


def test_theme_switch(view):
    build(view, "2-2-2")

    def bg():
        return QColor(view.grab().toImage().pixel(4, view.height() // 2)).lightness()

    view.setTheme(True)
    assert view.isDark() and bg() < 90
    view.setTheme(False)
    assert not view.isDark() and bg() > 170


def test_export_png_and_svg(view, tmp_path):
    net = build(view, "2-8-8-2")
    view.setAnimationEnabled(False)
    view.showStep(make_step(net))
    png = tmp_path / "net.png"
    view.exportImage(str(png))
    img = QImage(str(png))
    assert img.width() == 2 * view.width() and img.height() == 2 * view.height()
    small = img.scaled(64, 40)
    colours = {small.pixel(x, y) for x in range(64) for y in range(40)}
    assert len(colours) > 10
    svg = tmp_path / "net.svg"
    view.exportImage(str(svg))
    assert "<svg" in svg.read_text()


@pytest.mark.parametrize("size", [(220, 120), (420, 240), (1280, 720)])
def test_small_views_fit_everything(qtbot, size):
    v = NetworkView()
    qtbot.addWidget(v)
    v.setMinimumSize(200, 110)
    v.resize(*size)
    net = make_net([784, 128, 64, 10], "relu")
    v.showFrame(make_step(net), "backward", 1)  # no setArchitecture: taken from the step
    assert v._state.input_shape == (28, 28)
    for layer, n in ((0, 128), (1, 64), (2, 10)):
        for u in (0, n - 1):
            c = v.nodeCenter(layer, u)
            assert 0 <= c.x() <= size[0] and 0 <= c.y() <= size[1]
    assert not v.grab().toImage().isNull()


def test_empty_view_paints(view):
    assert not view.grab().toImage().isNull()
    assert view.tooltipAt(QPointF(10, 10)) == ""


def test_shown_network_is_the_one_given(view):
    assert view.shownNetwork() is None
    net = make_net([2, 8, 8, 2], "tanh")
    view.setNetwork(net)
    assert view.shownNetwork() is net
    net.init_params(seed=3)
    view.setParams(net.params())
    view.setAnimationEnabled(False)
    step = make_step(net)  # trains net in place
    view.setParams(net.params())
    view.showStep(step)  # same architecture: still that network
    assert view.shownNetwork() is net
    tip = view.tooltipAt(view.edgeMidpoint(1, 2, 5))
    assert value(tip, "W (now)") == pytest.approx(net.layers[1].W[2, 5], rel=1e-5)
    view.setArchitecture([2, 3, 2], ["relu", "softmax"])
    assert view.shownNetwork() is None


def test_text_scale_enlarges_text_room_and_units(view):
    build(view, "2-2-2")
    top, r_hit = view.nodeCenter(0, 0), QPointF(0, 22)
    assert view.itemAt(view.nodeCenter(0, 0) + r_hit) is None  # units are 15 px wide
    view.setTextScale(2.0)
    assert view.textScale() == 2.0
    assert view.itemAt(view.nodeCenter(0, 0) + r_hit) == Selection(0, unit=0)
    assert view._scene.font().pointSizeF() == pytest.approx(2 * view.font().pointSizeF())
    assert not view.grab().toImage().isNull()
    view.setTextScale(1.0)
    assert view.nodeCenter(0, 0) == top


def test_text_scale_makes_room_for_captions(view):
    build(view, "2-8-8-2")
    y0 = view.nodeCenter(0, 0).y()
    view.setTextScale(1.5)
    assert view.nodeCenter(0, 0).y() > y0  # two caption lines need more room on top


def test_one_postponable_rebuild_per_frame_and_a_scrub_redraws_all(view, qtbot, monkeypatch):
    from nnviz.ui.common import frame_budget

    monkeypatch.setattr(frame_budget, "claimed", lambda: False)  # no other view paints
    net = build(view, "2-8-8-2")
    view.grab()
    edges, nodes = view._edges, view._nodes
    qtbot.wait(int(1000 * edges.interval()) + 20)  # the edge layer may rebuild again
    net.init_params(seed=3)
    view.setParams(net.params())  # edges and units both changed, neither must redraw now
    assert edges.due() is False and nodes.due(["act"] * 4) is False
    builds = edges.builds
    view.repaint()
    first = (edges.builds - builds, nodes._key[1] == nodes.version)
    assert sorted(first) == [0, 1]  # one of the two redrew, the other waits
    view.repaint()
    assert edges.builds - builds == 1 and nodes._key[1] == nodes.version
    net.init_params(seed=4)
    view.setParams(net.params(), now=True)  # a scrub: everything in the next paint
    builds = edges.builds
    view.repaint()
    assert edges.builds == builds + 1 and nodes._key[1] == nodes.version


def new_weights_as_if_large(view, qtbot, monkeypatch, split: str):
    """A drawn 2-8-8-2 network gets new weights, its edge layer's `split` threshold set
    so that it behaves as for a large network; returns the edge layer."""
    from nnviz.ui.netview import edge_layer

    net = build(view, "2-8-8-2")  # three layers of edges
    view.grab()
    edges = view._edges
    qtbot.wait(int(1000 * edges.interval()) + 20)  # the edge layer may rebuild again
    monkeypatch.setattr(edge_layer, split, -1.0)
    net.init_params(seed=3)
    view.setParams(net.params())
    return edges


def test_edges_slow_to_choose_are_drawn_a_frame_later(view, qtbot, monkeypatch):
    edges = new_weights_as_if_large(view, qtbot, monkeypatch, "SPLIT_S")
    builds = edges.builds
    for _ in range(3):  # the units redraw in one of these frames
        if not edges._data_dirty:
            break
        view.repaint()
    assert edges.builds == builds and not edges._data_dirty  # chosen, not drawn yet
    view.repaint()
    view.repaint()
    assert edges.builds == builds + 1  # drawn in a following frame


def test_a_rebuild_that_does_not_fit_in_a_long_pause_waits(view, monkeypatch):
    from nnviz.ui.common import frame_budget
    from nnviz.ui.netview.state import Segment

    build(view, "2-8-8-2")
    view.grab()
    scene, seg = view._scene, Segment("forward", 0, 0.5)
    monkeypatch.setattr(frame_budget, "claimed", lambda: False)
    monkeypatch.setattr(scene._overlays, "due", lambda *_: False)  # new flows could wait
    monkeypatch.setattr(scene._nodes, "due", lambda *_: None)
    monkeypatch.setattr(scene._edges, "due", lambda: None)
    scene._overlays.render_s = 0.015
    monkeypatch.setattr(frame_budget, "pause_elapsed", lambda: 0.005)  # a short pause
    assert scene._rebuilds(seg, 0, [], False)[0] is True
    monkeypatch.setattr(frame_budget, "pause_elapsed", lambda: 0.015)  # a long one
    waits = [scene._rebuilds(seg, 0, [], False)[0] for _ in range(frame_budget.MAX_WAITS + 1)]
    assert waits == [False] * frame_budget.MAX_WAITS + [True]  # never waits for ever
    assert frame_budget.fits(0.005) and not frame_budget.fits(0.010)


def test_a_slow_edge_picture_is_drawn_a_layer_per_frame(view, qtbot, monkeypatch):
    from nnviz.ui.common import frame_budget

    monkeypatch.setattr(frame_budget, "claimed", lambda: False)
    edges = new_weights_as_if_large(view, qtbot, monkeypatch, "SPLIT_BUILD_S")
    builds, shown = edges.builds, edges._cache
    frames = 0
    while edges.builds == builds and frames < 12:
        view.repaint()
        frames += 1
        if edges.builds == builds:
            assert edges._cache is shown  # the old picture stays until the new one is whole
    assert edges.builds == builds + 1 and frames >= 3
