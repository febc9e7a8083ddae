"""The spam dataset: decoding, tokens, the derived file, splits, bags of words, errors."""

from __future__ import annotations

import gzip
import importlib.util
import os
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from spam_archive import ARCHIVE_NAME, MESSAGES, corpus, write_archive

from nnviz.data import (
    DataFileError,
    bag_of_words,
    load_spam,
    load_spam_messages,
)
from nnviz.data.text.build import build_spam, stratified_split
from nnviz.data.text.words import decode_message, message_text, token_spans, tokenize

REPO = Path(__file__).resolve().parents[2]
RAW = Path(os.environ.get("NNVIZ_SPAM_DIR") or REPO.parent / "shared" / "data" / "spam")


@pytest.fixture(scope="module")
def archive_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("spam-raw")
    write_archive(folder)
    return folder


def test_tokenizer() -> None:
    assert tokenize("Don't e-mail ME: $100!! in 2002") == [
        "don't", "e", "mail", "me", "$", "100", "!", "!", "in", "2002",
    ]  # fmt: skip
    text = "İstanbul, CAFÉ—ok"
    spans = token_spans(text)
    assert [w for _, _, w in spans] == tokenize(text)
    assert all(text[s:e].lower() == w for s, e, w in spans)


@pytest.fixture(scope="module")
def all_train(archive_dir: Path) -> dict[str, Any]:
    """The synthetic corpus built with every message in the training part."""
    return build_spam(archive_dir / ARCHIVE_NAME, test_fraction=0.0, stored_words=10_000)


@pytest.mark.parametrize(("folder", "number", "raw", "expected"), MESSAGES)
def test_build_gives_expected_tokens(
    all_train: dict[str, Any], folder: str, number: str, raw: bytes, expected: set[str]
) -> None:
    data = all_train
    (message,) = [m for m in data["messages"] if m["id"] == f"{folder}/{number}"]
    assert {data["words"][i] for i in message["words"]} == expected
    assert message["label"] == (1 if folder.startswith("spam") else 0)
    assert message["group"] == folder.rsplit("-", 1)[0]


def test_vocabulary_comes_from_the_training_part_only(archive_dir: Path) -> None:
    data = build_spam(archive_dir / ARCHIVE_NAME, stored_words=10_000)
    seen: dict[str, set[str]] = {"train": set(), "test": set()}
    for m in data["messages"]:
        seen[m["split"]].update(data["words"][i] for i in m["words"])
    decoded = {f"{f}/{n}": set(tokenize(message_text(*decode_message(r)))) for f, n, r in corpus()}
    test_only = set().union(
        *(decoded[m["id"]] for m in data["messages"] if m["split"] == "test")
    ) - set().union(*(decoded[m["id"]] for m in data["messages"] if m["split"] == "train"))
    assert test_only and not test_only & set(data["words"])
    assert data["document_frequency"] == sorted(data["document_frequency"], reverse=True)


def test_decoded_text() -> None:
    subjects_bodies = {f"{f}/{n}": decode_message(raw) for f, n, raw, _ in MESSAGES}
    assert subjects_bodies["easy-ham-1/00002"] == (
        "Re: café order",
        "Two cafés au lait, please = thanks",
    )
    assert subjects_bodies["easy-ham-2/00001"] == ("Привет", "Добрый день, мир")
    assert (
        subjects_bodies["hard-ham-1/00001"][1] == "News\n\nWeekly newsletter\n\nRead more & enjoy"
    )
    assert subjects_bodies["spam-2/00002"] == ("Cheap meds", "")


def test_load_spam_shapes_and_values(archive_dir: Path) -> None:
    X_train, y_train, X_test, y_test, vocabulary = load_spam(archive_dir)
    V = len(vocabulary)
    assert 0 < V <= 300
    assert X_train.dtype == X_test.dtype == np.float32
    assert y_train.dtype == y_test.dtype == np.int64
    assert X_train.shape == (len(y_train), V) and X_test.shape == (len(y_test), V)
    assert len(y_train) + len(y_test) == len(corpus())
    for X in (X_train, X_test):
        assert set(np.unique(X)) <= {0.0, 1.0}
    assert set(y_train) == set(y_test) == {0, 1}
    assert len(set(vocabulary)) == V and all(w == w.lower() for w in vocabulary)
    assert load_spam(archive_dir, vocabulary_size=5)[4] == vocabulary[:5]
    assert load_spam(archive_dir / ARCHIVE_NAME)[4] == vocabulary


def test_split_is_stratified_disjoint_and_seeded(archive_dir: Path) -> None:
    train, test = load_spam_messages(archive_dir)
    ids_train, ids_test = {m.id for m in train}, {m.id for m in test}
    assert not ids_train & ids_test
    assert len(ids_train | ids_test) == len(corpus())
    sizes = Counter(m.group for m in train + test)
    tested = Counter(m.group for m in test)
    assert sizes.keys() == {"easy-ham", "hard-ham", "spam"}
    assert all(tested[g] == round(0.2 * n) for g, n in sizes.items())
    assert [m.split for m in train] == ["train"] * len(train)
    y_train, y_test = load_spam(archive_dir)[1], load_spam(archive_dir)[3]
    assert [m.label for m in train] == list(y_train) and [m.label for m in test] == list(y_test)
    groups = ["a"] * 50 + ["b"] * 10
    assert np.array_equal(stratified_split(groups, 0.2, 0), stratified_split(groups, 0.2, 0))
    assert not np.array_equal(stratified_split(groups, 0.2, 0), stratified_split(groups, 0.2, 1))


