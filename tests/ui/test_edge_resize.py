"""A burst of resizes (a workspace switch) costs one rebuild of the edge picture."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

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
