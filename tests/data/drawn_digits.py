"""Synthetic hand-drawn digits: thick polylines on a 280x280 canvas, like the draw pad.

Shapes are sketched in unit coordinates (x right, y down); `drawn_digit` jitters the
points, tilts the whole figure, strokes it with a round pen and returns the canvas.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

CANVAS = 280
Stroke = list[tuple[float, float]]


def _arc(cx: float, cy: float, rx: float, ry: float, a0: float, a1: float, n: int = 24) -> Stroke:
    """Points on an ellipse from angle a0 to a1 (degrees, 0 = right, 90 = down)."""
    t = np.deg2rad(np.linspace(a0, a1, n))
    return [(cx + rx * np.cos(a), cy + ry * np.sin(a)) for a in t]


SHAPES: dict[int, list[Stroke]] = {
    0: [_arc(0.5, 0.5, 0.26, 0.4, -90, 275, 40)],
    1: [[(0.4, 0.22), (0.55, 0.1), (0.53, 0.9)]],
    2: [[*_arc(0.5, 0.32, 0.25, 0.22, 190, 380), (0.22, 0.88), (0.8, 0.88)]],
    3: [_arc(0.48, 0.3, 0.24, 0.2, 210, 450) + _arc(0.48, 0.69, 0.27, 0.21, -90, 150)],
    4: [[(0.58, 0.1), (0.2, 0.62), (0.82, 0.62)], [(0.64, 0.35), (0.62, 0.92)]],
    5: [[(0.75, 0.1), (0.32, 0.1), (0.29, 0.45), *_arc(0.48, 0.64, 0.26, 0.22, -120, 145)]],
    6: [[(0.68, 0.1), (0.45, 0.25), *_arc(0.5, 0.66, 0.24, 0.24, 210, 560, 40)]],
    7: [[(0.2, 0.12), (0.8, 0.12), (0.42, 0.9)]],
    8: [_arc(0.5, 0.28, 0.2, 0.18, 90, 450, 32), _arc(0.5, 0.7, 0.25, 0.22, -90, 270, 32)],
    9: [[*_arc(0.48, 0.32, 0.23, 0.21, 0, 360, 32), (0.71, 0.32), (0.66, 0.9)]],
}


VARIANTS: dict[int, list[Stroke]] = {
    1: [[(0.5, 0.1), (0.5, 0.9)]],
    2: [
        [*_arc(0.5, 0.3, 0.24, 0.2, 180, 400), *_arc(0.3, 0.8, 0.08, 0.08, 270, 630, 16)],
        [(0.3, 0.72), (0.8, 0.9)],
    ],
    4: [[(0.65, 0.1), (0.2, 0.6), (0.8, 0.6)], [(0.65, 0.1), (0.65, 0.92)]],
    7: [[(0.2, 0.12), (0.8, 0.12), (0.42, 0.9)], [(0.35, 0.5), (0.72, 0.5)]],
    9: [_arc(0.5, 0.3, 0.22, 0.2, 0, 360, 32) + _arc(0.45, 0.6, 0.27, 0.32, 0, 100)],
}
"""Other ways people write some digits: a plain 1, a looped 2, a closed 4, a crossed 7, a
curved 9."""


def drawn_digit(
    digit: int,
    width: float = 20.0,
    seed: int | None = None,
    tilt: float = 0.0,
    variant: bool = False,
    aspect: float = 1.0,
    size: float = 0.8,
) -> np.ndarray:
    """A 280x280 float32 canvas (ink 1.0) with `digit` drawn at pen `width` pixels.

    `seed` adds up to ~2% wobble to every point; `tilt` rotates by that many degrees;
    `variant` uses the alternative shape from VARIANTS if there is one; `aspect` scales
    the width of the figure; `size` is its height as a fraction of the canvas (a small
    digit drawn with a wide pen has heavy strokes once scaled to MNIST size).
    """
    rng = np.random.default_rng(seed)
    img = Image.new("L", (CANVAS, CANVAS), 0)
    pen = ImageDraw.Draw(img)
    c, s = np.cos(np.deg2rad(tilt)), np.sin(np.deg2rad(tilt))
    shape = VARIANTS.get(digit, SHAPES[digit]) if variant else SHAPES[digit]
    for stroke in shape:
        p = np.array(stroke) - 0.5
        if seed is not None:
            p += rng.normal(0, 0.01, p.shape)
        p[:, 0] *= aspect
        p = p @ np.array([[c, s], [-s, c]])
        xy = [(float(x), float(y)) for x, y in (p * size + 0.5) * CANVAS]
        pen.line(xy, fill=255, width=round(width), joint="curve")
        r = width / 2
        for x, y in (xy[0], xy[-1]):
            pen.ellipse((x - r, y - r, x + r, y + r), fill=255)
    return np.asarray(img, np.float32) / 255
