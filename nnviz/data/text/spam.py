"""The spam filter's data: SpamAssassin e-mails as binary bags of words.

A message is read as its subject and decoded body (`nnviz.data.text.words`); input i of the
network is 1 when word `vocabulary[i]` occurs in it, else 0:

    x_i = 1[vocabulary[i] in tokenize(subject + "\\n" + body)]

The vocabulary is the V most common words of the training part (by the number of
training messages containing them). The app ships the derived dataset in
`resources/spam/spam.json.gz`, built by `scripts/build_spam.py` from the raw archive.
"""

from __future__ import annotations

import functools
import gzip
import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from nnviz.data.errors import DataFileError
from nnviz.data.samples import resource_path
from nnviz.data.text.build import FORMAT, build_spam, find_archive
from nnviz.data.text.words import tokenize

SPAM_FILE = ("spam", "spam.json.gz")
DEFAULT_VOCABULARY = 300
CLASS_NAMES = ("ham", "spam")


@dataclass(frozen=True)
class SpamMessage:
    """One e-mail as the app shows it: the row of X it belongs to and what to display."""

    id: str  # "<corpus folder>/<number>", e.g. "spam-2/00001"
    group: str  # "easy-ham", "hard-ham" or "spam"
    label: int  # 0 = ham, 1 = spam
    split: str  # "train" or "test"
    subject: str
    snippet: str  # the first ~300 characters of the decoded body
    words: tuple[int, ...]  # indices of its distinct words in the stored word list

    @property
    def text(self) -> str:
        """Subject and snippet, as a reader sees it (the row of X uses the whole body)."""
        return f"{self.subject}\n{self.snippet}" if self.subject else self.snippet


def _check(data: Any, name: str) -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DataFileError(f"{name}: not an nnviz spam dataset (expected format {FORMAT})")
    words, messages = data.get("words"), data.get("messages")
    if not isinstance(words, list) or not isinstance(messages, list) or not messages:
        raise DataFileError(f"{name}: the spam dataset has no words or no messages")
    return data


@functools.lru_cache(maxsize=4)
def _read_derived(path: str, mtime: float) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            data = json.loads(gzip.decompress(f.read()).decode("utf-8"))
    except FileNotFoundError as err:
        raise DataFileError(
            f"{path}: the spam dataset is missing (run scripts/build_spam.py)"
        ) from err
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, ValueError) as err:
        reason = " ".join(str(err).split()) or type(err).__name__
        raise DataFileError(f"{Path(path).name}: unreadable spam dataset ({reason})") from err
    return _check(data, Path(path).name)


@functools.lru_cache(maxsize=2)
def _build_cached(source: str, mtime: float) -> dict[str, Any]:
    return build_spam(source)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def spam_dataset(data_dir: str | Path | None = None) -> dict[str, Any]:
    """The derived dataset as a dict (see `spam_build.build_spam`): the shipped file
    (`data_dir=None`), else `data_dir/spam.json.gz` when it exists, else rebuilt from the
    raw archive in `data_dir` (or `data_dir` is the archive itself); cached in memory."""
    if data_dir is None:
        path = resource_path(*SPAM_FILE)
        return _read_derived(str(path), _mtime(path))
    data_dir = Path(data_dir)
    if data_dir.is_file():  # the archive itself, or a derived file
        if data_dir.name.endswith(".json.gz"):
            return _read_derived(str(data_dir), _mtime(data_dir))
        return _build_cached(str(data_dir), _mtime(data_dir))
    derived = data_dir / SPAM_FILE[1]
    if derived.is_file():
        return _read_derived(str(derived), _mtime(derived))
    source = find_archive(data_dir)
    return _build_cached(str(source), _mtime(source))


def _bags(messages: list[dict[str, Any]], V: int) -> np.ndarray:
    X = np.zeros((len(messages), V), dtype=np.float32)
    for row, m in zip(X, messages, strict=True):
        words = m["words"]
        row[[i for i in words if i < V]] = 1.0
    return X


def load_spam(
    data_dir: str | Path | None = None, vocabulary_size: int = DEFAULT_VOCABULARY
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """`(X_train, y_train, X_test, y_test, vocabulary)`.

    X float32 in {0, 1} of shape (n, V), y int64 (0 = ham, 1 = spam), `vocabulary` the
    V = `vocabulary_size` most common training words (fewer if the corpus has fewer
    distinct words; column i of X is word i). Rows
    follow `load_spam_messages()`. `data_dir` holding the raw archive rebuilds from it;
    a missing or corrupt archive raises `DataFileError`.
    """
    data = spam_dataset(data_dir)
    if vocabulary_size < 1:
        raise ValueError(f"vocabulary_size must be >= 1, got {vocabulary_size}")
    words = data["words"]
    vocabulary_size = min(vocabulary_size, len(words))
    parts = []
    for split in ("train", "test"):
        messages = [m for m in data["messages"] if m["split"] == split]
        y = np.array([m["label"] for m in messages], dtype=np.int64)
        parts += [_bags(messages, vocabulary_size), y]
    return parts[0], parts[1], parts[2], parts[3], list(words[:vocabulary_size])


def load_spam_messages(
    data_dir: str | Path | None = None,
) -> tuple[list[SpamMessage], list[SpamMessage]]:
    """`(train, test)` display records, in the order of the rows of `load_spam`."""
    data = spam_dataset(data_dir)
    out: dict[str, list[SpamMessage]] = {"train": [], "test": []}
    for m in data["messages"]:
        out[m["split"]].append(
            SpamMessage(
                m["id"],
                m["group"],
                int(m["label"]),
                m["split"],
                m["subject"],
                m["snippet"],
                tuple(m["words"]),
            )
        )
    return out["train"], out["test"]


@functools.lru_cache(maxsize=8)
def _index(vocabulary: tuple[str, ...]) -> dict[str, int]:
    return {w: i for i, w in enumerate(vocabulary)}


def word_index(vocabulary: Sequence[str]) -> dict[str, int]:
    """{word: column} of a vocabulary (cached; do not modify the returned dict)."""
    return _index(tuple(vocabulary))


def bag_of_words(text: str, vocabulary: Sequence[str]) -> np.ndarray:
    """(V,) float32: x_i = 1 if `vocabulary[i]` is a word of `text`, else 0 (same
    tokenizer as the dataset, so a message's full text gives its row of X)."""
    index = word_index(vocabulary)
    x = np.zeros(len(vocabulary), dtype=np.float32)
    hits = [i for i in map(index.get, set(tokenize(text))) if i is not None]
    x[hits] = 1.0
    return x
