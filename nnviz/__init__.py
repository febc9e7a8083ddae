"""nnviz: watch neural networks learn.

The public API::

    from nnviz import Network, SGD, Momentum, Adam, load_model
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nnviz.engine import (
    SGD,
    Adam,
    DivergenceError,
    ModelFileError,
    Momentum,
    Network,
    Step,
    gradcheck,
    load_model,
)

__version__ = "0.1.0"

if TYPE_CHECKING:
    from nnviz.data import DataFileError


def __getattr__(name: str) -> Any:
    """Lazy re-exports from `nnviz.data` (keeps `import nnviz` light)."""
    if name == "DataFileError":
        from nnviz.data import DataFileError

        return DataFileError
    if name == "pretrained_digits":
        from nnviz.data.pretrained import pretrained_digits

        return pretrained_digits
    raise AttributeError(f"module 'nnviz' has no attribute {name!r}")


__all__ = [
    "SGD",
    "Adam",
    "DataFileError",
    "DivergenceError",
    "ModelFileError",
    "Momentum",
    "Network",
    "Step",
    "__version__",
    "gradcheck",
    "load_model",
    "pretrained_digits",
]
