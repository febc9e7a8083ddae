"""The one mapping between a shareable `Setup` and the app's `Settings`."""

from __future__ import annotations

from nnviz.app.settings import Settings
from nnviz.app.setups.code import DATASETS, Setup, SetupError


def settings_from_setup(setup: Setup, base: Settings | None = None) -> Settings:
    """Settings that run `setup` step for step (fields a setup does not name, such as the
    speed, keep `base`'s values; the learning rate stays constant)."""
    base = base or Settings()
    return base.replace(
        dataset=setup.dataset,
        n_samples=setup.n_samples,
        noise=setup.noise,
        seed=setup.seed,
        init_seed=setup.init_seed,
        train_fraction=setup.train_fraction,
        features=list(setup.features),
        hidden=list(setup.hidden),
        activations=list(setup.activations),
        output=setup.output,
        loss=setup.loss,
        optimizer=setup.optimizer,
        lr=setup.lr,
        lr_schedule="constant",
        momentum=setup.momentum,
        beta1=setup.beta1,
        beta2=setup.beta2,
        weight_decay=0.0,
        l1=setup.l1,
        l2=setup.l2,
        batch_size=setup.batch_size,
    )


def setup_from_settings(s: Settings) -> Setup:
    """The `Setup` of the settings; `SetupError` (one line) when they cannot be shared as
    one (CSV files, the spam e-mails, a learning-rate schedule, weight decay)."""
    if s.dataset not in DATASETS:
        raise SetupError(f"a setup names a built-in data set; {s.dataset_label} cannot be shared")
    if s.lr_schedule != "constant":
        raise SetupError("a setup keeps the learning rate constant: set the schedule to constant")
    if s.weight_decay:
        raise SetupError("a setup has no weight decay: use the L2 penalty instead")
    return Setup(
        dataset=s.dataset,
        n_samples=s.n_samples,
        noise=round(s.noise, 6),
        seed=s.seed,
        init_seed=s.init_seed,
        train_fraction=s.train_fraction,
        features=tuple(s.features),
        hidden=tuple(s.hidden),
        activations=tuple(s.activations),
        output=s.output,
        loss=s.loss,
        optimizer=s.optimizer,
        lr=s.lr,
        momentum=s.momentum,
        beta1=s.beta1,
        beta2=s.beta2,
        l1=s.l1,
        l2=s.l2,
        batch_size=s.batch_size,
    )
