"""`nnviz train`: build the data, network and optimizer from flags or a shared setup,
train headless, print the test metrics (accuracy, or MSE and R² for regression).

Without flags it trains with exactly the app's defaults for the data
(`Settings.defaults_for`: e.g. MNIST 784-128-64-10 ReLU, Adam 2e-3 decayed ×0.85 per
epoch, batches of 128) and the app's learning-rate schedule (`Settings.schedule()`).
`--seconds` stops after that much training time (the minibatch steps; the evaluations
between epochs do not count).
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nnviz.app.settings import Settings
from nnviz.engine import SCHEDULES, LRSchedule

EPOCHS = {"image": 20, "points": 300, "text": 20}  # passes over the data by default


class CliError(Exception):
    """A user-facing error: printed as one line, exit status 2."""


@dataclass
class Plan:
    ds: Any
    net: Any
    opt: Any
    epochs: int
    batch_size: int
    seed: int
    schedule: LRSchedule
    recipe: list[str] = field(default_factory=list)
    augment: Any = None


def add_schedule_options(t: argparse.ArgumentParser) -> None:
    """--lr-schedule, --lr-gamma, --lr-epochs, --lr-min (and the older --lr-decay)."""
    t.add_argument(
        "--lr-schedule",
        choices=SCHEDULES,
        help="learning rate per epoch: constant, step (×gamma every --lr-epochs epochs) or "
        "cosine (down to --lr-min over --lr-epochs epochs); default: the app's for the data",
    )
    t.add_argument("--lr-gamma", type=float, help="step schedule: the factor, in (0, 1]")
    t.add_argument("--lr-epochs", type=int, help="step: epochs per decay; cosine: its length")
    t.add_argument("--lr-min", type=float, help="cosine schedule: the final learning rate")
    t.add_argument(
        "--lr-decay",
        type=float,
        help="multiply the learning rate by this after each epoch (= --lr-schedule step "
        "--lr-gamma X --lr-epochs 1)",
    )


def schedule_of(a: argparse.Namespace, s: Settings, lr: float) -> tuple[Settings, LRSchedule]:
    """The settings with the flags' schedule, and their `schedule()`; bad values raise."""
    kind, gamma, every = a.lr_schedule, a.lr_gamma, a.lr_epochs
    if a.lr_decay is not None:
        if kind not in (None, "step") or every not in (None, 1) or gamma is not None:
            raise CliError("--lr-decay is a step schedule of one epoch; drop the other --lr-*")
        if not 0 < a.lr_decay <= 1:
            raise CliError(f"--lr-decay must be in (0, 1], got {a.lr_decay:g}")
        kind, gamma, every = "step", a.lr_decay, 1
    kind = kind or s.lr_schedule
    gamma = s.lr_gamma if gamma is None else gamma
    every = s.lr_epochs if every is None else every
    lr_min = s.lr_min if a.lr_min is None else a.lr_min
    LRSchedule(kind, lr, gamma, every, every, lr_min)  # the checks, with one-line errors
    s = s.replace(lr=lr, lr_schedule=kind, lr_gamma=gamma, lr_epochs=every, lr_min=lr_min)
    return s, s.schedule()


def _schedule_flags(sched: LRSchedule) -> str:
    text = f"--lr-schedule {sched.kind}"
    if sched.kind == "step":
        text += f" --lr-gamma {sched.gamma:g} --lr-epochs {sched.step}"
    elif sched.kind == "cosine":
        text += f" --lr-epochs {sched.epochs} --lr-min {sched.lr_min:g}"
    return text


