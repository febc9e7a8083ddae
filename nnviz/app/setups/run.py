"""A `Setup` made real: its dataset, network and optimizer, built with the engine."""

from __future__ import annotations

from typing import Any

import numpy as np

from nnviz.app import session
from nnviz.app.setups.code import Setup
from nnviz.app.setups.settings import settings_from_setup
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
    """n_features - hidden... - outputs, initialised from init_seed (else seed): the
    session's one network builder, for the settings the setup stands for."""
    net = session.build_network(settings_from_setup(setup), dataset)
    return net if np.dtype(dtype) == net.dtype else net.copy(dtype)  # copy keeps meta


def build_optimizer(setup: Setup) -> Optimizer:
    """The setup's optimizer with its settings (momentum, or Adam's betas)."""
    s = settings_from_setup(setup)
    return make_optimizer(s.optimizer, s.lr, **s.opt_kw())
