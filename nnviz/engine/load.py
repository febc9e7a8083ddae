"""Rebuild a `Network` from a model file written by `Network.save` (`nnviz.engine.io`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nnviz.engine.io import VERSION, ModelFileError, read_model
from nnviz.engine.network import _NO_INIT, Network


def load_model(path: str | Path) -> Network:
    """Read a model written by `Network.save`; raises `ModelFileError` on any problem."""
    path = Path(path)
    header, arrays = read_model(path)
    version = header.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise ModelFileError(
            f"{path}: model format version {version} is newer than this nnviz reads ({VERSION})"
        )
    try:
        sizes = [int(s) for s in header["sizes"]]
        if any(s > 1_000_000 for s in sizes):
            raise ValueError(f"implausible layer width in {sizes}")
        for k in range(len(sizes) - 1):
            # Check shapes before allocating: a small file must not build a huge network.
            want = (sizes[k + 1], sizes[k])
            W, b = arrays.get(f"W{k}"), arrays.get(f"b{k}")
            if W is None or b is None:
                if want[0] * want[1] > 10_000_000:
                    raise KeyError(f"W{k}" if W is None else f"b{k}")
            elif W.shape != want or b.shape != want[:1]:
                raise ValueError(f"layer {k} wants W{want}, got W{W.shape}, b{b.shape}")
            elif W.dtype.kind not in "fiu" or b.dtype.kind not in "fiu":
                raise ValueError(f"layer {k} holds {W.dtype}/{b.dtype}, not real numbers")
        net = Network(
            sizes,
            activation=header["activation"],
            output=header["output"],
            loss=header["loss"],
            dtype=header.get("dtype", "float32"),
            seed=_NO_INIT,  # parameters are read next
            l1=header.get("l1", 0.0),
            l2=header.get("l2", 0.0),
        )
        params = [(arrays[f"W{k}"], arrays[f"b{k}"]) for k in range(len(sizes) - 1)]
        with np.errstate(over="ignore", invalid="ignore"):  # huge values: refused below
            net.set_params(params)
    except KeyError as e:
        raise ModelFileError(f"{path}: the model file lacks {e.args[0]}") from None
    except (ValueError, TypeError) as e:
        raise ModelFileError(f"{path}: the model does not fit its header: {e}") from None
    if not np.all(np.isfinite(net.theta)):
        raise ModelFileError(f"{path}: the model contains NaN or infinite weights")
    meta = header.get("meta", {})
    net.meta = meta if isinstance(meta, dict) else {}
    features = net.meta.get("features")
    if features is not None and (
        not isinstance(features, list)
        or not all(isinstance(f, str) for f in features)
        or len(features) != net.sizes[0]
    ):
        raise ModelFileError(
            f"{path}: the model's input features do not fit its {net.sizes[0]} inputs"
        )
    return net
