"""A `Setup` made real: its dataset, network and optimizer, built with the engine."""

from __future__ import annotations

from typing import Any

import numpy as np

from nnviz.app.setups.code import Setup
from nnviz.data.dataset import Dataset, load
from nnviz.engine import Network, Optimizer, make_optimizer


def build_dataset(setup: Setup, **kw: Any) -> Dataset:
    """The setup's data: generated from (dataset, n_samples, noise, seed), split with its
    training share, expanded into its features. `kw` goes to the MNIST loader."""
    if setup.dataset == "mnist":
        return load("mnist", **kw)
    return load(
        setup.dataset,
        seed=setup.seed,
        n=setup.n_samples,
        noise=setup.noise,
        train_fraction=setup.train_fraction,
        features=list(setup.features) or None,
    )


def build_network(setup: Setup, dataset: Dataset, dtype: Any = np.float32) -> Network:
    """n_features - hidden... - outputs, initialised from init_seed (else seed)."""
    net = Network(
        [dataset.n_features, *setup.hidden, dataset.n_classes],
        activation=list(setup.activations),
        output=setup.output,
        loss=setup.loss,
        dtype=dtype,
        seed=setup.seed if setup.init_seed is None else setup.init_seed,
        l1=setup.l1,
        l2=setup.l2,
    )
    net.meta = dataset.meta()
    return net


def build_optimizer(setup: Setup) -> Optimizer:
    """The setup's optimizer with its settings (momentum, or Adam's betas)."""
    kw: dict[str, Any] = {}
    if setup.optimizer == "momentum":
        kw["momentum"] = setup.momentum
    elif setup.optimizer == "adam":
        kw["betas"] = (setup.beta1, setup.beta2)
    return make_optimizer(setup.optimizer, setup.lr, **kw)
