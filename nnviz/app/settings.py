"""What to train: a typed, JSON-friendly description of a training session (no Qt)."""

from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nnviz.data import PLANE_FEATURES, REGRESSION_DATASETS, TOY_DATASETS
from nnviz.engine import HIDDEN_ACTIVATIONS, SCHEDULES, LRSchedule, Network

TOY_CHOICES = (*TOY_DATASETS, "spirals3", *REGRESSION_DATASETS)
TASKS = ("classification", "regression")
OPTIMIZER_CHOICES = ("sgd", "momentum", "adam")
SPEED_CHOICES = (1, 5, 20, 100, 0)  # steps per second; 0 = as fast as possible
TOY_NOISE = {"xor": 0.1, "circles": 0.05, "spirals": 0.05, "spirals3": 0.05, "gaussians": 0.1,
             "plane": 0.05, "multigauss": 0.05}  # fmt: skip
MAX_UNITS = 1024
# The one definition of the MNIST defaults (the app and `nnviz train --data mnist`):
# Settings field -> value.
MNIST_DEFAULTS: dict[str, Any] = {
    "hidden": [128, 64],
    "activations": ["relu", "relu"],
    "optimizer": "adam",
    "lr": 2e-3,
    "lr_schedule": "step",
    "lr_gamma": 0.85,
    "lr_epochs": 1,
    "batch_size": 128,
    "weight_decay": 0.0,
}


def dataset_kind(spec: str) -> str:
    """ "toy", "mnist", "spam" or "csv" for a dataset spec."""
    if spec in ("mnist", "spam"):
        return spec
    return "toy" if spec in TOY_CHOICES else "csv"


@dataclass
class Settings:
    """Everything that defines a training run. Defaults: spirals, 2-8-8-2 tanh, Adam."""

    dataset: str = "spirals"  # a toy set, "spirals3", "mnist", "spam", or a CSV path
    n_samples: int = 400  # toy sets only
    noise: float = 0.05  # toy sets only
    train_fraction: float = 0.8  # toy and CSV data, 0.1-0.9 (MNIST tests on its test set)
    features: list[str] = field(default_factory=list)  # input features; [] = raw inputs
    task: str = "classification"  # or "regression" (plane, multigauss, a CSV's number)
    hidden: list[int] = field(default_factory=lambda: [8, 8])
    activations: list[str] = field(default_factory=lambda: ["tanh", "tanh"])
    output: str = "softmax"
    loss: str = "cross_entropy"
    optimizer: str = "adam"
    lr: float = 0.03
    lr_schedule: str = "constant"  # "constant", "step" or "cosine" (per epoch)
    lr_gamma: float = 0.5  # step: multiply lr by this every lr_epochs epochs
    lr_epochs: int = 10  # step: epochs per decay; cosine: epochs to reach lr_min
    lr_min: float = 0.0  # cosine: the final rate
    momentum: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999
    batch_size: int = 16
    weight_decay: float = 0.0  # the optimizer's weight decay: g += λ·θ
    l1: float = 0.0  # penalty λ1·Σ|W| added to the loss
    l2: float = 0.0  # penalty λ2/2·ΣW² added to the loss
    seed: int = 0
    init_seed: int | None = None  # initial weights' seed; None: `seed`
    steps_per_second: int = 100  # 0 = as fast as possible
    discretize: bool = False  # decision map: hard classes instead of a gradient

    @classmethod
    def defaults_for(cls, spec: str, seed: int = 0) -> Settings:
        """Sensible defaults for a dataset: MNIST as in `MNIST_DEFAULTS`;
        2-D and CSV data 8-8 tanh Adam 0.03 batch 16."""
        kind = dataset_kind(spec)
        if kind == "mnist":
            return cls(dataset=spec, seed=seed, steps_per_second=0, **MNIST_DEFAULTS).normalized()
        if kind == "spam":  # 300-32-2: > 97 % test accuracy within a few epochs
            return cls(
                dataset=spec,
                hidden=[32],
                activations=["relu"],
                lr=1e-3,
                batch_size=32,
                seed=seed,
                steps_per_second=0,
            )
        return cls(dataset=spec, noise=TOY_NOISE.get(spec, 0.05), seed=seed).normalized()

    def for_task(self) -> Settings:
        """Output and loss that fit the task: linear + MSE for regression, softmax +
        cross-entropy back for classification."""
        s = dataclasses.replace(self)
        if s.task == "regression" and s.output == "softmax":
            s.output, s.loss = "linear", "mse"
        elif s.task == "classification" and s.output == "linear":
            s.output, s.loss = "softmax", "cross_entropy"
        return s

    @property
    def regression(self) -> bool:
        return self.task == "regression"

    @property
    def weights_seed(self) -> int:
        return self.seed if self.init_seed is None else self.init_seed

    @property
    def kind(self) -> str:
        return dataset_kind(self.dataset)

    @property
    def dataset_label(self) -> str:
        return Path(self.dataset).name if self.kind == "csv" else self.dataset

    def schedule(self) -> LRSchedule:
        """The learning-rate schedule: lr_at(epoch) for this base rate."""
        return LRSchedule(
            self.lr_schedule,
            lr=self.lr,
            gamma=self.lr_gamma,
            step=self.lr_epochs,
            epochs=self.lr_epochs,
            lr_min=min(self.lr_min, self.lr),
        )

    def opt_kw(self) -> dict[str, Any]:
        """Keyword arguments of `make_optimizer` besides the learning rate."""
        kw: dict[str, Any] = {"weight_decay": self.weight_decay}
        if self.optimizer == "momentum":
            kw["momentum"] = self.momentum
        elif self.optimizer == "adam":
            kw["betas"] = (self.beta1, self.beta2)
        return kw

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes).normalized()

    def normalized(self) -> Settings:
        """A copy with valid values: one activation per hidden layer, sizes in range."""
        s = dataclasses.replace(
            self,
            hidden=list(self.hidden),
            activations=list(self.activations),
            features=[str(f) for f in self.features],
        )
        if s.kind == "toy" or s.kind in ("mnist", "spam"):
            s.task = "regression" if s.dataset in REGRESSION_DATASETS else "classification"
        elif s.task not in TASKS:
            s.task = "classification"
        if s.regression and s.output == "softmax":  # one output unit: a number
            s.output, s.loss = "linear", "mse"
        if s.kind == "toy":
            s.features = [f for f in s.features if f in PLANE_FEATURES]
        elif s.kind != "csv":
            s.features = []
        s.hidden = [min(max(int(h), 1), MAX_UNITS) for h in s.hidden]
        acts = [a if a in HIDDEN_ACTIVATIONS else "relu" for a in s.activations]
        fill = acts[-1] if acts else ("relu" if s.kind in ("mnist", "spam") else "tanh")
        s.activations = (acts + [fill] * len(s.hidden))[: len(s.hidden)]
        if s.optimizer not in OPTIMIZER_CHOICES:
            s.optimizer = "adam"
        s.lr = float(min(max(float(s.lr), 1e-7), 1e4))
        if s.lr_schedule not in SCHEDULES:
            s.lr_schedule = "constant"
        s.lr_gamma = min(max(float(s.lr_gamma), 1e-3), 1.0)
        s.lr_epochs = min(max(int(s.lr_epochs), 1), 10_000)
        s.lr_min = min(max(float(s.lr_min), 0.0), s.lr)
        s.batch_size = max(int(s.batch_size), 1)
        s.n_samples = min(max(int(s.n_samples), 20), 5000)
        s.noise = min(max(float(s.noise), 0.0), 1.0)
        s.train_fraction = round(min(max(float(s.train_fraction), 0.1), 0.9), 4)
        s.momentum = min(max(float(s.momentum), 0.0), 0.999)
        s.beta1 = min(max(float(s.beta1), 0.0), 0.9999)
        s.beta2 = min(max(float(s.beta2), 0.0), 0.99999)
        s.weight_decay = max(float(s.weight_decay), 0.0)
        s.l1 = min(max(float(s.l1), 0.0), 10.0)
        s.l2 = min(max(float(s.l2), 0.0), 10.0)
        s.seed = int(s.seed)
        s.init_seed = None if s.init_seed is None else int(s.init_seed)
        s.discretize = bool(s.discretize)
        s.steps_per_second = max(int(s.steps_per_second), 0)
        return s

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Settings:
        """Settings from a dict; unknown keys are ignored, bad values fall back to defaults."""
        names = {f.name for f in dataclasses.fields(cls)}
        d = dict(d or {})
        if "l2" in d and "weight_decay" not in d:  # older files: l2 was the weight decay
            d["weight_decay"] = d.pop("l2")
        if "val_fraction" in d and "train_fraction" not in d:  # older files
            with contextlib.suppress(TypeError, ValueError):
                d["train_fraction"] = 1.0 - float(d["val_fraction"])
        clean = {k: v for k, v in d.items() if k in names}
        try:
            return cls(**clean).normalized()
        except (TypeError, ValueError):
            return cls()


