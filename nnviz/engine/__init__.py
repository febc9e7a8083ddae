"""The NumPy engine: networks, optimizers, training records (no Qt)."""

from nnviz.engine.divergence import DivergenceError, DivergenceGuard, suggest_lr
from nnviz.engine.functions import ACTIVATIONS, HIDDEN_ACTIVATIONS, LOSSES, OUTPUT_ACTIVATIONS
from nnviz.engine.gradcheck import GradCheck, gradcheck
from nnviz.engine.io import ModelFileError, load_model, save_model
from nnviz.engine.network import Dense, Network
from nnviz.engine.optim import SGD, Adam, Momentum, Optimizer, make_optimizer
from nnviz.engine.record import LayerTrace, OptimizerRecord, Step
from nnviz.engine.train import EpochResult, FitResult, Minibatches, evaluate, fit

__all__ = [
    "ACTIVATIONS",
    "HIDDEN_ACTIVATIONS",
    "LOSSES",
    "OUTPUT_ACTIVATIONS",
    "SGD",
    "Adam",
    "Dense",
    "DivergenceError",
    "DivergenceGuard",
    "EpochResult",
    "FitResult",
    "GradCheck",
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
    "save_model",
    "suggest_lr",
]
