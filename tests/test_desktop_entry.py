"""The .desktop entry opens nnviz:// setup links and passes desktop-file-validate."""

import shutil
import subprocess
from pathlib import Path

import pytest

from nnviz.cli import _gui_by_default

DESKTOP = Path(__file__).parents[1] / "packaging" / "io.github.nnviz.NNViz.desktop"


def test_entry_registers_the_setup_link_scheme():
    lines = dict(line.split("=", 1) for line in DESKTOP.read_text().splitlines() if "=" in line)
    assert "x-scheme-handler/nnviz" in lines["MimeType"].split(";")
    assert lines["Exec"] == "nnviz %u"


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils")
def test_entry_validates():
    r = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert not r.stdout.strip()


def test_links_and_files_open_the_app():
    assert _gui_by_default(["nnviz://setup/1.abc"]) == ["gui", "nnviz://setup/1.abc"]
    assert _gui_by_default(["lesson.nnviz-setup"]) == ["gui", "lesson.nnviz-setup"]
    assert _gui_by_default(["train", "--data", "xor"])[0] == "train"
    assert _gui_by_default(["--version"]) == ["--version"]
    assert _gui_by_default(["trian"]) == ["trian"]  # a typo stays the parser's error
