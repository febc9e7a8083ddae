"""A burst of resizes (a workspace switch) costs one rebuild of the edge picture, and
slow rebuilds come less often."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from nnviz.ui.netview.edge_layer import EDGE_DUTY, EDGE_INTERVAL
from nnviz.ui.netview.view import NetworkView


def test_resizes_rebuild_the_edges_once_they_settle(qtbot):
    top = QWidget()
    qtbot.addWidget(top)
    top.resize(1000, 700)
    view = NetworkView(top)  # a child: its resizes arrive at once
    view.resize(900, 600)
    top.show()
    qtbot.waitExposed(top)
    view.setArchitecture([784, 128, 64, 10], ["relu", "relu", "softmax"], (28, 28))
    qtbot.waitUntil(lambda: view.edgeLayerBuilds() > 0 and not view._edges.stale)
    builds = view.edgeLayerBuilds()
    for k in range(8):  # docks shown and hidden one after the other
        view.resize(900 - 40 * k, 600 - 20 * k)
        view.repaint()
    assert view.edgeLayerBuilds() == builds  # the old picture, stretched, meanwhile
    assert view._edges.stale
    qtbot.waitUntil(lambda: not view._edges.stale, timeout=3000)
    assert view.edgeLayerBuilds() == builds + 1


def test_slow_edge_rebuilds_come_less_often(qtbot):
    view = NetworkView()
    qtbot.addWidget(view)
    edges = view._edges
    assert edges.interval() == EDGE_INTERVAL
    edges._build_s = 0.05  # a 50 ms rebuild (a big network on a busy machine)
    assert edges.interval() == pytest.approx(0.05 / EDGE_DUTY)  # 10 % of the time at most
