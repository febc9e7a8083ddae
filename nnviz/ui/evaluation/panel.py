"""The Evaluation panel: what the current network gets right and wrong, and why.

A confusion matrix of the test (or training) split, overall and per-class accuracy,
precision and recall (`nnviz.analysis.evaluate`), a gallery of the samples of the
clicked cell (most confident first) and one sample in detail. The evaluation runs on
a thread over a copy of the network, so even the 10,000 MNIST test digits never stall
the window; it is refreshed after epochs (at most every few seconds), when training
pauses, and on demand.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nnviz.analysis.evaluate import Evaluation, evaluate_network, mistakes
from nnviz.analysis.saliency import saliency, saliency_rgba
from nnviz.data.dataset import Dataset
from nnviz.engine import Network
from nnviz.ui.common.tasks import BackgroundTask
from nnviz.ui.evaluation.controls import EvaluationControls
from nnviz.ui.evaluation.matrix import ConfusionMatrixView, MetricsTable
from nnviz.ui.evaluation.samples import MistakesList, SampleView

BATCH = 1024  # samples per forward pass on the evaluation thread


def split_of(ds: Dataset, split: str) -> tuple[np.ndarray, np.ndarray]:
    """(X, y) of the "test" or "train" split."""
    return (ds.X_test, ds.y_test) if split == "test" else (ds.X_train, ds.y_train)


def sample_texts(ds: Dataset, split: str) -> list[str] | None:
    """Subject and snippet of every e-mail of the split, in the rows' order (spam only)."""
    if ds.kind != "text" or ds.name != "spam":
        return None
    from nnviz.data import load_spam_messages

    train, test = load_spam_messages()
    rows = test if split == "test" else train
    return [f"{m.subject} — {m.snippet}" for m in rows]


