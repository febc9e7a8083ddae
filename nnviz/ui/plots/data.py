"""Storage behind the training plots (NumPy only): growing arrays, an incremental
exponential moving average, and the CSV export of the whole history."""

from __future__ import annotations

import math
import os

import numpy as np

from nnviz.app.history import write_history_csv

EPOCH_FIELDS = ("epoch", "epoch_step", "train_loss", "train_acc", "val_loss", "val_acc")


class GrowingArray:
    """A 1-D float64 array with amortised O(1) appends (capacity doubles when full);
    `view()` is a no-copy view of the filled part."""

    def __init__(self, capacity: int = 1024) -> None:
        self._buf = np.empty(max(int(capacity), 1), dtype=np.float64)
        self.n = 0

    def extend(self, values: np.ndarray) -> None:
        values = np.asarray(values, dtype=np.float64).ravel()
        need = self.n + values.size
        if need > self._buf.size:
            cap = self._buf.size
            while cap < need:
                cap *= 2
            buf = np.empty(cap, dtype=np.float64)
            buf[: self.n] = self._buf[: self.n]
            self._buf = buf
        self._buf[self.n : need] = values
        self.n = need

    def view(self) -> np.ndarray:
        return self._buf[: self.n]

    def clear(self) -> None:
        self.n = 0

    def __len__(self) -> int:
        return self.n


class EMA:
    """Debiased exponential moving average, updated chunk by chunk (never re-scanning):

    m_t = beta m_{t-1} + (1 - beta) x_t,  m_0 = 0,   s_t = m_t / (1 - beta^t).

    Within a chunk x_1..x_k the recurrence is solved in closed form,
    m_k = beta^k (m_0 + (1 - beta) sum_j beta^-j x_j), in pieces short enough that
    beta^-j stays well inside float64. Non-finite x are replaced by the last finite one.
    """

    def __init__(self, beta: float = 0.95) -> None:
        self.beta = min(max(float(beta), 0.0), 0.9999)
        self.reset()

    def reset(self) -> None:
        self.m = 0.0
        self.t = 0
        self.last = math.nan

    def update(self, x: np.ndarray) -> np.ndarray:
        """The smoothed values s_t for each new x_t."""
        x = np.array(x, dtype=np.float64).ravel()
        out = np.empty_like(x)
        if x.size == 0:
            return out
        bad = ~np.isfinite(x)
        if bad.any():
            idx = np.where(bad, 0, np.arange(x.size))
            np.maximum.accumulate(idx, out=idx)
            first = 0.0 if math.isnan(self.last) else self.last
            x = np.where(bad, x[idx], x)
            x[~np.isfinite(x)] = first  # leading non-finite values before any finite one
        beta = self.beta
        if beta <= 0.0:
            out[:] = x
            self.m, self.t, self.last = float(x[-1]), self.t + x.size, float(x[-1])
            return out
        piece = max(1, min(8192, int(30.0 / -math.log(beta)) if beta < 1.0 else 1))
        for s in range(0, x.size, piece):
            xc = x[s : s + piece]
            j = np.arange(1, xc.size + 1, dtype=np.float64)
            pw = beta**j  # beta^j
            m = pw * (self.m + (1.0 - beta) * np.cumsum(xc / pw))
            t = self.t + j
            out[s : s + xc.size] = m / (1.0 - beta**t)
            self.m, self.t = float(m[-1]), self.t + xc.size
        self.last = float(x[-1])
        return out


