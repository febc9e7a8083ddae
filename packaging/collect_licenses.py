"""Put the licences of nnviz and of everything the bundle ships into DEST/licenses/.

    .venv/bin/python packaging/collect_licenses.py dist/nnviz

Copies each bundled distribution's licence files (from its .dist-info), nnviz's LICENSE,
the LGPL-3.0 and GPL-3.0 texts for Qt/PySide6 (from /usr/share/common-licenses when the
wheel ships none) and packaging/THIRD-PARTY.md.
"""

from __future__ import annotations

import shutil
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DISTRIBUTIONS = ["PySide6_Essentials", "shiboken6", "pyqtgraph", "numpy", "pillow",
                 "platformdirs", "tqdm"]  # fmt: skip
COMMON = Path("/usr/share/common-licenses")


def licence_files(dist: metadata.Distribution) -> list[tuple[Path, Path]]:
    """(file, path to copy it to) for each licence file in the dist-info."""
    out = []
    for f in dist.files or []:
        parts = [p.lower() for p in f.parts]
        named = parts[-1].startswith(("license", "licence", "copying", "notice"))
        if parts[0].endswith(".dist-info") and ("licenses" in parts or named):
            rel = f.parts[parts.index("licenses") + 1 :] if "licenses" in parts else f.parts[-1:]
            out.append((Path(str(dist.locate_file(f))), Path(*rel)))
    return [(src, rel) for src, rel in out if src.is_file()]


def main(dest: Path) -> int:
    target = dest / "licenses"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "LICENSE", target / "nnviz-LICENSE.txt")
    shutil.copy(ROOT / "packaging" / "THIRD-PARTY.md", dest / "THIRD-PARTY.md")
    n = 1
    for name in DISTRIBUTIONS:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        for src, rel in licence_files(dist):
            out = target / name / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, out)
            n += 1
    for text in ("LGPL-3", "GPL-3"):
        if (COMMON / text).is_file():
            shutil.copy(COMMON / text, target / f"{text}.0.txt")
            n += 1
    print(f"collect_licenses: {n} files in {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "dist/nnviz")))
