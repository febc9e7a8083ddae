"""The layer rules hold, and the tool that checks them would catch a broken one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("lint-imports")
    if not exe.exists():
        pytest.skip("import-linter is not installed (./setup.sh --test installs it)")
    return subprocess.run(
        [str(exe), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_contracts_are_kept():
    r = _lint_imports(ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 broken" in r.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("nnviz/engine/_bad.py", "import nnviz.data\n", "engine"),
        ("nnviz/data/_bad.py", "import PySide6.QtCore\n", "Qt"),
        ("nnviz/engine/_bad.py", "import nnviz.ui.common.colors\n", "Layers"),
    ],
)
def test_a_bad_import_breaks_a_contract(tmp_path, module, line, contract):
    """A copy of the package with one forbidden import in a new module fails the check."""
    shutil.copytree(
        ROOT / "nnviz", tmp_path / "nnviz", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / module).write_text(f'"""A deliberately bad import."""\n\n{line}')
    r = _lint_imports(tmp_path)
    assert r.returncode != 0, r.stdout
    broken = [s for s in r.stdout.splitlines() if s.endswith("BROKEN")]
    assert any(contract in s for s in broken), r.stdout
