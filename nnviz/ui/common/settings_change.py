"""What kind of change new settings make: new data, a new architecture, a new seed or
only new hyperparameters (applied on the fly)."""

from __future__ import annotations

from nnviz.app.settings import Settings

DATA_FIELDS = ("dataset", "n_samples", "noise", "train_fraction", "features", "task")
ARCH_FIELDS = ("hidden", "activations", "output", "loss")


def settings_change(old: Settings, new: Settings) -> str:
    """ "data", "arch", "seed", "hyper" or "" for what differs between two settings."""
    if new.dataset != old.dataset:
        return "data"
    differs = [f for f in old.to_dict() if getattr(old, f) != getattr(new, f)]
    if not differs:
        return ""
    if any(f in DATA_FIELDS for f in differs):
        return "data" if new.kind != "mnist" else "arch"
    if any(f in ARCH_FIELDS for f in differs):
        return "arch"
    if "seed" in differs or "init_seed" in differs:
        return "data" if new.kind != "mnist" else "seed"
    return "hyper"
