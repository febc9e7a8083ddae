"""The NumPy engine: networks, optimizers, training records (no Qt)."""

from .functions import ACTIVATIONS, HIDDEN_ACTIVATIONS, LOSSES, OUTPUT_ACTIVATIONS
from .gradcheck import GradCheck, gradcheck
from .io import ModelFileError, load_model, save_model
from .network import Dense, Network
from .optim import SGD, Adam, Momentum, Optimizer, make_optimizer
from .record import LayerTrace, OptimizerRecord, Step
from .train import (
    DivergenceError,
    EpochResult,
    History,
    Minibatches,
    evaluate,
    fit,
    regression_metrics,
)

__all__ = [
    "ACTIVATIONS",
    "HIDDEN_ACTIVATIONS",
    "LOSSES",
    "OUTPUT_ACTIVATIONS",
    "SGD",
    "Adam",
    "Dense",
    "DivergenceError",
    "EpochResult",
    "GradCheck",
    "History",
    "LayerTrace",
    "Minibatches",
    "ModelFileError",
    "Momentum",
    "Network",
    "Optimizer",
    "OptimizerRecord",
    "Step",
    "evaluate",
    "fit",
    "gradcheck",
    "load_model",
    "make_optimizer",
    "regression_metrics",
    "save_model",
]