def _from_flags(a: argparse.Namespace) -> Plan:
    from nnviz.cli.bars import download_bar
    from nnviz.data import dataset as datasets
    from nnviz.engine import Network, make_optimizer

    data, seed = a.data or "spirals", 0 if a.seed is None else a.seed
    kw: dict[str, Any] = {}
    if data == "mnist":
        if a.features or a.test_fraction is not None or a.regression:
            raise CliError("--features, --test-fraction and --regression need 2-D or CSV data")
        kw = {"data_dir": a.data_dir, "progress": None if a.quiet else download_bar()}
    else:
        if a.test_fraction is not None:
            if not 0.1 <= a.test_fraction <= 0.9:
                raise CliError(f"--test-fraction must be in 0.1..0.9, got {a.test_fraction:g}")
            kw["train_fraction"] = 1.0 - a.test_fraction
        if a.features:
            kw["features"] = a.features
        if a.regression:
            if data in datasets.DATASET_CHOICES:
                raise CliError("--regression is for CSV files; plane and multigauss already are")
            kw["regression"] = True
    ds = datasets.load(data, seed=seed, **kw)
    d = Settings.defaults_for(data, seed)  # the app's defaults: one definition
    sizes = a.layers or [ds.n_features, *d.hidden, ds.n_classes]
    if sizes[0] != ds.n_features or sizes[-1] != ds.n_classes:
        outputs = "1 output" if ds.regression else f"{ds.n_classes} outputs"
        raise CliError(
            f"--layers must start with {ds.n_features} inputs and end with {outputs} "
            f"for {ds.name}, got {','.join(map(str, sizes))}"
        )
    acts = [a.activation] * (len(sizes) - 2) if a.activation else list(d.activations)
    if len(acts) != len(sizes) - 2:  # --layers with another depth than the defaults
        acts = [acts[-1] if acts else "relu"] * (len(sizes) - 2)
    l1, l2 = a.l1 or 0.0, a.l2 or 0.0
    net = Network(
        sizes,
        activation=acts or "relu",
        output="linear" if ds.regression else "softmax",
        loss="mse" if ds.regression else "cross_entropy",
        seed=seed,
        l1=l1,
        l2=l2,
        dtype=np.float32 if ds.kind == "image" else np.float64,  # as the app trains digits
    )
    d = d.replace(optimizer=a.optimizer or d.optimizer)
    d, schedule = schedule_of(a, d, d.lr if a.lr is None else a.lr)
    opt_kw = d.opt_kw()
    opt_kw["weight_decay"] = a.weight_decay or opt_kw["weight_decay"]
    opt = make_optimizer(d.optimizer, schedule.lr_at(0), **opt_kw)
    epochs = a.epochs or EPOCHS.get(ds.kind, 300)
    batch = a.batch_size or d.batch_size
    extra = {
        "--features": a.features,
        "--regression": "" if a.regression else None,
        "--test-fraction": a.test_fraction,
        "--l1": l1 or None,
        "--l2": l2 or None,
        "--weight-decay": opt_kw["weight_decay"] or None,
    }
    act_text = acts[0] if len(set(acts)) == 1 else ",".join(acts)
    recipe = [
        f"--data {data} --layers {','.join(map(str, sizes))}",
        f"--activation {act_text} --optimizer {d.optimizer}",
        f"--lr {schedule.lr:g} {_schedule_flags(schedule)} --batch-size {batch}",
        f"--epochs {epochs} --seed {seed}",
        *(f"{k} {v:g}" if isinstance(v, float) else f"{k} {v}".strip() for k, v in extra.items()
          if v is not None),
    ]  # fmt: skip
    augment = None
    if a.augment:
        if ds.kind != "image":
            raise CliError("--augment works on digit images (--data mnist) only")
        from nnviz.data.augment import augment_digits

        augment = augment_digits
        recipe.append("--augment")
    return Plan(ds, net, opt, epochs, batch, seed, schedule, recipe, augment)


def _from_setup(a: argparse.Namespace) -> Plan:
    from nnviz.app.setups.code import encode, load_setup
    from nnviz.app.setups.run import build_dataset, build_network, build_optimizer
    from nnviz.cli.bars import download_bar

    given = {
        "--data": a.data,
        "--features": a.features,
        "--layers": a.layers,
        "--activation": a.activation,
        "--optimizer": a.optimizer,
        "--lr": a.lr,
        "--batch-size": a.batch_size,
        "--l1": a.l1,
        "--l2": a.l2,
        "--weight-decay": a.weight_decay or None,
        "--seed": a.seed,
        "--test-fraction": a.test_fraction,
        "--regression": a.regression or None,
        "--augment": a.augment or None,
    }
    clash = [k for k, v in given.items() if v is not None]
    if clash:
        raise CliError(f"--setup defines the whole run; drop {', '.join(clash)}")
    setup = load_setup(a.setup)
    kw: dict[str, Any] = {}
    if setup.dataset == "mnist":
        kw = {"data_dir": a.data_dir, "progress": None if a.quiet else download_bar()}
    ds = build_dataset(setup, **kw)
    epochs = a.epochs or EPOCHS.get(ds.kind, 300)
    net, opt = build_network(setup, ds), build_optimizer(setup)
    _, schedule = schedule_of(a, Settings(lr_schedule="constant"), opt.lr)
    recipe = [f"--setup {encode(setup)} --epochs {epochs}"]
    recipe += [_schedule_flags(schedule)] if schedule.kind != "constant" else []
    return Plan(ds, net, opt, epochs, setup.batch_size, setup.seed, schedule, recipe)


