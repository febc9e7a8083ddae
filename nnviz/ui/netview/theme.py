"""Colours of the network view: palette colours for chrome, LUTs for data."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtGui import QColor, QImage, QPalette

from nnviz.ui.common import colors


def is_dark(palette: QPalette) -> bool:
    """True when the palette's base colour is darker than its text colour."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    return base.lightness() < text.lightness()


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """(1 - t) * a + t * b, opaque."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


@dataclass(frozen=True)
class Theme:
    dark: bool
    bg: QColor
    text: QColor
    faint: QColor  # secondary text, outlines
    band: QColor  # background of the active-layer band
    highlight: QColor
    weights: np.ndarray  # diverging LUT: weights, w*a, updates
    grads: np.ndarray  # gradient LUT
    acts: np.ndarray  # sequential LUT: activations
    boxed: bool = False  # put text on backdrops (set while zoomed or panned)

    @property
    def rgb_bg(self) -> tuple[int, int, int]:
        return (self.bg.red(), self.bg.green(), self.bg.blue())

    def lut(self, name: str) -> np.ndarray:
        """The LUT called "weights", "grads" or (anything else) "acts"."""
        return {"weights": self.weights, "grads": self.grads}.get(name, self.acts)

    @classmethod
    def from_palette(cls, palette: QPalette, dark: bool | None = None) -> Theme:
        dark = is_dark(palette) if dark is None else dark
        bg = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        if dark == (bg.lightness() > text.lightness()):
            # the caller asked for the other theme than the palette has: use neutral greys
            bg, text = (
                (QColor(30, 31, 35), QColor(225, 226, 230))
                if dark
                else (
                    QColor(255, 255, 255),
                    QColor(30, 30, 30),
                )
            )
        light = not dark
        hl = palette.color(QPalette.ColorRole.Highlight)
        if abs(hl.lightness() - bg.lightness()) < 60:
            hl = QColor(20, 120, 220) if light else QColor(90, 170, 255)
        return cls(
            dark=dark,
            bg=bg,
            text=text,
            faint=mix(bg, text, 0.45),
            band=mix(bg, hl, 0.10),
            highlight=hl,
            weights=colors.diverging(light),
            grads=colors.gradient_map(light),
            acts=colors.sequential(light),
        )


def lut_color(lut: np.ndarray, idx: int) -> QColor:
    r, g, b = lut[min(max(int(idx), 0), 255)].tolist()
    return QColor(r, g, b)


def rgb_image(rgb: np.ndarray) -> QImage:
    """A QImage owning a copy of an (h, w, 3) uint8 array."""
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    h, w, _ = rgb.shape
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def lut_bar(lut: np.ndarray, width: int = 96, height: int = 8) -> QImage:
    """A horizontal colour bar of the whole LUT."""
    idx = np.linspace(0, 255, width).round().astype(np.intp)
    return rgb_image(np.repeat(lut[idx][None, :, :], height, axis=0))
