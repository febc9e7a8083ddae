"""A `LessonHost` on the engine alone, for the lesson panel's tests: a float64 network,
the sample shown (Step lessons), toy data and an in-process training loop (`fit_batch`)
guarded like the app's trainer (`DivergenceGuard`). `async_train=True` makes "train ..."
run one epoch each time `isBusy()` is asked, as a window whose trainer runs elsewhere."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Set
from typing import Any

import numpy as np

from nnviz.app.lesson_state import preset_settings, quantities, rebuild, settings_quantities
from nnviz.app.session import load_dataset
from nnviz.app.settings import Settings
from nnviz.app.stepper import step_in_place
from nnviz.data.dataset import Dataset
from nnviz.engine import DivergenceGuard, Minibatches, Network, Optimizer, evaluate, make_optimizer
from nnviz.teach.lessons import Preset
from nnviz.ui.lessons.host import LessonHostError, StateCheck
from nnviz.ui.lessons.preset import preset_network, preset_sample

UNTIL_LIMIT = 20000
ZERO = {"steps": 0, "epochs": 0, "diverged": False, "forward_done": False, "taught": 0}


class FakeHost:
    def __init__(self, async_train: bool = False) -> None:
        self.async_train = async_train
        self.settings = Settings(dataset="circles", hidden=[5], activations=["relu"])
        self.dataset_name = self.settings.dataset
        self.workspace = "draw"
        self.net = Network([2, 5, 2], "relu", seed=7, dtype=np.float64)
        self.sample: tuple[np.ndarray, np.ndarray] | None = None
        self.counters: dict[str, Any] = dict(ZERO)
        self.metrics: dict[str, float] = {}
        self.selection = ""
        self.data: Dataset | None = None
        self.opt: Optimizer | None = None
        self.batches: Minibatches | None = None
        self.presets: list[Preset] = []
        self.calls: list[str] = []
        self._job: Iterator[None] | None = None

    # ------------------------------------------------------------ user state

    def snapshotUserState(self) -> object:
        return (
            self.settings, self.dataset_name, self.workspace, self.net.copy(),
            None if self.sample is None else tuple(v.copy() for v in self.sample),
            dict(self.counters), dict(self.metrics), self.selection,
        )  # fmt: skip

    def restoreUserState(self, snapshot: object) -> None:
        self._job = None
        (self.settings, self.dataset_name, self.workspace, net, self.sample, counters,
         metrics, self.selection) = snapshot  # type: ignore[misc]  # fmt: skip
        self.net, self.counters, self.metrics = net.copy(), dict(counters), dict(metrics)
        self.data = self.opt = self.batches = None

    def applyPreset(self, preset: Preset) -> None:
        self.presets.append(preset)
        self._job = None
        self.settings = preset_settings(preset, self.settings)
        self.dataset_name = preset.dataset
        self.net = preset_network(preset)
        self.sample = preset_sample(preset)
        self.workspace = preset.workspace
        self.counters, self.metrics, self.selection = dict(ZERO), {}, ""
        self.data = self.opt = self.batches = None

    # ------------------------------------------------------------ state

    def lessonState(self, names: Set[str]) -> Mapping[str, Any]:
        x, y = self.sample if self.sample is not None else (None, None)
        settings = settings_quantities(self.settings, self.workspace)
        settings["dataset"] = self.dataset_name
        return quantities(self.net, x, y, settings, {**self.counters, **self.metrics},
                          self.selection)  # fmt: skip

    def isBusy(self) -> bool:
        if self._job is None:
            return False
        if next(self._job, "end") == "end":
            self._job = None
        return self._job is not None

    # ------------------------------------------------------------ actions

    def setQuantity(self, name: str, index: tuple[int, ...], value: Any) -> None:
        self.calls.append(f"set {name}")
        net = self.net
        if name == "w":
            net.layers[index[0]].W[index[1], index[2]] = value
        elif name == "b":
            net.layers[index[0]].b[index[1]] = value
        elif name in ("x", "target"):
            if self.sample is None:
                raise LessonHostError("no sample is shown")
            self.sample[0 if name == "x" else 1][index[0]] = value
        elif name in ("lr", "batch_size", "seed", "optimizer"):
            self.settings = self.settings.replace(**{name: value})
            self.opt = self.batches = None
        elif name == "layers":
            sizes = [int(s) for s in str(value).split("-")]
            act = self.settings.activations[:1] or ["tanh"]
            self.net = rebuild(net, sizes=sizes, activation=act * (len(sizes) - 2),
                               seed=self.settings.seed)  # fmt: skip
            self._rebuilt()
        elif name == "activation":
            self.net = rebuild(net, activation=[value] * (len(net.sizes) - 2))
            self._rebuilt()
        elif name in ("output_activation", "loss_function"):
            key = "output" if name == "output_activation" else "loss"
            self.net = rebuild(net, **{key: value})
        elif name == "workspace":
            self.workspace = value
        else:
            raise LessonHostError(f"cannot set {name} here")

    def _rebuilt(self) -> None:
        net = self.net
        self.settings = self.settings.replace(
            hidden=net.sizes[1:-1], activations=net.activations[:-1]
        )
        self.counters, self.metrics, self.opt, self.batches = dict(ZERO), {}, None, None

    def teachingStep(self, count: int) -> None:
        if self.sample is None:
            raise LessonHostError("no sample is shown")
        x, y = self.sample
        for _ in range(count):
            step_in_place(self.net, x[None], y[None], self._optimizer())
            self.counters["steps"] += 1

    def playForward(self) -> None:
        self.counters["forward_done"] = True

    def trainSteps(self, count: int) -> None:
        self._run(self._train(count, None))

    def trainEpochs(self, count: int) -> None:
        self._run(self._train(count * self._batches().steps_per_epoch, None))

    def trainUntil(self, done: StateCheck, limit: int | None) -> None:
        self._run(self._train(limit or UNTIL_LIMIT, done))

    def select(self, unit: str, index: tuple[int, ...]) -> None:
        self.selection = " ".join(map(str, index)) if unit == "weight" else ""

    def drawMistake(self) -> None:
        raise LessonHostError("there is no draw pad here")

    def teachDrawing(self) -> None:
        raise LessonHostError("there is no draw pad here")

    def writeMessage(self, text: str) -> None:
        raise LessonHostError("there is no spam filter here")

    def writeSpamMessage(self) -> None:
        raise LessonHostError("there is no spam filter here")

    # ------------------------------------------------------------ training

    def _optimizer(self) -> Optimizer:
        if self.opt is None:
            s = self.settings
            self.opt = make_optimizer(s.optimizer, s.lr, **s.opt_kw())
        return self.opt

    def _batches(self) -> Minibatches:
        if self.data is None:
            self.data = load_dataset(self.settings)
        if self.batches is None:
            d = self.data
            self.batches = Minibatches(d.X_train, d.y_train, self.settings.batch_size,
                                       self.settings.seed)  # fmt: skip
        return self.batches

    def _run(self, job: Iterator[None]) -> None:
        self._job = None
        if self.async_train:
            self._job = job
        else:
            for _ in job:
                pass

    def _train(self, count: int, done: StateCheck | None) -> Iterator[None]:
        """Train up to `count` steps (one epoch between yields), then evaluate."""
        batches, opt, net = self._batches(), self._optimizer(), self.net
        guard = DivergenceGuard(net.theta, net.sizes[-1], opt.lr)
        left = count
        while left > 0 and not self.counters["diverged"]:
            for _ in range(min(left, batches.steps_per_epoch)):
                xb, yb, last = batches.next()
                with np.errstate(all="ignore"):
                    loss = net.fit_batch(xb, yb, opt)
                self.counters["steps"] += 1
                self.counters["epochs"] += int(last)
                left -= 1
                self.metrics["loss"] = loss
                step = self.counters["steps"]
                if not math.isfinite(loss) or guard.exploded(step, loss) is not None:
                    self.counters["diverged"] = True
                    break
            self._evaluate()
            if done is not None and done(self.lessonState(set())):
                return
            yield

    def _evaluate(self) -> None:
        d = self.data
        assert d is not None
        with np.errstate(all="ignore"):
            _, self.metrics["train_accuracy"] = evaluate(self.net, d.X_train, d.y_train)
            self.metrics["test_loss"], self.metrics["test_accuracy"] = evaluate(
                self.net, d.X_test, d.y_test
            )
