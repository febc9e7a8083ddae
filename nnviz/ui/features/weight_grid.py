"""First-layer weights as pictures: one 28x28 tile per hidden neuron, in one image.

Tile j shows W_1[j, :] reshaped to the input image: orange where ink excites the
neuron (w > 0), blue where it inhibits it (w < 0), each tile scaled by its own
max |w|. The whole grid is built in NumPy and drawn as a single ImageItem, so it
can follow training at a few updates a second for hundreds of neurons.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import QGraphicsRectItem, QHBoxLayout, QLabel, QVBoxLayout, QWidget

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph uses it

from nnviz.ui.common import colors
from nnviz.ui.plots.theme import is_palette_change, mix, theme_colors

GAP = 2  # pixels between tiles
CAPTION = (
    "<b>What each first-layer neuron looks for.</b> Every tile is one neuron's 784 "
    "incoming weights laid out as the 28×28 input: <span style='color:{pos}'>orange</span>"
    " pixels raise its activation where there is ink, <span style='color:{neg}'>blue</span>"
    " pixels lower it (each tile scaled to its own largest |w|)."
)


def tile_layout(n: int, aspect: float = 1.0) -> tuple[int, int]:
    """(rows, cols) for n tiles filling a view of width/height `aspect`."""
    if n <= 0:
        return 0, 0
    cols = max(1, min(n, math.ceil(math.sqrt(n * max(aspect, 0.05)))))
    return math.ceil(n / cols), cols


def weight_tiles(
    W: np.ndarray, side: int, rows: int, cols: int, lut: np.ndarray, bg: tuple[int, int, int]
) -> np.ndarray:
    """RGB uint8 image (rows*(side+GAP), cols*(side+GAP), 3) of the rows of W (n, side^2),
    row j scaled by max_i |W[j, i]| into the diverging `lut`."""
    n = W.shape[0]
    W = np.nan_to_num(np.asarray(W, dtype=np.float32), nan=0.0, posinf=0.0, neginf=0.0)
    scale = np.abs(W).max(axis=1, keepdims=True)
    scale[scale == 0] = 1.0
    idx = W / scale
    idx += 1.0
    idx *= 127.5
    idx = np.rint(idx, out=idx).astype(np.uint8)
    rgb = lut[idx.reshape(n, side, side)]  # (n, side, side, 3)
    step = side + GAP
    blocks = np.empty((rows, step, cols, step, 3), dtype=np.uint8)
    blocks[...] = bg
    full = np.empty((rows * cols, side, side, 3), dtype=np.uint8)
    full[:n] = rgb
    full[n:] = bg
    blocks[:, :side, :, :side] = full.reshape(rows, cols, side, side, 3).transpose(0, 2, 1, 3, 4)
    return blocks.reshape(rows * step, cols * step, 3)


def legend_pixmap(lut: np.ndarray, width: int = 120, height: int = 10) -> QPixmap:
    """A horizontal bar of the colour map from -max|w| to +max|w|."""
    row = lut[np.linspace(0, 255, width).astype(np.intp)]
    img = np.ascontiguousarray(np.broadcast_to(row, (height, width, 3)))
    q = QImage(img.data, width, height, 3 * width, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(q.copy())


class WeightGrid(QWidget):
    """A picture of every first-hidden neuron's incoming weights (inputs of 28x28)."""

    sigNeuronClicked = Signal(int)
    sigNeuronHovered = Signal(object)  # int or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._W: np.ndarray | None = None
        self._side = 28
        self._shape = (0, 0)  # rows, cols
        self._img: np.ndarray | None = None
        self._selected: int | None = None
        self._hovered: int | None = None

        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        self.legendBar = QLabel()
        self.legendBar.setToolTip("Colour of a weight relative to its tile's largest |w|")
        legend = QHBoxLayout()
        legend.setContentsMargins(0, 0, 0, 0)
        for w in (QLabel("−max |w|"), self.legendBar, QLabel("+max |w|")):
            legend.addWidget(w)
        legend.addStretch(1)

        self.view = pg.GraphicsView()
        self.vb = pg.ViewBox(lockAspect=True, invertY=True, enableMenu=False)
        self.view.setCentralItem(self.vb)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.vb.addItem(self.image)
        self.hoverBox = QGraphicsRectItem()
        self.selectBox = QGraphicsRectItem()
        for box in (self.hoverBox, self.selectBox):
            box.setZValue(10)
            box.hide()
            self.vb.addItem(box, ignoreBounds=True)
        self.view.setToolTip(
            "Hover a tile to see its neuron; click to select it; "
            "scroll to zoom, drag to pan, double-click to fit"
        )
        self.status = QLabel("No network yet")
        self.status.setToolTip("The neuron under the mouse")

        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.caption)
        lay.addLayout(legend)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.status)
        scene = self.view.scene()
        scene.sigMouseMoved.connect(self._mouseMoved)
        scene.sigMouseClicked.connect(self._mouseClicked)
        self.setTheme(None)

    # ------------------------------------------------------------ API

    def setWeights(self, W0: np.ndarray) -> None:
        """Show W0 of shape (n_hidden, side^2), e.g. (128, 784): one tile per row."""
        W0 = np.asarray(W0)
        if W0.ndim != 2:
            raise ValueError(f"expected first-layer weights (n_hidden, n_in), got {W0.shape}")
        side = math.isqrt(W0.shape[1])
        if side * side != W0.shape[1] or side < 2:
            self._W = None
            self.image.clear()
            self.status.setText(
                f"Weight pictures need square image inputs (28×28); this network has "
                f"{W0.shape[1]} inputs."
            )
            return
        first = self._W is None or self._W.shape != W0.shape
        self._W, self._side = W0, side
        self._render(refit=first)
        if first and self._hovered is None:
            self.status.setText(f"{W0.shape[0]} neurons — hover a tile to see which")

    def setSelectedNeuron(self, j: int | None) -> None:
        """Outline neuron j (None: no outline); does not emit."""
        self._selected = j
        self._placeBox(self.selectBox, j)

    def image_array(self) -> np.ndarray | None:
        """The RGB image currently shown (rows*30, cols*30, 3), or None."""
        return self._img

    def gridShape(self) -> tuple[int, int]:
        return self._shape

    def neuronAt(self, x: float, y: float) -> int | None:
        """Neuron index at image pixel coordinates (x right, y down), or None (gap/outside)."""
        if self._W is None:
            return None
        step = self._side + GAP
        if x < 0 or y < 0:
            return None
        c, r = int(x // step), int(y // step)
        if x - c * step >= self._side or y - r * step >= self._side:
            return None
        rows, cols = self._shape
        j = r * cols + c
        return j if r < rows and c < cols and j < self._W.shape[0] else None

    def setTheme(self, dark: bool | None = None) -> None:
        """Light or dark colours (None: follow the palette)."""
        self._dark, bg, fg = theme_colors(self, dark)
        self._bg = bg
        self._lut = colors.diverging(light=not self._dark)
        self.view.setBackground(bg)
        self.legendBar.setPixmap(legend_pixmap(self._lut))
        ink = QColor(255, 255, 255) if self._dark else QColor(0, 0, 0)
        pos, neg = (mix(c, ink, 0.75).name() for c in (colors.ORANGE, colors.BLUE))
        self.caption.setText(CAPTION.format(pos=pos, neg=neg))
        self.hoverBox.setPen(pg.mkPen(mix((fg.red(), fg.green(), fg.blue()), bg, 0.7), width=1.5))
        self.selectBox.setPen(pg.mkPen(QColor(*colors.GREEN), width=2.5))
        if self._W is not None:
            self._render(refit=False)

    # ------------------------------------------------------------ drawing

    def _render(self, refit: bool) -> None:
        assert self._W is not None
        n = self._W.shape[0]
        vw, vh = max(self.view.width(), 1), max(self.view.height(), 1)
        shape = tile_layout(n, vw / vh)
        refit = refit or shape != self._shape
        self._shape = shape
        bg = (self._bg.red(), self._bg.green(), self._bg.blue())
        self._img = weight_tiles(self._W, self._side, *shape, self._lut, bg)
        self.image.setImage(self._img, autoLevels=False, levels=(0, 255))
        if refit:
            self.vb.autoRange(padding=0.01)
            self._placeBox(self.selectBox, self._selected)
            self._placeBox(self.hoverBox, self._hovered)

    def _placeBox(self, box: QGraphicsRectItem, j: int | None) -> None:
        cols = self._shape[1]
        if j is None or self._W is None or not 0 <= j < self._W.shape[0]:
            box.hide()
            return
        step = self._side + GAP
        r, c = divmod(j, cols)
        box.setRect(QRectF(c * step - 1, r * step - 1, self._side + 2, self._side + 2))
        box.show()

    def changeEvent(self, event: QEvent) -> None:
        if is_palette_change(event):
            self.setTheme(None)
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._W is not None:
            n = self._W.shape[0]
            if tile_layout(n, self.view.width() / max(self.view.height(), 1)) != self._shape:
                self._render(refit=True)

    @Slot(object)
    def _mouseMoved(self, pos: QPointF) -> None:
        p = self.vb.mapSceneToView(pos)
        j = self.neuronAt(p.x(), p.y()) if self.vb.sceneBoundingRect().contains(pos) else None
        if j == self._hovered:
            return
        self._hovered = j
        self._placeBox(self.hoverBox, j)
        if j is not None and self._W is not None:
            wmax = float(np.abs(self._W[j]).max())
            self.status.setText(f"Neuron {j} of layer 1 — max |w| = {wmax:.3g}; click to select")
        self.sigNeuronHovered.emit(j)

    @Slot(object)
    def _mouseClicked(self, ev) -> None:
        if ev.double():
            self.vb.autoRange(padding=0.01)
            return
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        p = self.vb.mapSceneToView(ev.scenePos())
        j = self.neuronAt(p.x(), p.y())
        if j is not None:
            self.setSelectedNeuron(j)
            self.sigNeuronClicked.emit(j)
