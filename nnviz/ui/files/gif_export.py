"""An animated GIF of N training steps, drawn by the network view (Pillow, no ffmpeg).

The steps run on a float64 copy of the current network, so recording never changes
the session: each step is `step_in_place(net, x, y, opt)` on the next training sample, and
each frame is `networkView.grab()` after `showFrame(step, phase, layer)`. Frames are
made one timer tick at a time (the window stays responsive, Cancel works); encoding
runs in a worker thread.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox, QWidget

from nnviz.app.stepper import step_in_place
from nnviz.teach.frames import frames as step_frames
from nnviz.teach.frames import timeline
from nnviz.ui.common.host import ExportHost
from nnviz.util import atomic_path


@dataclass
class GifOptions:
    steps: int = 20
    phases: bool = True  # every phase of each step (forward, loss, backward, update)
    frame_ms: int = 150  # display time of one frame
    max_width: int = 800  # frames wider than this are scaled down


def qimage_to_array(image: QImage) -> np.ndarray:
    """(h, w, 3) uint8 RGB copy of a QImage."""
    img = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, bpl = img.width(), img.height(), img.bytesPerLine()
    buf = np.frombuffer(img.constBits(), np.uint8, count=h * bpl).reshape(h, bpl)
    return buf[:, : w * 3].reshape(h, w, 3).copy()


def write_gif(path: str | Path, frames: list[np.ndarray], frame_ms: int) -> None:
    """Write RGB frames as a looping GIF (one shared 255-colour palette), atomically."""
    if not frames:
        raise ValueError("no frames to write")
    path = Path(path)
    h, w = frames[0].shape[:2]
    images = [
        Image.fromarray(f) if f.shape[:2] == (h, w) else Image.fromarray(f).resize((w, h))
        for f in frames
    ]
    # One palette for all frames (built from a strip of samples) keeps colours steady.
    step = max(1, len(images) // 8)
    strip = Image.new("RGB", (w, h * len(images[::step])))
    for i, im in enumerate(images[::step]):
        strip.paste(im, (0, i * h))
    palette = strip.quantize(colors=255, method=Image.Quantize.MEDIANCUT)
    indexed = [im.quantize(palette=palette, dither=Image.Dither.NONE) for im in images]
    with atomic_path(path, suffix=".gif") as tmp:
        indexed[0].save(
            tmp,
            format="GIF",
            save_all=True,
            append_images=indexed[1:],
            duration=max(20, int(frame_ms)),
            loop=0,
            disposal=1,
        )


class GifRecorder(QObject):
    """Steps a copy of the window's network and grabs the network view into frames.

    Signals: `sigProgress(done, total)` per frame, `sigFinished(path)` when the file is
    written, `sigFailed(message)` on any problem or on `cancel()`.
    """

    sigProgress = Signal(int, int)
    sigFinished = Signal(str)
    sigFailed = Signal(str)
    _sigEncoded = Signal(str, str)  # path, error ("" when fine): from the encoder thread

    def __init__(self, window: ExportHost, path: str | Path, options: GifOptions | None = None):
        super().__init__(window.window())
        self.window, self.path = window, Path(path)
        self.options = options or GifOptions()
        self.view = window.networkView
        self.frames: list[np.ndarray] = []
        self._todo: list[tuple[int, Any, str, int | None]] = []
        self._net = window.currentNetwork()
        self._opt = window.makeOptimizer()
        self._steps_done = 0
        self._step: Any = None
        self._thread: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)
        self._sigEncoded.connect(self._encoded, Qt.ConnectionType.QueuedConnection)
        self.running = False

    @property
    def total(self) -> int:
        n_frames = len(timeline(len(self._net.layers))) if self.options.phases else 1
        return self.options.steps * n_frames

    def start(self) -> None:
        self.running = True
        self._timer.start()

    @Slot()
    def cancel(self) -> None:
        if self.running:
            self._stop()
            self.sigFailed.emit("cancelled")

    def _stop(self) -> None:
        self._timer.stop()
        self.running = False
        self._restoreView()

    def _restoreView(self) -> None:
        net = self.window.session.network
        if net is not None:
            self.view.setParams(net.params())

    @Slot()
    def _tick(self) -> None:
        try:
            if not self._todo:
                if self._steps_done == self.options.steps:
                    self._timer.stop()
                    self._encode()
                    return
                X, Y = self.window.nextSample()
                self._step = step_in_place(self._net, X, Y, self._opt).step  # on the copy
                self._steps_done += 1
                frames = step_frames(self._step) if self.options.phases else []
                if frames:
                    self._todo = [(self._steps_done, self._step, f.phase, f.layer) for f in frames]
                else:
                    self._todo = [(self._steps_done, self._step, "update", None)]
            _, step, phase, layer = self._todo.pop(0)
            self.view.showFrame(step, phase, layer)
            self.frames.append(self._grab())
            self.sigProgress.emit(len(self.frames), self.total)
        except Exception as e:  # report, never leave a half-done recording running
            self._stop()
            self.sigFailed.emit(f"{type(e).__name__}: {e}")

    def _grab(self) -> np.ndarray:
        image = self.view.grab().toImage()
        if image.width() > self.options.max_width:
            image = image.scaledToWidth(
                self.options.max_width, Qt.TransformationMode.SmoothTransformation
            )
        return qimage_to_array(image)

    def _encode(self) -> None:
        frames, path, ms = self.frames, self.path, self.options.frame_ms

        def run() -> None:
            try:
                write_gif(path, frames, ms)
                self._sigEncoded.emit(str(path), "")
            except Exception as e:
                self._sigEncoded.emit(str(path), f"{type(e).__name__}: {e}")

        self._thread = threading.Thread(target=run, name="gif-encoder", daemon=True)
        self._thread.start()

    @Slot(str, str)
    def _encoded(self, path: str, error: str) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self.running = False
        self._restoreView()
        if error:
            self.sigFailed.emit(error)
        else:
            self.sigFinished.emit(path)


class GifDialog(QDialog):
    """How many steps, which frames, how fast."""

    def __init__(self, parent: QWidget | None, options: GifOptions):
        super().__init__(parent)
        self.setWindowTitle("Animated GIF of training")
        self.steps = QSpinBox()
        self.steps.setRange(1, 500)
        self.steps.setValue(options.steps)
        self.steps.setToolTip("Training steps to record (each on the next training sample)")
        self.phases = QCheckBox("Every phase (forward, loss, backward, update)")
        self.phases.setChecked(options.phases)
        self.phases.setToolTip("Off: one frame per step, showing the update")
        self.frameMs = QSpinBox()
        self.frameMs.setRange(20, 5000)
        self.frameMs.setSuffix(" ms")
        self.frameMs.setValue(options.frame_ms)
        self.frameMs.setToolTip("How long each frame is shown")
        self.width_ = QSpinBox()
        self.width_.setRange(200, 4000)
        self.width_.setSuffix(" px")
        self.width_.setValue(options.max_width)
        self.width_.setToolTip("Wider pictures are scaled down to this width")
        form = QFormLayout(self)
        form.addRow("Steps:", self.steps)
        form.addRow("", self.phases)
        form.addRow("Frame time:", self.frameMs)
        form.addRow("Maximum width:", self.width_)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def options(self) -> GifOptions:
        return GifOptions(
            self.steps.value(), self.phases.isChecked(), self.frameMs.value(), self.width_.value()
        )
