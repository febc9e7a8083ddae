"""A lesson's `setQuantity` on the window: edit the workbench network of a one-sample
lesson (`set_sample`) or the session's settings and weights of a data lesson
(`set_train`). Anything else raises `LessonHostError` with one line.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnviz.app.lesson_state import rebuild
from nnviz.app.settings import TOY_NOISE, Settings
from nnviz.engine import Network
from nnviz.ui.lessons.host import LessonHostError
from nnviz.ui.lessons.window.protocol import LessonWindow

NO_MNIST = (
    "MNIST is not on this computer: choose the MNIST dataset in the Controls panel to "
    "download or import it, then open this lesson again"
)
ARCH = {"activation", "output_activation", "loss_function", "layers"}


def set_sample(
    bench: Any, settings: Settings, name: str, index: tuple[int, ...], value: Any
) -> Settings:
    """Set `name` on the Step workbench; returns the lesson's (maybe changed) settings."""
    net: Network = bench.net
    if name in ("w", "b"):
        k, j = index[0], index[1]
        if name == "w":
            net.layers[k].W[j, index[2]] = float(value)
        else:
            net.layers[k].b[j] = float(value)
        bench.refresh()
    elif name in ("x", "target"):
        x, y = (np.array(v, np.float64) for v in bench.samples[bench.sampleIndex])
        (x if name == "x" else y)[index[0]] = float(value)
        bench.samples[bench.sampleIndex] = (x, y)
        bench.refresh()
    elif name == "lr":
        bench.lrSpin.setValue(float(value))
    elif name in ("optimizer", "batch_size", "seed"):
        if name == "optimizer":
            bench.load(net, bench.samples, bench.opt.lr, str(value))
        settings = settings.replace(**{name: value})
    elif name in ARCH:
        new = rebuild(net, **_arch_change(net, name, value, settings.seed))
        bench.load(new, bench.samples, bench.opt.lr, bench.optCombo.currentText())
    else:
        raise LessonHostError(f"cannot set {name} in a one-sample lesson")
    return settings


def set_train(w: LessonWindow, name: str, index: tuple[int, ...], value: Any) -> None:
    """Set `name` on the training session: weights are loaded, settings applied."""
    session = w.session
    s = session.settings
    if name in ("w", "b"):
        if session.network is None:
            raise LessonHostError("there is no network yet")
        params = session.network.params()
        k, j = index[0], index[1]
        if name == "w":
            params[k][0][j, index[2]] = float(value)
        else:
            params[k][1][j] = float(value)
        w.sessionQt.loadData(s, params)
        return
    if name in ("x", "target"):
        raise LessonHostError("no single sample is shown in this lesson")
    if name in ("lr", "batch_size", "seed", "optimizer"):
        s = s.replace(**{name: value})
    elif name == "dataset":
        s = Settings.defaults_for(str(value), s.seed) if s.kind != "toy" else s
        s = s.replace(dataset=str(value), noise=TOY_NOISE.get(str(value), s.noise))
    elif name == "layers":
        hidden = [int(v) for v in str(value).split("-")[1:-1]]
        act = (s.activations or ["tanh"])[0]
        s = s.replace(hidden=hidden, activations=[act] * len(hidden))
    elif name == "activation":
        s = s.replace(activations=[str(value)] * len(s.hidden))
    elif name == "output_activation":
        s = s.replace(output=str(value))
    elif name == "loss_function":
        s = s.replace(loss=str(value))
    else:
        raise LessonHostError(f"cannot set {name} here")
    if s.kind == "mnist" and not _mnist():
        raise LessonHostError(NO_MNIST)
    w.sessionQt.applySettings(s)


def _mnist() -> bool:
    from nnviz.ui.shell.data_setup import mnist_available

    return mnist_available()


def _arch_change(net: Network, name: str, value: Any, seed: int) -> dict[str, Any]:
    if name == "layers":
        sizes = [int(v) for v in str(value).split("-")]
        act = net.activations[0] if len(net.sizes) > 2 else "tanh"
        return {"sizes": sizes, "activation": [act] * (len(sizes) - 2), "seed": seed}
    if name == "activation":
        return {"activation": [str(value)] * (len(net.sizes) - 2)}
    return {"output" if name == "output_activation" else "loss": str(value)}