def test_bag_of_words_of_a_message_is_its_row(archive_dir: Path) -> None:
    X_train, _, X_test, _, vocabulary = load_spam(archive_dir)
    train, test = load_spam_messages(archive_dir)
    raw = {f"{f}/{n}": r for f, n, r in corpus()}
    for X, messages in ((X_train, train), (X_test, test)):
        for row, m in zip(X, messages, strict=True):
            text = message_text(*decode_message(raw[m.id]))
            x = bag_of_words(text, vocabulary)
            assert x.dtype == np.float32 and x.shape == (len(vocabulary),)
            assert np.array_equal(x, row), m.id


def test_bag_of_words_any_text() -> None:
    vocabulary = ["free", "$", "meeting", "don't"]
    x = bag_of_words("FREE free $5 — DON'T wait", vocabulary)
    assert x.tolist() == [1.0, 1.0, 0.0, 1.0]
    assert not bag_of_words("", vocabulary).any()


def test_display_records(archive_dir: Path) -> None:
    train, test = load_spam_messages(archive_dir)
    (m,) = [m for m in train + test if m.id == "easy-ham-1/00001"]
    assert m.subject == "Meeting notes" and m.snippet.startswith("Hello team")
    assert m.text.startswith("Meeting notes\nHello team") and m.label == 0


def test_build_script_writes_what_load_spam_reads(archive_dir: Path, tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_spam", REPO / "scripts" / "build_spam.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.main([str(archive_dir), "--out", str(tmp_path / "spam.json.gz")]) == 0
    for a, b in zip(load_spam(tmp_path), load_spam(archive_dir), strict=True):
        assert np.array_equal(np.asarray(a), np.asarray(b))


def test_shipped_dataset() -> None:
    X_train, y_train, X_test, y_test, vocabulary = load_spam()
    assert X_train.shape == (4837, 300) and X_test.shape == (1209, 300)
    assert len(vocabulary) == 300 and int(y_train.sum() + y_test.sum()) == 1896
    train, test = load_spam_messages()
    assert len(train) == 4837 and {m.group for m in test} == {"easy-ham", "hard-ham", "spam"}
    assert all(len(m.snippet) <= 302 for m in train + test)


@pytest.mark.slow
@pytest.mark.skipif(not RAW.is_dir(), reason=f"SpamAssassin archive not found in {RAW}")
def test_shipped_dataset_matches_a_rebuild() -> None:
    """The shipped file is what the build gives today (decoding and tokenizer unchanged)."""
    rebuilt = load_spam(RAW)
    for a, b in zip(rebuilt, load_spam(), strict=True):
        assert np.array_equal(np.asarray(a), np.asarray(b))
    assert load_spam_messages(RAW) == load_spam_messages()


def _one_line_error(folder: Path) -> str:
    with pytest.raises(DataFileError) as info:
        load_spam(folder)
    message = str(info.value)
    assert "\n" not in message and message
    return message


def test_corrupt_archive(tmp_path: Path, archive_dir: Path) -> None:
    (tmp_path / ARCHIVE_NAME).write_bytes(b"this is not a gzip file\n" * 10)
    assert ARCHIVE_NAME in _one_line_error(tmp_path)
    blob = (archive_dir / ARCHIVE_NAME).read_bytes()
    (tmp_path / ARCHIVE_NAME).write_bytes(blob[: len(blob) // 2])
    assert ARCHIVE_NAME in _one_line_error(tmp_path)


def test_missing_or_empty_archive(tmp_path: Path) -> None:
    assert "no SpamAssassin archive" in _one_line_error(tmp_path)
    assert "no such folder" in _one_line_error(tmp_path / "nowhere")
    (tmp_path / ARCHIVE_NAME).write_bytes(gzip.compress(b""))
    _one_line_error(tmp_path)


def test_corrupt_derived_file(tmp_path: Path) -> None:
    (tmp_path / "spam.json.gz").write_bytes(b"\x1f\x8b broken")
    assert "spam.json.gz" in _one_line_error(tmp_path)
    (tmp_path / "spam.json.gz").write_bytes(gzip.compress(b'{"format": "other"}'))
    assert "not an nnviz spam dataset" in _one_line_error(tmp_path)


def test_spam_is_a_dataset_with_words_for_inputs_and_its_own_defaults():
    from nnviz.app.session import Session, load_dataset
    from nnviz.app.settings import Settings, dataset_kind
    from nnviz.data.dataset import input_size

    s = Settings.defaults_for("spam")
    assert dataset_kind("spam") == "spam" and s.hidden == [32] and s.optimizer == "adam"
    ds = load_dataset(s)
    assert ds.kind == "text" and ds.class_names == ["ham", "spam"]
    assert ds.n_features == input_size("spam") == len(ds.input_names)
    session = Session(s, ds)
    assert session.network.sizes == [300, 32, 2]
    assert session.network.meta["vocabulary"] == ds.input_names