class Envelope:
    """Per block of B steps: (min, max) of the raw loss at the block's middle step, and
    the smoothed loss there. Grown incrementally as steps arrive; the loss plot draws
    this instead of the raw arrays when one pixel covers B steps or more, so an update
    costs O(new steps + n / B) instead of O(n)."""

    def __init__(self, B: int = 32) -> None:
        self.B = int(B)
        self.x, self.y = GrowingArray(), GrowingArray()  # (mid, mid), (min, max) pairs
        self.sx, self.sy = GrowingArray(), GrowingArray()  # mid, smoothed[mid]
        self.done = 0  # raw steps folded into blocks

    def update(self, step: np.ndarray, loss: np.ndarray, smoothed: np.ndarray) -> None:
        B = self.B
        k = (len(step) - self.done) // B
        if k <= 0:
            return
        a, b = self.done, self.done + k * B
        L = loss[a:b].reshape(k, B)
        mid = step[a + B // 2 : b : B]
        y = np.empty(2 * k)
        y[0::2] = L.min(axis=1)
        y[1::2] = L.max(axis=1)
        self.x.extend(np.repeat(mid, 2))
        self.y.extend(y)
        self.sx.extend(mid)
        self.sy.extend(smoothed[a + B // 2 : b : B])
        self.done = b

    def resmooth(self, smoothed: np.ndarray) -> None:
        self.sy.clear()
        self.sy.extend(smoothed[self.B // 2 : self.done : self.B])

    def clear(self) -> None:
        for g in (self.x, self.y, self.sx, self.sy):
            g.clear()
        self.done = 0


class CurveData:
    """What the curves draw: per-step (step, loss, smoothed) and per-epoch rows, with the
    block envelope for long runs (the run itself is `nnviz.app.history.History`)."""

    def __init__(self, beta: float = 0.95) -> None:
        self.step = GrowingArray()
        self.loss = GrowingArray()
        self.smoothed = GrowingArray()
        self.ema = EMA(beta)
        self.envelope = Envelope()
        self.epochs = {k: GrowingArray(64) for k in EPOCH_FIELDS}

    def append_steps(self, steps: np.ndarray, losses: np.ndarray) -> None:
        steps = np.asarray(steps, dtype=np.float64).ravel()
        losses = np.asarray(losses, dtype=np.float64).ravel()
        if steps.shape != losses.shape:
            raise ValueError(f"{steps.size} steps but {losses.size} losses")
        self.step.extend(steps)
        self.loss.extend(losses)
        self.smoothed.extend(self.ema.update(losses))
        self.envelope.update(self.step.view(), self.loss.view(), self.smoothed.view())

    def append_epoch(self, epoch: int, row: dict[str, float]) -> None:
        last_step = self.step.view()[-1] if len(self.step) else float(epoch)
        values = {"epoch": float(epoch), "epoch_step": float(last_step), **row}
        for k in EPOCH_FIELDS:
            self.epochs[k].extend(np.array([values.get(k, math.nan)], dtype=np.float64))

    def curves(self, envelope: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(x, loss, x_smoothed, smoothed) to draw: views of the full arrays, or with
        `envelope` the block envelope followed by the steps after the last full block."""
        step, loss, sm = self.step.view(), self.loss.view(), self.smoothed.view()
        if not envelope:
            return step, loss, step, sm
        e, d = self.envelope, self.envelope.done
        cat = np.concatenate
        return (
            cat([e.x.view(), step[d:]]),
            cat([e.y.view(), loss[d:]]),
            cat([e.sx.view(), step[d:]]),
            cat([e.sy.view(), sm[d:]]),
        )

    def wants_envelope(self, x_range: tuple[float, float] | None, pixels: float) -> bool:
        """Draw the block envelope when a pixel of the plot covers >= B steps of the steps
        shown (`x_range` None: all of them)."""
        n, B = len(self.step), self.envelope.B
        if n < 8 * B:
            return False
        visible = n if x_range is None else self.steps_between(*x_range)
        return visible >= B * max(pixels, 100.0)

    def steps_between(self, x0: float, x1: float) -> int:
        """How many recorded steps lie in [x0, x1] (steps are increasing)."""
        s = self.step.view()
        return int(np.searchsorted(s, x1, side="right") - np.searchsorted(s, x0))

    def set_beta(self, beta: float) -> None:
        """Change the smoothing and recompute it over the history (one vectorised pass)."""
        self.ema = EMA(beta)
        losses = self.loss.view().copy()
        self.smoothed.clear()
        self.smoothed.extend(self.ema.update(losses))
        self.envelope.resmooth(self.smoothed.view())

    def clear(self) -> None:
        for a in (self.step, self.loss, self.smoothed, *self.epochs.values()):
            a.clear()
        self.ema.reset()
        self.envelope.clear()

    def arrays(self) -> dict[str, np.ndarray]:
        out = {"step": self.step.view(), "loss": self.loss.view(), "smoothed": self.smoothed.view()}
        out.update({k: a.view() for k, a in self.epochs.items()})
        return {k: v.copy() for k, v in out.items()}

    def write_csv(self, path: str | os.PathLike[str]) -> None:
        """The curves in the one history CSV format (`nnviz.app.history.write_history_csv`),
        with the moving average as an extra column."""
        rows = np.column_stack([self.epochs[k].view() for k in EPOCH_FIELDS])
        write_history_csv(
            path, self.step.view(), self.loss.view(), rows, smoothed=self.smoothed.view()
        )
