"""The `nnviz` command: the app, and `train`, `predict`, `gradcheck`, `fetch-mnist`.

Errors print one line to stderr and exit with status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np

from nnviz import __version__

# Defaults per kind of data: (hidden layers, activation, optimizer, lr, lr decay per epoch,
# batch, epochs). MNIST: ~98.3% test accuracy in ~17 s on one core.
DEFAULTS: dict[str, dict[str, Any]] = {
    "mnist": {
        "hidden": [256, 128],
        "activation": "relu",
        "optimizer": "adam",
        "lr": 2e-3,
        "lr_decay": 0.75,
        "batch_size": 128,
        "epochs": 10,
    },
    "points": {
        "hidden": [16, 16],
        "activation": "tanh",
        "optimizer": "adam",
        "lr": 0.01,
        "lr_decay": 1.0,
        "batch_size": 16,
        "epochs": 300,
    },
}


class CliError(Exception):
    """A user-facing error: printed as one line, exit status 2."""


def _layers(text: str) -> list[int]:
    try:
        sizes = [int(s) for s in text.replace(" ", "").split(",") if s]
    except ValueError:
        msg = f"--layers wants numbers like 784,128,10, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None
    if len(sizes) < 2 or min(sizes) < 1:
        raise argparse.ArgumentTypeError("--layers needs at least an input and an output size")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="nnviz", description="Watch neural networks learn.")
    p.add_argument("--version", action="version", version=f"nnviz {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    g = sub.add_parser("gui", help="open the app (the default)")
    g.add_argument("file", nargs="?", help="a model (.npz) or CSV file to open")

    t = sub.add_parser("train", help="train a network headless and save it")
    t.add_argument(
        "--data",
        default="spirals",
        help="xor, circles, spirals, spirals3, gaussians, mnist, or a CSV file",
    )
    t.add_argument("--layers", type=_layers, help="e.g. 784,128,64,10 (default per data)")
    t.add_argument("--activation", help="hidden activation: sigmoid, tanh, relu, leaky_relu")
    t.add_argument("--optimizer", choices=["sgd", "momentum", "adam"])
    t.add_argument("--lr", type=float, help="learning rate")
    t.add_argument(
        "--lr-decay", type=float, help="multiply the learning rate by this after each epoch"
    )
    t.add_argument("--batch-size", type=int)
    t.add_argument("--epochs", type=int)
    t.add_argument("--l2", type=float, default=0.0, help="weight decay (L2)")
    t.add_argument("--seed", type=int, default=0)
    t.add_argument(
        "--augment",
        action="store_true",
        help="MNIST only: random shifts, rotations, scale and stroke width",
    )
    t.add_argument("--data-dir", help="folder with the MNIST files (else NNVIZ_DATA_DIR/cache)")
    t.add_argument("--out", help="where to save the model (.npz)")
    t.add_argument("--quiet", action="store_true", help="no progress bar")

    pr = sub.add_parser("predict", help="classify images (or feature rows) with a model")
    pr.add_argument("model")
    pr.add_argument("inputs", nargs="+", help="image files, or comma-separated feature values")

    gc = sub.add_parser("gradcheck", help="check backprop against finite differences")
    gc.add_argument("--layers", type=_layers, default=[4, 6, 5, 3])
    gc.add_argument("--activation", default="tanh")
    gc.add_argument("--seed", type=int, default=0)

    f = sub.add_parser("fetch-mnist", help="download MNIST, or import it from a folder")
    f.add_argument("--from", dest="source", help="folder holding the four original .gz files")
    return p


def cmd_train(a: argparse.Namespace) -> int:
    from nnviz.data import dataset as datasets
    from nnviz.engine import DivergenceError, Network, evaluate, fit, make_optimizer

    progress = None if a.quiet else _download_bar()
    kw: dict[str, Any] = {"data_dir": a.data_dir, "progress": progress} if a.data == "mnist" else {}
    ds = datasets.load(a.data, seed=a.seed, **kw)
    d = DEFAULTS["mnist" if ds.kind == "image" else "points"]
    sizes = a.layers or [ds.n_features, *d["hidden"], ds.n_classes]
    if sizes[0] != ds.n_features or sizes[-1] != ds.n_classes:
        raise CliError(
            f"--layers must start with {ds.n_features} inputs and end with {ds.n_classes} "
            f"outputs for {ds.name}, got {','.join(map(str, sizes))}"
        )
    net = Network(
        sizes,
        activation=a.activation or d["activation"],
        output="softmax",
        loss="cross_entropy",
        seed=a.seed,
    )
    net.meta = ds.meta()
    opt = make_optimizer(a.optimizer or d["optimizer"], a.lr or d["lr"], weight_decay=a.l2)
    epochs = a.epochs or d["epochs"]
    decay = d["lr_decay"] if a.lr_decay is None else a.lr_decay
    if not 0 < decay <= 1:
        raise CliError(f"--lr-decay must be in (0, 1], got {decay:g}")
    augment = None
    if a.augment:
        if ds.kind != "image":
            raise CliError("--augment works on digit images (--data mnist) only")
        from nnviz.data.augment import augment_digits

        augment = augment_digits
    act, opt_name = a.activation or d["activation"], a.optimizer or d["optimizer"]
    recipe = [
        f"--data {a.data} --layers {','.join(map(str, sizes))}",
        f"--activation {act} --optimizer {opt_name}",
        f"--lr {opt.lr:g} --lr-decay {decay:g} --batch-size {a.batch_size or d['batch_size']}",
        f"--epochs {epochs} --seed {a.seed}" + (f" --l2 {a.l2:g}" if a.l2 else ""),
    ]
    recipe += ["--augment"] if a.augment else []
    bar = None if a.quiet else _epoch_bar(epochs)

    def on_epoch(r: Any) -> None:
        opt.lr *= decay
        if bar is not None:
            bar.update(1)
            bar.set_postfix(loss=f"{r.train_loss:.4f}", acc=f"{r.train_acc:.2%}")

    try:
        fit(
            net,
            opt,
            ds.X_train,
            ds.y_train,
            epochs=epochs,
            batch_size=a.batch_size or d["batch_size"],
            seed=a.seed,
            on_epoch=on_epoch,
            augment=augment,
        )
    except DivergenceError as e:
        raise CliError(str(e)) from None
    finally:
        if bar is not None:
            bar.close()
    loss, acc = evaluate(net, ds.X_test, ds.y_test)
    net.meta.update(trained_with="nnviz train " + " ".join(recipe), test_accuracy=round(acc, 4))
    if a.out:
        net.save(a.out)
    where = f"  saved to {a.out}" if a.out else ""
    print(f"test loss {loss:.4f}  test accuracy {acc:.2%}  ({len(ds.X_test)} samples){where}")
    return 0


def cmd_predict(a: argparse.Namespace) -> int:
    from nnviz.data import load_image, preprocess
    from nnviz.data.dataset import scale_inputs
    from nnviz.engine import load_model

    net = load_model(a.model)
    classes = net.meta.get("classes") or [str(i) for i in range(net.sizes[-1])]
    for item in a.inputs:
        if net.sizes[0] == 784 and not _is_numbers(item):
            x = preprocess(load_image(item))
        else:
            x = scale_inputs(net.meta, np.array([_numbers(item, net.sizes[0])]))[0]
        p = net.forward(x)
        k = int(np.argmax(p))
        probs = "  ".join(f"{c}:{v:.3f}" for c, v in zip(classes, p, strict=False))
        print(f"{item}: {classes[k] if k < len(classes) else k} (p={p[k]:.3f})  [{probs}]")
    return 0


def _is_numbers(text: str) -> bool:
    try:
        [float(s) for s in text.split(",")]
    except ValueError:
        return False
    return True


def _numbers(text: str, n: int) -> list[float]:
    if not _is_numbers(text) or len(text.split(",")) != n:
        raise CliError(f"expected {n} comma-separated numbers, got {text!r}")
    return [float(s) for s in text.split(",")]


def cmd_gradcheck(a: argparse.Namespace) -> int:
    from nnviz.engine import Network, gradcheck

    rng = np.random.default_rng(a.seed)
    net = Network(a.layers, activation=a.activation, dtype=np.float64, seed=a.seed)
    X = rng.normal(size=(8, a.layers[0]))
    y = rng.integers(0, a.layers[-1], 8)
    r = gradcheck(net, X, y)
    verdict = "OK" if r.max_rel_error < 1e-6 else "MISMATCH"
    print(f"{net}: {r.n_checked} parameters, worst relative error {r.max_rel_error:.2e}  {verdict}")
    return 0 if verdict == "OK" else 1


def cmd_fetch(a: argparse.Namespace) -> int:
    from nnviz.data import fetch_mnist

    path = fetch_mnist(source_folder=a.source, progress=_download_bar())
    print(f"MNIST is ready in {path}")
    return 0


def _epoch_bar(epochs: int) -> Any:
    from tqdm import tqdm

    return tqdm(total=epochs, unit="epoch", file=sys.stderr, dynamic_ncols=True)


def _download_bar() -> Any:
    """A progress callback (file, done, total) drawing one tqdm bar per file."""
    from tqdm import tqdm

    bars: dict[str, Any] = {}

    def progress(name: str, done: int, total: int) -> None:
        bar = bars.get(name)
        if bar is None:
            bar = bars[name] = tqdm(
                total=total or None,
                desc=name,
                unit="B",
                unit_scale=True,
                file=sys.stderr,
                leave=False,
            )
        bar.update(done - bar.n)
        if total and done >= total:
            bar.close()

    return progress


def cmd_gui(a: argparse.Namespace) -> int:
    from nnviz.ui.launch import launch

    return launch(getattr(a, "file", None))


COMMANDS = {
    "train": cmd_train,
    "predict": cmd_predict,
    "gradcheck": cmd_gradcheck,
    "fetch-mnist": cmd_fetch,
    "gui": cmd_gui,
    None: cmd_gui,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from nnviz.data import DataFileError
    from nnviz.engine import ModelFileError

    try:
        return COMMANDS[args.command](args)
    except (CliError, ModelFileError, DataFileError, ValueError, OSError) as e:
        msg = str(e).splitlines()[0] if str(e) else type(e).__name__
        print(f"nnviz: error: {msg}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("nnviz: interrupted", file=sys.stderr)
        return 130