def model_settings(
    net: Network,
    current: Settings,
    current_features: int | None = None,
    current_classes: int | None = None,
) -> tuple[Settings | None, str]:
    """The settings a loaded model needs, and a note when the dataset has to change.

    Returns (None, reason) when no known dataset fits the model.
    """
    n_in, n_out = net.sizes[0], net.sizes[-1]
    meta = net.meta or {}
    saved = Settings.from_dict(meta["settings"]) if isinstance(meta.get("settings"), dict) else None
    spec: str | None = None
    if saved is not None and _available(saved.dataset):
        spec = saved.dataset
    if spec is None and isinstance(meta.get("source"), str) and _available(meta["source"]):
        spec = meta["source"]
    if spec is None and meta.get("dataset") in (*TOY_CHOICES, "spam"):
        spec = meta["dataset"]
    if spec is None and current_features == n_in and current_classes == n_out:
        spec = current.dataset
    if spec is None and (n_in, n_out) == (784, 10):
        spec = "mnist"
    if spec is None and n_in == 2 and n_out in (2, 3):
        spec = "spirals" if n_out == 2 else "spirals3"
    if spec is None:
        return None, (
            f"the model has {n_in} inputs and {n_out} outputs, and no built-in dataset fits. "
            "Open the CSV file it was trained on first (File > Open…), then the model."
        )
    base = saved if saved is not None else Settings.defaults_for(spec, current.seed)
    s = base.replace(
        dataset=spec,
        hidden=list(net.sizes[1:-1]),
        activations=list(net.activations[:-1]),
        output=net.activations[-1],
        loss=net.loss_name,
        l1=net.l1,
        l2=net.l2,
        features=list(meta.get("features") or []),
        task=str(meta.get("task", "classification")),
    )
    note = ""
    if spec != current.dataset:
        label = s.dataset_label
        note = f"Switched the data to {label} to match the model's {n_in} inputs."
    return s, note


def _available(spec: str) -> bool:
    return dataset_kind(spec) != "csv" or Path(spec).is_file()
