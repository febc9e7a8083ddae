"""Screenshots of the Draw and Step workspaces for the README (run on an X display).

    QT_QPA_PLATFORM=xcb .venv/bin/python scripts/workspace_screenshots.py [WxH] [OUT_DIR]

Writes OUT_DIR/draw-workspace-WxH.png (a sample 2 drawn, read by the pretrained digits)
and OUT_DIR/step-workspace-WxH.png (the worked example at its first backward phase).
Uses the settings folder of $XDG_CONFIG_HOME (give it a fresh one).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path


def pump(app: object, seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.005)


def main() -> int:
    from nnviz.ui.app import create_app
    from nnviz.ui.shell.main_window import MainWindow

    size = tuple(int(v) for v in (sys.argv[1] if len(sys.argv) > 1 else "1280x720").split("x"))
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = create_app()
    w = MainWindow(restore=False)
    w.setConfirmOnClose(False)
    w.show()
    pump(app, 0.5)
    w.resize(*size)
    pump(app, 0.5)
    w.showWorkspace("draw")
    pump(app, 1.5)  # the workspace's panels settle
    panel = w.drawPanel
    labels = list(panel.gallery.labels)
    panel.gallery.click(labels.index(2))
    pump(app, 1.0)
    tag = f"{size[0]}x{size[1]}"
    w.grab().save(str(out / f"draw-workspace-{tag}.png"))
    w.showWorkspace("step")
    pump(app, 1.5)
    step = w.stepPanel
    step.setFrame(3)  # the first backward phase of the worked example
    pump(app, 0.8)
    w.grab().save(str(out / f"step-workspace-{tag}.png"))
    w.close()
    pump(app, 0.3)
    print(f"wrote {out}/draw-workspace-{tag}.png and step-workspace-{tag}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
