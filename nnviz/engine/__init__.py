"""The NumPy engine: networks, optimizers, training records (no Qt).

Modules, each importing only those below it:
    train, gradcheck, load     fit loops; backprop against finite differences; model files in
    network                    Network: parameters in one vector, forward, fit_batch, train_step
    backprop, optim, io        Workspace (forward, delta, dW, db); SGD/Momentum/Adam; saving
    dense                      one layer's W and b
    functions, record          f(z) and f'(z) with their formula text; the Step record
"""

from nnviz.engine.dense import Dense
from nnviz.engine.divergence import DivergenceError, DivergenceGuard, suggest_lr
from nnviz.engine.functions import ACTIVATIONS, HIDDEN_ACTIVATIONS, LOSSES, OUTPUT_ACTIVATIONS
from nnviz.engine.gradcheck import GradCheck, gradcheck
from nnviz.engine.io import ModelFileError, save_model
from nnviz.engine.load import load_model
from nnviz.engine.network import Network
from nnviz.engine.optim import SGD, Adam, Momentum, Optimizer, make_optimizer
from nnviz.engine.record import LayerTrace, OptimizerRecord, Step
from nnviz.engine.schedule import SCHEDULES, LRSchedule
from nnviz.engine.train import (
    EpochResult,
    FitResult,
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
    "SCHEDULES",
    "SGD",
    "Adam",
    "Dense",
    "DivergenceError",
    "DivergenceGuard",
    "EpochResult",
    "FitResult",
    "GradCheck",
    "LRSchedule",
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
    "suggest_lr",
]
