"""`nnviz train --data spam` and `nnviz predict model.npz --text/--text-file`."""

from __future__ import annotations

import contextlib
import io

import pytest

from nnviz.cli import main
from nnviz.data import load_spam
from nnviz.engine import load_model

SPAMMY = "FREE money!!! Click here to claim your cash prize now, limited offer, order today"
NORMAL = "Hi Tom, the meeting about the kernel patch moved to Thursday. I wrote the notes."


@pytest.fixture(scope="module")
def spam_model(tmp_path_factory):
    """The default spam filter, trained by the CLI (a few seconds), and its last line."""
    out = tmp_path_factory.mktemp("spam") / "spam.npz"
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["train", "--data", "spam", "--quiet", "--out", str(out)]) == 0
    return out, buf.getvalue().strip().splitlines()[-1]


def test_train_spam_reaches_97_percent_and_stores_the_vocabulary(spam_model):
    path, line = spam_model
    acc = float(line.split("test accuracy ")[1].split("%")[0])
    assert acc >= 97.0, line
    net = load_model(path)
    assert net.sizes == [300, 32, 2]
    vocab = load_spam()[4]
    assert net.meta["vocabulary"] == list(vocab) and net.meta["dataset"] == "spam"
    assert net.meta["classes"] == ["ham", "spam"]


def test_predict_text_prints_p_spam_and_top_words(spam_model, tmp_path, capsys):
    path, _ = spam_model
    assert main(["predict", str(path), "--text", SPAMMY]) == 0
    out = capsys.readouterr().out
    assert out.startswith("--text: spam  P(spam) = ")
    p = float(out.split("P(spam) = ")[1].split()[0])
    assert p > 0.5 and "towards spam: " in out and "click" in out
    f = tmp_path / "mail.txt"
    f.write_text(NORMAL, encoding="utf-8")
    assert main(["predict", str(path), "--text-file", str(f)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{f}: ham") and float(out.split("P(spam) = ")[1].split()[0]) < 0.5


@pytest.mark.parametrize(
    "args, message",
    [
        (["--text-file", "/no/such/mail.txt"], "cannot read /no/such/mail.txt"),
        ([], "give inputs to classify, or --text"),
    ],
)
def test_predict_text_errors_are_one_line(spam_model, capsys, args, message):
    path, _ = spam_model
    assert main(["predict", str(path), *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_predict_text_with_a_model_that_does_not_read_text(tmp_path, capsys):
    out = tmp_path / "xor.npz"
    assert main(["train", "--data", "xor", "--epochs", "2", "--quiet", "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["predict", str(out), "--text", "hello"]) == 2
    assert "does not read text" in capsys.readouterr().err
