"""Names of the input units in the network view: which get a label, and where."""

from __future__ import annotations

import itertools

import numpy as np
from PySide6.QtGui import QImage, QPainter

from nnviz.engine import Network
from nnviz.ui.netview.input_labels import label_order, paint_input_labels, place
from nnviz.ui.netview.view import NetworkView


def test_label_order_puts_words_present_first_then_strength():
    strength = np.array([0.1, 0.9, 0.5, 0.7])
    x = np.array([1.0, 0.0, 1.0, 0.0])
    assert label_order(strength, x, 4).tolist() == [2, 0, 1, 3]
    assert label_order(strength, None, 4).tolist() == [1, 3, 2, 0]
    assert label_order(None, None, 3).tolist() == [0, 1, 2]


def test_place_fills_slots_without_overlap_first_come_first_served():
    ys = np.array([5.0, 6.0, 25.0, 95.0, 200.0])  # 0 and 1 share the first slot
    got = place(ys, np.array([1, 0, 2, 3, 4]), 10.0, 0.0, 100.0)
    assert set(got) == {1, 2, 3}  # 0 lost its slot to 1; 4 is below the bottom
    assert got[1] == 5.0 and got[2] == 25.0 and got[3] == 95.0  # slot centres
    ys_sorted = sorted(got.values())
    assert all(b - a >= 10.0 for a, b in itertools.pairwise(ys_sorted))
    assert place(ys, np.arange(5), 10.0, 0.0, 5.0) == {}


def test_view_with_names_makes_room_and_paints_them(qtbot):
    view = NetworkView()
    qtbot.addWidget(view)
    view.resize(1000, 600)
    net = Network([30, 4, 2], activation="relu", seed=0)
    view.setNetwork(net)
    left_before = view.nodeCenter(-1, 0).x()
    names = [f"word{i}" for i in range(30)]
    view.setInputNames(names)
    assert view.inputNames() == names
    assert view.nodeCenter(-1, 0).x() > left_before + 20  # room for the words
    x = np.zeros(30)
    x[[3, 7]] = 1
    layers = net.forward_all(x)
    view.showForward(x, [a[0] for _, a in layers], [z[0] for z, _ in layers])
    img = QImage(1000, 600, QImage.Format.Format_ARGB32)
    p = QPainter(img)
    pos = np.array([[view.nodeCenter(-1, i).x(), view.nodeCenter(-1, i).y()] for i in range(30)])
    shown = paint_input_labels(
        p, pos, 4.0, pos[:, 0].min() - 6, names, None, x, view._scene.theme, (0.0, 600.0)
    )
    p.end()
    assert {3, 7} <= set(shown)
    view.grab()  # paints without error