def run_train(a: argparse.Namespace) -> int:
    from nnviz.cli.bars import epoch_bar
    from nnviz.engine import DivergenceError, fit

    seconds = getattr(a, "seconds", None)
    if seconds is not None and not 0 < seconds < 1e7:
        raise CliError(f"--seconds must be positive, got {seconds:g}")
    p = _from_setup(a) if a.setup else _from_flags(a)
    ds, net, opt = p.ds, p.net, p.opt
    net.meta = ds.meta()
    epochs = a.epochs or (10**9 if seconds is not None else p.epochs)
    bar = None if a.quiet else epoch_bar(None if epochs >= 10**9 else epochs)
    clock = {"trained": 0.0, "last": 0.0}

    def on_step(k: int, loss: float) -> None:  # only the steps count as training time
        now = time.perf_counter()
        clock["trained"] += now - clock["last"]
        clock["last"] = now

    def on_epoch(r: Any) -> None:
        if bar is not None:
            bar.update(1)
            shown = {"loss": f"{r.train_loss:.4f}"}
            if not ds.regression:
                shown["acc"] = f"{r.train_acc:.2%}"
            bar.set_postfix(**shown)
        clock["last"] = time.perf_counter()

    def out_of_time() -> bool:
        return seconds is not None and clock["trained"] >= seconds

    clock["last"] = time.perf_counter()
    try:
        result = fit(
            net,
            opt,
            ds.X_train,
            ds.y_train,
            epochs=epochs,
            batch_size=p.batch_size,
            seed=p.seed,
            on_step=on_step,
            on_epoch=on_epoch,
            should_stop=out_of_time if seconds is not None else None,
            augment=p.augment,
            schedule=p.schedule,
        )
    except DivergenceError as e:
        raise CliError(str(e)) from None
    finally:
        if bar is not None:
            bar.close()
    if seconds is not None:
        steps = len(result.step_loss)
        p.recipe.append(f"--seconds {seconds:g}")
        net.meta["trained_seconds"] = round(clock["trained"], 2)
        net.meta["trained_steps"] = steps
        done = steps / max(-(-len(ds.X_train) // p.batch_size), 1)
        print(f"trained {steps} steps ({done:.1f} epochs) in {clock['trained']:.1f} s")
    return _report(a, p)


def _report(a: argparse.Namespace, p: Plan) -> int:
    from nnviz.data.dataset import unscale_targets
    from nnviz.engine import evaluate, regression_metrics

    ds, net = p.ds, p.net
    net.meta["trained_with"] = "nnviz train " + " ".join(p.recipe)
    n = f"({len(ds.X_test)} samples)"
    if ds.regression:
        Y = unscale_targets(net.meta, ds.y_test[:, None])
        mse, r2 = regression_metrics(Y, unscale_targets(net.meta, net.forward(ds.X_test)))
        net.meta.update(test_mse=mse, test_r2=round(r2, 4))
        line = f"test MSE {mse:.4g}  test R² {r2:.4f}  {n}"
    else:
        loss, acc = evaluate(net, ds.X_test, ds.y_test)
        net.meta["test_accuracy"] = round(acc, 4)
        line = f"test loss {loss:.4f}  test accuracy {acc:.2%}  {n}"
    if a.out:
        net.save(a.out)
    print(line + (f"  saved to {a.out}" if a.out else ""))
    return 0
