"""The engine and the teaching package keep their own layers: a back-import breaks them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("lint-imports")
    if not exe.exists():
        pytest.skip("import-linter is not installed (./setup.sh --test installs it)")
    return subprocess.run(
        [str(exe), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("nnviz/engine/functions.py", "import nnviz.engine.network", "Engine inside"),
        ("nnviz/engine/backprop.py", "import nnviz.engine.network", "Engine inside"),
        ("nnviz/teach/formula.py", "import nnviz.teach.frames", "Teach inside"),
        ("nnviz/teach/explain/forward.py", "import nnviz.teach.frames", "Teach inside"),
        ("nnviz/teach/explain/forward.py", "import nnviz.teach.explain.update", "Explain inside"),
    ],
)
def test_a_back_import_breaks_an_inner_contract(tmp_path, module, line, contract):
    shutil.copytree(
        ROOT / "nnviz", tmp_path / "nnviz", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(target.read_text() + f"\n{line}  # noqa\n")
    r = _lint_imports(tmp_path)
    assert r.returncode != 0, r.stdout
    broken = [s for s in r.stdout.splitlines() if s.endswith("BROKEN")]
    assert any(contract in s for s in broken), r.stdout
