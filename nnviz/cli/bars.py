"""Progress bars on stderr (tqdm) for training and downloads."""

from __future__ import annotations

import sys
from typing import Any


def epoch_bar(epochs: int | None) -> Any:
    """One bar over the epochs (a counter when their number is open)."""
    from tqdm import tqdm

    return tqdm(total=epochs, unit="epoch", file=sys.stderr, dynamic_ncols=True)


def download_bar() -> Any:
    """A progress callback (file, done, total) drawing one tqdm bar per file."""
    from tqdm import tqdm

    bars: dict[str, Any] = {}

    def progress(name: str, done: int, total: int) -> None:
        bar = bars.get(name)
        if bar is None:
            bar = bars[name] = tqdm(
                total=total or None,
                desc=name,
                unit="B",
                unit_scale=True,
                file=sys.stderr,
                leave=False,
            )
        bar.update(done - bar.n)
        if total and done >= total:
            bar.close()

    return progress
