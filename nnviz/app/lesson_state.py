"""The named quantities a lesson checks, read from the engine's records (no Qt).

`quantities(net, x, y, settings, metrics, selection, answer)` gives the plain mapping
`Task.check` reads (names as in docs/lessons.md). The numbers of the sample shown come
from one recorded step on a copy of the network (`step_on_copy`): z, a, δ, ∂L/∂W, ∂L/∂b
are the record's; f'(z) is the engine activation's own derivative at the recorded z, a.
Nothing here re-derives the math.

A lesson's preset is read by attribute (`dataset`, `layers`, `activations`, `output`,
`loss`, `optimizer`, `lr`, `batch_size`, `seed`, `samples`, `noise`, `input`, `target`,
`weights`, `biases`), so this module does not depend on the lesson parser; the
preset's network and sample are built in `nnviz.ui.lessons.preset`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from nnviz.app.settings import TOY_NOISE, Settings
from nnviz.app.stepper import step_on_copy
from nnviz.engine import SGD, Network
from nnviz.engine.functions import get_activation

SAMPLE_SETS = ("sample", "tiny-2-2-2", "tiny-2-3-1")  # one sample, no training data


def sample_quantities(net: Network, x: Any, y: Any) -> dict[str, Any]:
    """loss, output, predicted, label, z, a, da_dz, delta, grad_w, grad_b, max_abs_grad_w
    of one forward and backward pass of the sample (x, y) at the current weights (float64):
    the numbers the next Step uses. `net` is not changed."""
    X = np.asarray(x, np.float64)[None]
    Y = np.asarray(y, np.float64)[None]
    rec = step_on_copy(net, X, Y, SGD(lr=1.0)).step  # the record holds the values before
    da_dz = []
    for T in rec.layers:
        d = np.empty_like(T.z)
        get_activation(T.activation).derivative(T.z, T.a, d)
        da_dz.append(d[0])
    grad_w = [T.dW for T in rec.layers]
    y_hat = rec.Y_hat[0]
    target = np.asarray(y, np.float64)
    return {
        "loss": float(rec.loss),
        "x": np.asarray(x, np.float64),
        "target": target,
        "output": y_hat,
        "predicted": _class(y_hat),
        "label": _class(target),
        "z": [T.z[0] for T in rec.layers],
        "a": [T.a[0] for T in rec.layers],
        "da_dz": da_dz,
        "delta": [T.delta[0] for T in rec.layers],
        "grad_w": grad_w,
        "grad_b": [T.db for T in rec.layers],
        "max_abs_grad_w": max(float(np.abs(g).max()) for g in grad_w),
    }


def _class(v: np.ndarray) -> int:
    """argmax for several units; a 0.5 threshold for one."""
    return int(np.argmax(v)) if v.size > 1 else int(v[0] >= 0.5)


def network_quantities(net: Network) -> dict[str, Any]:
    """w, b (copies), layers, hidden_layers, activation, output_activation, loss_function."""
    hidden = net.activations[:-1]
    return {
        "w": [L.W.copy() for L in net.layers],
        "b": [L.b.copy() for L in net.layers],
        "layers": "-".join(map(str, net.sizes)),
        "hidden_layers": len(net.sizes) - 2,
        "activation": hidden[0] if len(set(hidden)) == 1 else ",".join(hidden),
        "output_activation": net.activations[-1],
        "loss_function": net.loss_name,
    }


def settings_quantities(settings: Settings, workspace: str) -> dict[str, Any]:
    """lr, batch_size, seed, dataset, optimizer and workspace of the app's settings."""
    return {
        "lr": settings.lr,
        "batch_size": settings.batch_size,
        "seed": settings.seed,
        "dataset": settings.dataset_label,
        "optimizer": settings.optimizer,
        "workspace": workspace,
    }


def quantities(
    net: Network,
    x: Any,
    y: Any,
    settings: Mapping[str, Any],
    metrics: Mapping[str, Any],
    selection: str = "",
    answer: Any = None,
) -> dict[str, Any]:
    """The state mapping of a lesson: the network's quantities, those of the sample (x, y)
    shown (skipped when x is None), the `settings` quantities (`settings_quantities`),
    then `metrics` (loss, steps, epochs, accuracies, diverged, forward_done, ...; a
    metric given here wins, e.g. the Train workspace's batch loss). `selection` is the
    selected weight as "k j i" ("" for none); `answer` the text of the task's answer box."""
    s: dict[str, Any] = network_quantities(net)
    if x is not None and y is not None:
        s.update(sample_quantities(net, x, y))
    s.update(settings)
    s.update(metrics)
    s["selected_weight"] = selection
    if selection:
        k, j, i = (int(t) for t in selection.split())
        if "grad_w" in s and k < len(s["grad_w"]):
            s["selected_grad"] = float(s["grad_w"][k][j, i])
    if answer is not None:
        s["answer"] = answer
    return s


# ------------------------------------------------------------------ presets


def preset_settings(preset: Any, base: Settings | None = None) -> Settings:
    """The app settings of a lesson's preset. A one-sample preset ("sample", "tiny-...")
    keeps `base`'s data set (it has no training data) and sets everything else."""
    base = base or Settings()
    dataset = base.dataset if preset.dataset in SAMPLE_SETS else preset.dataset
    noise = preset.noise if preset.noise is not None else TOY_NOISE.get(dataset, base.noise)
    return base.replace(
        dataset=dataset,
        n_samples=preset.samples,
        noise=noise,
        hidden=list(preset.layers[1:-1]),
        activations=list(preset.activations),
        output=preset.output,
        loss=preset.loss,
        optimizer=preset.optimizer,
        lr=preset.lr,
        batch_size=preset.batch_size,
        seed=preset.seed,
    )


def rebuild(net: Network, **changes: Any) -> Network:
    """`net` with another `sizes`, `activation`, `output` or `loss` (float64 as `net`):
    the parameters are kept where the shapes still fit, else seeded anew (`seed`)."""
    cfg = net.config()
    seed = changes.pop("seed", 0)
    cfg.update(changes)
    sizes = cfg.pop("sizes")
    new = Network(sizes, seed=seed, **cfg)
    if list(sizes) == net.sizes:
        new.set_params(net.params())
    new.meta = dict(net.meta)
    return new