class EvaluationPanel(QWidget):
    """`setData(ds)`, `evaluate(net)`; emits sigForward(x), sigStep(index), sigHighlight(X)."""

    sigForward = Signal(object)  # one input row to light the network with
    sigStep = Signal(int)  # "Step on this sample" for sample i of the split
    sigHighlight = Signal(object)  # (k, n_in) inputs of the chosen cell, or None
    sigEvaluated = Signal(object)  # the Evaluation now shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dataset: Dataset | None = None
        self.evaluation: Evaluation | None = None
        self.net: Network | None = None  # the copy that was evaluated
        self.split = "test"
        self.texts: dict[str, list[str] | None] = {}
        self.cell: tuple[int, int] | None = None
        self.sample: int | None = None
        self._task: BackgroundTask | None = None
        self._queued: Network | None = None
        self.link: Any = None  # the window's EvaluationLink, once installed

        controls = EvaluationControls()
        self.controls = controls
        self.splitBox, self.autoCheck = controls.splitBox, controls.autoCheck
        self.countsButton, self.percentButton = controls.countsButton, controls.percentButton
        self.refreshButton, self.exportButton = controls.refreshButton, controls.exportButton
        self.csvAction, self.pngAction = controls.csvAction, controls.pngAction
        self.splitBox.currentIndexChanged.connect(self._splitChanged)
        self.percentButton.toggled.connect(lambda on: self.matrix.showPercent(on))

        self.summary = QLabel("Not evaluated yet")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.matrix = ConfusionMatrixView()
        self.matrix.sigCellClicked.connect(self.showCell)
        self.table = MetricsTable()
        self.table.cellClicked.connect(lambda r, _c: self.showCell(r, r))
        self.cellTitle = QLabel("Click a cell to see its samples")
        self.cellTitle.setWordWrap(True)
        self.gallery = MistakesList()
        self.gallery.sigSampleClicked.connect(self.showSample)
        self.sampleView = SampleView()
        self.sampleView.sigStep.connect(self._step)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(controls)
        ll.addWidget(self.summary)
        ll.addWidget(self.matrix, 1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.cellTitle)
        rl.addWidget(self.gallery, 1)
        rl.addWidget(self.sampleView)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for w, stretch in ((left, 5), (self.table, 0), (right, 4)):
            self.splitter.addWidget(w)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self._sized = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.splitter, 1)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if not self._sized and self.splitter.width() > 300:  # the first real size
            self._sized = True
            total = self.splitter.width() - 2 * self.splitter.handleWidth()
            table = min(self.table.sizeHint().width(), 190)
            left = int((total - table) * 0.55)
            self.splitter.setSizes([left, table, total - table - left])

    # ------------------------------------------------------------ evaluating

    def setData(self, ds: Dataset | None) -> None:
        """A new dataset: forget the evaluation (the next one comes with the network)."""
        self.dataset = ds
        self.texts = {}
        self.evaluation = self.net = None
        self.cell = self.sample = None
        self.matrix.setMatrix(np.zeros((0, 0), np.int64), ())
        self.table.setRowCount(0)
        self.gallery.setSamples("points", np.zeros(0, np.int64), np.zeros(0), np.zeros((0, 0)))
        self.sampleView.clear()
        ok = ds is not None and not ds.regression
        self.summary.setText("Not evaluated yet" if ok else "Classification data only")
        for w in (self.refreshButton, self.splitBox, self.exportButton):
            w.setEnabled(ok)
        self.sigHighlight.emit(None)

    @property
    def busy(self) -> bool:
        return self._task is not None

    def evaluate(self, net: Network | None) -> bool:
        """Evaluate a copy of `net` on the chosen split on a thread (queued while one
        runs); False when there is nothing to evaluate."""
        ds = self.dataset
        if net is None or ds is None or ds.regression or net.sizes[0] != ds.n_features:
            return False
        if self._task is not None:
            self._queued = net
            return True
        net = net.copy()
        split, names = self.split, tuple(ds.class_names)
        X, y = split_of(ds, split)
        need_texts = split not in self.texts

        def job(progress: Any) -> tuple[Evaluation, Network, str, Any]:
            ev = evaluate_network(net, X, y, names, batch=BATCH)
            return ev, net, split, sample_texts(ds, split) if need_texts else None

        self.refreshButton.setText("Evaluating…")
        self._task = BackgroundTask(job, "evaluate")
        self._task.sigDone.connect(self._done)
        self._task.sigFailed.connect(self._failed)
        self._task.start()
        return True

    @Slot(object)
    def _done(self, result: tuple[Evaluation, Network, str, Any]) -> None:
        ev, net, split, texts = result
        self._task = None
        self.refreshButton.setText("Evaluate now")
        if texts is not None:
            self.texts[split] = texts
        if split == self.split and self.dataset is not None:
            self.texts.setdefault(split, None)
            self.showEvaluation(ev, net)
        queued, self._queued = self._queued, None
        if queued is not None:
            self.evaluate(queued)

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._task = None
        self.refreshButton.setText("Evaluate now")
        self.summary.setText(f"Evaluation failed: {message}")

    def showEvaluation(self, ev: Evaluation, net: Network) -> None:
        """Show an evaluation (and keep the chosen cell and sample)."""
        self.evaluation, self.net = ev, net
        self.matrix.setMatrix(ev.matrix, ev.classes)
        self.summary.setText(
            f"<b>{ev.accuracy:.2%}</b> right on {ev.n:,} {self.split} samples "
            f"(loss {ev.loss:.4f}); {ev.n - int(np.trace(ev.matrix)):,} mistakes"
        )
        self.table.setEvaluation(ev)
        if self.cell is not None:
            self.showCell(*self.cell, keep_sample=True)
        self.sigEvaluated.emit(ev)

    @Slot(int)
    def _splitChanged(self, k: int) -> None:
        self.split = str(self.splitBox.itemData(k))
        net = self.net
        self.evaluation = None
        self.cell = self.sample = None
        self.sampleView.clear()
        self.evaluate(net)

    # ------------------------------------------------------------ cells and samples

    @Slot(int, int)
    def showCell(self, true: int, pred: int, keep_sample: bool = False) -> None:
        """Fill the gallery with the samples of cell (true, pred), most confident first."""
        ev, ds = self.evaluation, self.dataset
        if ev is None or ds is None or not (0 <= true < ev.n_classes and 0 <= pred < ev.n_classes):
            return
        self.cell = (true, pred)
        self.matrix.select(true, pred)
        idx = mistakes(ev, true, pred)
        X, _ = split_of(ds, self.split)
        kind = ds.kind if ds.kind in ("image", "text") else "points"
        texts = self.texts.get(self.split) if kind == "text" else None
        self.gallery.setSamples(kind, idx, ev.confidence, X, texts, ds.features)
        what = "right" if true == pred else "mistaken"
        t, p = ev.classes[true], ev.classes[pred]
        k = len(self.gallery.indices)
        shown = f" (the first {k})" if len(idx) > k else ""
        self.cellTitle.setText(
            f"True {t}, predicted {p}: {len(idx)} {what}{shown}, most confident first"
        )
        self.sigHighlight.emit(X[idx] if ds.n_features == 2 else None)
        if keep_sample and self.sample is not None and self.sample in set(idx.tolist()):
            self.showSample(self.sample)
        elif not keep_sample:
            self.sample = None
            self.sampleView.clear()

    @Slot(int)
    def showSample(self, i: int) -> None:
        """Show sample i of the split: probabilities, saliency, and the lit network."""
        ev, ds, net = self.evaluation, self.dataset, self.net
        if ev is None or ds is None or net is None or not 0 <= i < ev.n:
            return
        self.sample = i
        X, _ = split_of(ds, self.split)
        x = np.asarray(X[i])
        image = overlay = None
        pred = int(ev.y_pred[i])
        if ds.kind == "image" and x.size == 784:
            image = x
            if pred < net.sizes[-1]:
                g = saliency(net, x, pred)
                overlay = saliency_rgba(g.reshape(28, 28), 0.8)
        texts = self.texts.get(self.split)
        text = texts[i] if texts is not None and i < len(texts) else ""
        true = int(ev.y_true[i])
        self.sampleView.show_sample(i, ev.probs[i], ev.classes, true, image, overlay, text)
        self.sigForward.emit(x)

    @Slot()
    def _step(self) -> None:
        if self.sample is not None:
            self.sigStep.emit(self.sample)

    def stepTarget(self) -> tuple[Network, np.ndarray, np.ndarray, int] | None:
        """(network, X, y, i): what "Step on this sample" trains on, or None."""
        if self.net is None or self.dataset is None or self.sample is None:
            return None
        X, y = split_of(self.dataset, self.split)
        return self.net, X, y, self.sample
