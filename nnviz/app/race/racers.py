"""One contestant of an optimizer race: a configuration, its network and its records.

`RacerState` is what a view reads (losses per step, evaluations, the path of
parameter snapshots, the current θ); `Racer` adds the network, optimizer and batch
stream that produce it. A race in worker processes keeps a `RacerState` mirror in
the GUI process, updated from the messages `Racer.take_news` produces.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnviz.engine import Minibatches, Network, Optimizer, evaluate, make_optimizer
from nnviz.engine.divergence import DivergenceGuard


@dataclass(frozen=True)
class RacerConfig:
    """What differs between racers: optimizer ("sgd", "momentum", "adam"), lr,
    momentum (for "momentum") and batch size."""

    optimizer: str = "sgd"
    lr: float = 0.1
    momentum: float = 0.9
    batch_size: int = 16

    def make_optimizer(self) -> Optimizer:
        kw = {"momentum": self.momentum} if self.optimizer == "momentum" else {}
        return make_optimizer(self.optimizer, self.lr, **kw)

    @property
    def label(self) -> str:
        mom = f" μ={self.momentum:g}" if self.optimizer == "momentum" else ""
        return f"{self.optimizer} lr={self.lr:g}{mom} batch={self.batch_size}"


class PathRecorder:
    """Flat θ snapshots at steps that are multiples of `every` (starting at 1). When more
    than `cap` are held, `every` doubles and the snapshots off the new grid go, so the
    whole run stays covered at a coarser and coarser step (θ at step 0 always stays)."""

    def __init__(self, cap: int) -> None:
        self.cap = max(int(cap), 4)
        self.every = 1
        self.steps: list[int] = []
        self.thetas: list[np.ndarray] = []

    def offer(self, step: int, theta: np.ndarray) -> bool:
        """Keep a copy of θ if `step` is on the grid; True if kept."""
        if step % self.every:
            return False
        self.steps.append(step)
        self.thetas.append(np.array(theta, copy=True))
        while len(self.steps) > self.cap:
            self.every *= 2
            keep = [k for k, s in enumerate(self.steps) if s % self.every == 0]
            self.steps = [self.steps[k] for k in keep]
            self.thetas = [self.thetas[k] for k in keep]
        return True

    def array(self) -> np.ndarray:
        """The snapshots as rows, shape (k, n_params)."""
        return np.stack(self.thetas) if self.thetas else np.empty((0, 0))


class RacerState:
    """The records of one racer: `losses[t]` is the minibatch loss of step t+1 (before
    its update); `evals` rows (step, loss, accuracy) on the evaluation set; `path`
    snapshots; `theta` the latest known parameters; `diverged` a message or None."""

    def __init__(self, index: int, config: RacerConfig, theta: np.ndarray, cap: int) -> None:
        self.index = index
        self.config = config
        self._loss_buf = np.empty(1024)  # grows by doubling; losses[:n_losses] are valid
        self._n = 0
        self.evals: list[tuple[int, float, float]] = []
        self.path = PathRecorder(cap)
        self.path.offer(0, theta)
        self.theta = np.array(theta, copy=True)
        self.step = 0
        self.diverged: str | None = None

    @property
    def losses(self) -> np.ndarray:
        """A read-only view (no copy), valid until the next step."""
        v = self._loss_buf[: self._n]
        v.flags.writeable = False
        return v

    def _append_losses(self, values: np.ndarray) -> None:
        n = self._n + values.size
        if n > self._loss_buf.size:
            buf = np.empty(max(n, 2 * self._loss_buf.size))
            buf[: self._n] = self._loss_buf[: self._n]
            self._loss_buf = buf
        self._loss_buf[self._n : n] = values
        self._n = n

    @property
    def accuracy(self) -> float:
        return self.evals[-1][2] if self.evals else math.nan

    @property
    def done(self) -> bool:
        return self.diverged is not None

    def apply(self, news: dict[str, Any]) -> None:
        """Take in what `Racer.take_news` reported (in the GUI process)."""
        self._append_losses(news["losses"])
        self.evals.extend(news["evals"])
        for step, theta in news["snapshots"]:
            self.path.offer(step, theta)
        if news.get("theta") is not None:
            self.theta = news["theta"]
        self.step = news["step"]
        self.diverged = news["diverged"]


class Racer(RacerState):
    """A racer that trains: its own copy of the network, optimizer and batch stream.
    Racers built from the same parameters, data and seed see the same samples in the
    same order (different batch sizes cut the same shuffled order differently)."""

    def __init__(
        self,
        index: int,
        config: RacerConfig,
        net_config: dict[str, Any],
        theta: np.ndarray,
        X: np.ndarray,
        Y: np.ndarray,
        X_eval: np.ndarray,
        Y_eval: np.ndarray,
        seed: int | None = 0,
        cap: int = 512,
        theta_every_message: bool = True,
    ) -> None:
        self.net = Network.from_config(net_config)
        self.net.theta[...] = theta
        super().__init__(index, config, self.net.theta, cap)
        self.theta = self.net.theta  # live view: in-process readers see the current θ
        self.opt = config.make_optimizer()
        self.batches = Minibatches(X, Y, config.batch_size, seed)
        self.X_eval, self.Y_eval = X_eval, Y_eval
        self.guard = DivergenceGuard(self.net.theta, self.net.sizes[-1])
        self.theta_every_message = theta_every_message
        self._sent = (0, 0, 1)  # losses, evals, snapshots already reported

    def run(self, n: int) -> int:
        """Up to n training steps; returns how many ran (fewer once diverged)."""
        done = 0
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            while done < n and self.diverged is None:
                xb, yb, _ = self.batches.next()
                snap = self.guard.before(self.step, self.net.theta)
                loss = self.net.fit_batch(xb, yb, self.opt)
                exploded = self.guard.exploded(self.step, loss) if math.isfinite(loss) else None
                if not math.isfinite(loss) or exploded is not None:
                    if not math.isfinite(loss):
                        self.net.theta[...] = self.guard.good
                    self.diverged = f"diverged at step {self.step + 1} (loss {loss:.3g})"
                    break
                if snap:
                    self.guard.accept()
                if self._n == self._loss_buf.size:
                    self._append_losses(np.array([loss]))
                else:
                    self._loss_buf[self._n] = loss
                    self._n += 1
                self.step += 1
                self.path.offer(self.step, self.net.theta)
                done += 1
        return done

    def evaluate(self) -> None:
        """Loss and accuracy on the evaluation set, as a row of `evals`."""
        if self.evals and self.evals[-1][0] == self.step:
            return
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            loss, acc = evaluate(self.net, self.X_eval, self.Y_eval)
        self.evals.append((self.step, loss, acc))

    def network(self) -> Network:
        """An independent copy of this racer's network."""
        return self.net.copy()

    def take_news(self, with_theta: bool = False) -> dict[str, Any]:
        """Everything since the last call, for a `RacerState.apply` elsewhere."""
        n_loss, n_eval, n_snap = self._sent
        snaps = [
            (s, t) for s, t in zip(self.path.steps, self.path.thetas, strict=True) if s >= n_snap
        ]
        self._sent = (self._n, len(self.evals), self.step + 1)
        send_theta = with_theta or self.theta_every_message
        return {
            "losses": self._loss_buf[n_loss : self._n].copy(),
            "evals": self.evals[n_eval:],
            "snapshots": snaps,
            "theta": self.net.theta.copy() if send_theta else None,
            "step": self.step,
            "diverged": self.diverged,
        }
