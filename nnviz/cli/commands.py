"""The `nnviz` command: the app, and `train`, `predict`, `gradcheck`, `fetch-mnist`.

Errors print one line to stderr and exit with status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import numpy as np

from nnviz import __version__
from nnviz.cli.bars import download_bar
from nnviz.cli.train import CliError, add_schedule_options

__all__ = ["CliError", "build_parser", "main"]


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
    g.add_argument(
        "file",
        nargs="?",
        help="a model (.npz), CSV file, .nnviz-setup file or nnviz://setup/ link to open",
    )

    t = sub.add_parser("train", help="train a network headless and save it")
    t.add_argument(
        "--data",
        help="xor, circles, spirals, spirals3, gaussians, mnist, a CSV file (default spirals); "
        "regression: plane, multigauss",
    )
    t.add_argument(
        "--features",
        help="input features, e.g. x1^2,x2^2 (from x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2); "
        "CSV columns: xi, xi^2, xi*xj)",
    )
    t.add_argument(
        "--regression", action="store_true", help="CSV: the last column is a number to predict"
    )
    t.add_argument(
        "--test-fraction",
        type=float,
        help="share of the data held out for testing, 0.1 to 0.9 (default 0.2)",
    )
    t.add_argument(
        "--layers",
        type=_layers,
        help="e.g. 784,128,64,10 (default: the app's, e.g. 784,128,64,10 for mnist)",
    )
    t.add_argument("--activation", help="hidden activation: sigmoid, tanh, relu, leaky_relu")
    t.add_argument("--optimizer", choices=["sgd", "momentum", "adam"])
    t.add_argument("--lr", type=float, help="learning rate")
    add_schedule_options(t)
    t.add_argument("--batch-size", type=int)
    t.add_argument("--epochs", type=int, help="passes over the data (default per data)")
    t.add_argument(
        "--seconds",
        type=float,
        help="train for this many seconds of training time (then stop, even mid-epoch)",
    )
    t.add_argument("--l1", type=float, help="L1 rate: adds l1·Σ|W| to the loss")
    t.add_argument("--l2", type=float, help="L2 rate: adds l2/2·ΣW² to the loss")
    t.add_argument(
        "--weight-decay",
        type=float,
        default=0.0,
        help="the optimizer's weight decay (adds λ·θ to every gradient, biases too)",
    )
    t.add_argument("--seed", type=int)
    t.add_argument(
        "--setup",
        help="a shared setup (code, nnviz://setup/ link or .nnviz-setup file) to train",
    )
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
    pr.add_argument("inputs", nargs="*", help="image files, or comma-separated feature values")
    pr.add_argument("--text", help="a spam filter model: the text of an e-mail to read")
    pr.add_argument("--text-file", help="a spam filter model: a file holding the e-mail")

    gc = sub.add_parser("gradcheck", help="check backprop against finite differences")
    gc.add_argument("--layers", type=_layers, default=[4, 6, 5, 3])
    gc.add_argument("--activation", default="tanh")
    gc.add_argument("--seed", type=int, default=0)

    f = sub.add_parser("fetch-mnist", help="download MNIST, or import it from a folder")
    f.add_argument("--from", dest="source", help="folder holding the four original .gz files")
    return p


def cmd_train(a: argparse.Namespace) -> int:
    from nnviz.cli.train import run_train

    return run_train(a)


def cmd_predict(a: argparse.Namespace) -> int:
    from nnviz.cli.text import predict_text, read_text
    from nnviz.data import load_image, preprocess
    from nnviz.data.dataset import prepare_inputs, unscale_targets
    from nnviz.engine import load_model

    net = load_model(a.model)
    texts = read_text(a.text, a.text_file)
    for name, text in texts:
        print(predict_text(net, name, text))
    if not a.inputs and not texts:
        raise CliError("give inputs to classify, or --text / --text-file for a spam filter")
    classes = net.meta.get("classes") or [str(i) for i in range(net.sizes[-1])]
    st = net.meta.get("standardizer")
    n_raw = len(st["mean"]) if isinstance(st, dict) and "features" in net.meta else net.sizes[0]
    for item in a.inputs:
        if net.sizes[0] == 784 and not _is_numbers(item):
            x = preprocess(load_image(item))
        else:
            x = prepare_inputs(net.meta, np.array([_numbers(item, n_raw)]))[0]
        p = net.forward(x)
        if net.meta.get("task") == "regression":
            value = float(unscale_targets(net.meta, p[None, :])[0, 0])
            print(f"{item}: {value:.6g}")
            continue
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

    path = fetch_mnist(source_folder=a.source, progress=download_bar())
    print(f"MNIST is ready in {path}")
    return 0


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


def _gui_by_default(argv: list[str]) -> list[str]:
    """`nnviz FILE` and `nnviz nnviz://setup/CODE` mean `nnviz gui ...` (a word that is
    neither a command nor a path or link stays an error of the parser)."""
    first = argv[0] if argv else ""
    looks_like_path = "://" in first or "/" in first or "." in first
    if first and not first.startswith("-") and first not in COMMANDS and looks_like_path:
        return ["gui", *argv]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(_gui_by_default(list(sys.argv[1:] if argv is None else argv)))
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
