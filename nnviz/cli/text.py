"""`nnviz predict model.npz --text "..."`: what a spam filter makes of a text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

TOP_WORDS = 5  # words shown on each side


def read_text(text: str | None, text_file: str | None) -> list[tuple[str, str]]:
    """(name, text) of the texts to read: --text and/or the contents of --text-file."""
    out = []
    if text is not None:
        out.append(("--text", text))
    if text_file is not None:
        try:
            out.append((text_file, Path(text_file).read_text(encoding="utf-8", errors="replace")))
        except OSError as e:
            raise OSError(f"cannot read {text_file}: {e.strerror or e}") from None
    return out


def predict_text(net: Any, name: str, text: str, k: int = TOP_WORDS) -> str:
    """One report: P(spam), the verdict and the words that push most either way
    (gradient × input, `nnviz.analysis.words`)."""
    from nnviz.analysis.words import read_message

    vocab = net.meta.get("vocabulary")
    if not isinstance(vocab, list) or len(vocab) != net.sizes[0] or net.sizes[-1] not in (1, 2):
        raise ValueError(
            f"{name}: this model does not read text (no vocabulary in it); "
            "train one with: nnviz train --data spam --out spam.npz"
        )
    r = read_message(net.copy(np.float64), text, vocab)
    c = r.contributions
    order = np.argsort(c, kind="stable")
    spam = [f"{vocab[i]} {c[i]:+.2f}" for i in order[::-1][:k] if c[i] > 0]
    ham = [f"{vocab[i]} {c[i]:+.2f}" for i in order[:k] if c[i] < 0]
    verdict = "spam" if r.probability >= 0.5 else "ham"
    lines = [f"{name}: {verdict}  P(spam) = {r.probability:.3f}  ({int(r.x.sum())} known words)"]
    lines.append("  towards spam: " + (", ".join(spam) or "–"))
    lines.append("  towards ham:  " + (", ".join(ham) or "–"))
    return "\n".join(lines)
