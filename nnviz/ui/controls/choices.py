"""What the Controls dock offers: datasets, optimizers, speeds and their tooltips."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

OPEN_CSV = "__open_csv__"
OPEN_CSV_REGRESSION = "__open_csv_regression__"
DATASETS = [
    ("XOR", "xor", "Two classes in opposite quadrants: needs a hidden layer"),
    ("Circles", "circles", "A ring around a disc"),
    ("Spirals", "spirals", "Two interleaved spiral arms: hard, needs depth"),
    ("Spirals (3 classes)", "spirals3", "Three interleaved spiral arms"),
    ("Gaussians", "gaussians", "Two Gaussian blobs: almost linearly separable"),
    ("Plane (regression)", "plane", "Predict a number: a tilted plane y = x₁ + x₂ plus noise"),
    ("Multi-Gaussian (regression)", "multigauss", "Predict a number: a sum of Gaussian bumps"),
    ("MNIST digits", "mnist", "70,000 handwritten digits, 28×28 pixels (784 inputs)"),
    ("Spam filter (e-mail)", "spam", "6,046 e-mails, spam or not: one input per word (300 words)"),
]
OWN_DEFAULTS = ("mnist", "spam")  # kinds of data with their own default network
OUTPUTS = {"mnist": 10, "spam": 2}
OPTIMIZER_LABELS = {"sgd": "SGD", "momentum": "SGD + momentum", "adam": "Adam"}
OPTIMIZER_TIPS = {
    "sgd": "Plain gradient descent: θ ← θ - lr·g",
    "momentum": "Momentum: v ← μv + g, θ ← θ - lr·v",
    "adam": "Adam: per-weight steps from running means of g and g²",
}

SPIN_TIPS = {
    "noise": "Standard deviation of the random jitter added to the points",
    "samples": "How many points to generate (80% train, 20% validation)",
    "seed": "Random seed of the data, the initial weights and the shuffling",
    "momentum": "Momentum μ: how much of the last step is kept",
    "beta1": "Adam β1: decay of the running mean of g",
    "beta2": "Adam β2: decay of the running mean of g²",
    "batch": "Samples per minibatch: each step averages their gradients",
    "decay": "Weight decay λ of the optimizer: adds λ·θ to every gradient (0 = off)",
    "l1": "L1 penalty λ₁·Σ|W| added to the loss: pushes weights to exactly 0",
    "l2": "L2 penalty λ₂/2·ΣW² added to the loss: keeps weights small",
}


def speed_label(sps: int) -> str:
    return "Max speed" if sps == 0 else f"{sps} step/s" if sps == 1 else f"{sps} steps/s"


def dataset_combo() -> QComboBox:
    """The dataset picker: every built-in dataset (tooltips), then the two Open CSV entries."""
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(14)
    for label, spec, tip in DATASETS:
        combo.addItem(label, spec)
        combo.setItemData(combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
    combo.insertSeparator(combo.count())
    combo.addItem("Open CSV…", OPEN_CSV)
    combo.addItem("Open CSV as regression…", OPEN_CSV_REGRESSION)
    combo.setToolTip("The data to learn; Open CSV… loads your own table")
    return combo


def show_dataset(combo: QComboBox, spec: str) -> None:
    """Select `spec` in `combo` without signals; a CSV file is listed by name above Open CSV…"""
    combo.blockSignals(True)
    i = combo.findData(spec)
    if i < 0:
        previous = [k for k in range(combo.count()) if str(combo.itemData(k)).endswith(".csv")]
        for k in reversed(previous):
            combo.removeItem(k)
        csv_index = combo.findData(OPEN_CSV)
        combo.insertItem(csv_index, Path(spec).name, spec)
        combo.setItemData(csv_index, spec, Qt.ItemDataRole.ToolTipRole)
        i = csv_index
    combo.setCurrentIndex(i)
    combo.blockSignals(False)
