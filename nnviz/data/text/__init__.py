"""Text data: e-mail decoding and the word tokenizer (`words`), the derived spam dataset
(`spam`) and the builder that derives it from the raw corpus (`build`)."""

from __future__ import annotations

from nnviz.data.text.words import decode_message, message_text, token_spans, tokenize

__all__ = ["decode_message", "message_text", "token_spans", "tokenize"]
