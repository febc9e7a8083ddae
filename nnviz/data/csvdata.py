"""A user's own data set from a CSV file, and feature standardisation.

Format: numeric feature columns followed by one label column (numbers or text), one
sample a row; for regression the last column is a number to predict. Delimiter `,`,
`;`, tab or whitespace; a header row is optional (detected when a feature cell of the
first row is not a number); blank lines and `#` comments are skipped.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nnviz.data.errors import DataFileError

MISSING = {"", "na", "nan", "n/a", "null", "none", "?", "-"}


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise DataFileError(f"{path.name}: cannot read ({err.strerror or err})") from err
    if b"\0" in raw:
        line = raw[: raw.index(b"\0")].count(b"\n") + 1
        raise DataFileError(f"{path.name}, line {line}: binary data, not a CSV text file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _splitter(line: str):
    """A function splitting one line into stripped cells, for the delimiter `line` uses."""
    counts = {d: line.count(d) for d in (",", "\t", ";")}
    delimiter = max(counts, key=counts.__getitem__)
    if counts[delimiter] == 0:
        return lambda s: s.split()
    return lambda s: [c.strip() for c in next(csv.reader([s], delimiter=delimiter))]


def _read_table(path: Path) -> tuple[np.ndarray, list[str], list[int], str]:
    """(X, last-column cells, their line numbers, last column's name) of a CSV file."""
    rows = [
        (i + 1, line)
        for i, line in enumerate(_read_text(path).splitlines())
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not rows:
        raise DataFileError(f"{path.name}: empty file, no data rows")
    split = _splitter(rows[0][1])
    try:
        table = [(no, split(line)) for no, line in rows]
    except csv.Error as err:
        raise DataFileError(f"{path.name}: malformed CSV ({err})") from err
    first_no, first = table[0]
    ncols = len(first)
    if ncols < 2:
        raise DataFileError(
            f"{path.name}, line {first_no}: need at least one feature column and a label column"
        )
    has_header = any(_number(c) is None and c.lower() not in MISSING for c in first[:-1])
    names = first if has_header else [str(j + 1) for j in range(ncols)]
    data = table[1:] if has_header else table
    if not data:
        raise DataFileError(f"{path.name}: only a header, no data rows")

    X = np.empty((len(data), ncols - 1))
    labels = []
    for r, (no, cells) in enumerate(data):
        where = f"{path.name}, line {no}"
        if len(cells) != ncols:
            raise DataFileError(f"{where}: expected {ncols} columns, found {len(cells)}")
        for j, cell in enumerate(cells):
            column = f"column {j + 1}" + (f" ({names[j]!r})" if has_header else "")
            if cell.lower() in MISSING:
                raise DataFileError(f"{where}, {column}: missing value")
            if j == ncols - 1:
                break
            value = _number(cell)
            if value is None or not math.isfinite(value):
                raise DataFileError(f"{where}, {column}: {cell!r} is not a number")
            X[r, j] = value
        labels.append(cells[-1])
    return X, labels, [no for no, _ in data], names[-1] if has_header else "y"


def load_csv(path: Path | str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Read `(X, y, class_names)`: X float64 (n, d), y int64 in 0..k-1, k >= 2 names.

    Labels are mapped to 0..k-1 in sorted order (numerically when all are numbers);
    `class_names[y[i]]` is the label as written. Raises `DataFileError` naming the line
    for missing values, text in a feature column, ragged rows, a single class, an empty
    or binary file.
    """
    path = Path(path)
    X, labels, _, _ = _read_table(path)
    numeric = [_number(c) for c in labels]
    if all(v is not None for v in numeric):
        values = np.array(numeric, dtype=np.float64)
        classes, y = np.unique(values, return_inverse=True)
        class_names = [f"{v:g}" for v in classes]
    else:
        class_names_arr, y = np.unique(np.array(labels), return_inverse=True)
        class_names = [str(c) for c in class_names_arr]
    if len(class_names) < 2:
        raise DataFileError(
            f"{path.name}: every row has the label {labels[0]!r}; need at least two classes"
        )
    return X, y.astype(np.int64).ravel(), class_names


def load_csv_regression(path: Path | str) -> tuple[np.ndarray, np.ndarray, str]:
    """Read `(X, y, target_name)` for regression: the last column is a number to predict.

    y is float64 (n,); target_name is the last column's header (or "y"). Raises
    `DataFileError` naming the line when a target is not a finite number, or when every
    target is the same.
    """
    path = Path(path)
    X, cells, lines, target = _read_table(path)
    y = np.empty(len(cells))
    for r, (cell, no) in enumerate(zip(cells, lines, strict=True)):
        value = _number(cell)
        if value is None or not math.isfinite(value):
            raise DataFileError(
                f"{path.name}, line {no}, column {X.shape[1] + 1}: {cell!r} is not a number "
                "(regression needs a numeric last column)"
            )
        y[r] = value
    if np.ptp(y) == 0:
        raise DataFileError(f"{path.name}: every row has the target {cells[0]}; nothing to learn")
    return X, y, target


@dataclass
class Standardizer:
    """Per-feature standardisation x' = (x - mean) / std, stored with a model.

    Features with zero spread get std = 1 so they map to 0 instead of NaN.
    """

    mean: np.ndarray = field(default_factory=lambda: np.zeros(0))
    std: np.ndarray = field(default_factory=lambda: np.ones(0))

    def fit(self, X: np.ndarray) -> Standardizer:
        """Set mean and std from the rows of X (n, d); returns self."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or len(X) == 0:
            raise ValueError(f"fit needs a non-empty 2-D array, got shape {X.shape}")
        self.mean = X.mean(axis=0)
        std = X.std(axis=0)
        self.std = np.where(std > 1e-12, std, 1.0)
        return self

    def transform(self, X: np.ndarray) -> np.ndarray:
        """(X - mean) / std, in X's floating dtype (float64 for integer input)."""
        X = np.asarray(X)
        if X.shape[-1] != self.mean.shape[-1]:
            raise ValueError(
                f"standardizer has {self.mean.shape[-1]} features, X has {X.shape[-1]}"
            )
        dtype = X.dtype if np.issubdtype(X.dtype, np.floating) else np.float64
        return ((X - self.mean) / self.std).astype(dtype, copy=False)

    def fit_transform(self, X: np.ndarray) -> np.ndarray:
        """fit(X) then transform(X)."""
        return self.fit(X).transform(X)

    def inverse_transform(self, X: np.ndarray) -> np.ndarray:
        """X * std + mean: back to the original units."""
        return np.asarray(X) * self.std + self.mean

    def to_dict(self) -> dict[str, list[float]]:
        """JSON-friendly form: {"mean": [...], "std": [...]}."""
        return {"mean": self.mean.tolist(), "std": self.std.tolist()}

    @classmethod
    def from_dict(cls, d: dict) -> Standardizer:
        """Inverse of `to_dict`."""
        mean = np.asarray(d["mean"], dtype=np.float64)
        std = np.asarray(d["std"], dtype=np.float64)
        if mean.shape != std.shape or mean.ndim != 1:
            raise ValueError("standardizer mean and std must be 1-D of equal length")
        return cls(mean, std)
