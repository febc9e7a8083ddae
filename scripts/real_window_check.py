"""Drive the real nnviz window on a real X display (Xvfb) and screenshot each step.

Run through scripts/real_window_check.sh (which starts Xvfb), or on any X display:

    QT_QPA_PLATFORM=xcb .venv/bin/python scripts/real_window_check.py [--out DIR]

Steps: start (the window is mapped and found by xdotool), train (a few steps in the
worker process), draw (a stroke on the draw panel's canvas with the real mouse),
backprop (new step, step through frames), workspaces (Ctrl+2, Ctrl+3, Ctrl+1 switch while
training goes on; Draw draws the network that reads the drawing), presentation (Ctrl+=
text size, F5 presentation on and off, Ctrl+0), help (F1 opens the quick tour), export
(network PNG), quit. Each step saves DIR/NN-step.png. On failure it prints the step that failed
and exits 1; Qt warnings and uncaught exceptions also fail the check.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

from PySide6.QtCore import QPoint, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nnviz.ui.app import create_app  # noqa: E402
from nnviz.ui.crash import install_excepthook  # noqa: E402


class CheckFailed(Exception):
    pass


def wait_until(cond: Callable[[], bool], timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        QApplication.processEvents()
        if cond():
            return
        QTest.qWait(20)
    raise CheckFailed(f"timed out after {timeout:.0f} s waiting for {what}")


def xdotool(*args: str) -> str:
    if not shutil.which("xdotool"):
        return ""
    r = subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=10)
    return r.stdout.strip()


class Check:
    def __init__(self, out: Path):
        self.out = out
        self.n = 0
        self.warnings: list[str] = []
        self.crashes: list[str] = []
        self.app = create_app()
        self.handler = install_excepthook(
            self.app, show_dialog=lambda message, details, log: self.crashes.append(details)
        )
        qInstallMessageHandler(self._qt_message)
        self.window: object = None
        self.wid = ""

    def _qt_message(self, kind: QtMsgType, context: object, text: str) -> None:
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            self.warnings.append(text)
            print(f"  Qt warning: {text}", file=sys.stderr)

    def shot(self, name: str) -> Path:
        self.n += 1
        path = self.out / f"{self.n:02d}-{name}.png"
        QTest.qWait(300)  # let repaints land
        if shutil.which("import"):
            subprocess.run(["import", "-window", "root", str(path)], timeout=30, check=False)
        if not path.exists() and self.window is not None:
            self.window.grab().save(str(path))  # type: ignore[attr-defined]
        return path

    def run(self, name: str, fn: Callable[[], str | None]) -> None:
        t = time.monotonic()
        try:
            note = fn()
            if self.crashes:
                raise CheckFailed(f"uncaught exception in the app:\n{self.crashes[-1]}")
        except Exception as e:
            try:
                self.shot(f"{name}-FAILED")
            finally:
                detail = str(e) if isinstance(e, CheckFailed) else traceback.format_exc()
                print(f"real-window check FAILED at step '{name}': {detail}", file=sys.stderr)
            raise SystemExit(1) from None
        self.shot(name)
        print(f"ok  {name:<9} {time.monotonic() - t:5.1f} s  {note or ''}")

    # ------------------------------------------------------------ steps

    def start(self) -> str:
        from nnviz.ui.shell.main_window import MainWindow

        w = self.window = MainWindow(restore=False)
        w.setConfirmOnClose(False)
        w.resize(1600, 900)
        w.show()
        wait_until(w.isVisible, 10, "the window to be shown")
        QTest.qWaitForWindowExposed(w, 10000)
        wid = ""
        if shutil.which("xdotool"):
            deadline = time.monotonic() + 10
            while not wid and time.monotonic() < deadline:
                QTest.qWait(100)
                wid = xdotool("search", "--onlyvisible", "--name", "nnviz").splitlines()[-1:]
                wid = wid[0] if wid else ""
            if not wid:
                raise CheckFailed("xdotool search --onlyvisible --name nnviz found no window")
            xdotool("windowfocus", "--sync", wid)
        self.wid = wid
        return f"window id {wid or '(xdotool missing)'}"

    def train(self) -> str:
        w = self.window
        w.actions["play"].trigger()  # type: ignore[attr-defined]
        wait_until(lambda: w.session.step >= 30, 90, "30 training steps")  # type: ignore[attr-defined]
        w.sessionQt.pause()  # type: ignore[attr-defined]
        losses = w.session.history.losses  # type: ignore[attr-defined]
        if len(losses) == 0 or not np.all(np.isfinite(losses)):
            raise CheckFailed(f"no finite loss history after training ({len(losses)} values)")
        for size in ((1280, 720), (1600, 900)):  # a projector's size and back
            w.resize(*size)
            self.check_tab_bars(f"at {size[0]}x{size[1]}")
        return f"{w.session.step} steps, loss {losses[-1]:.3f}"  # type: ignore[attr-defined]

    def check_tab_bars(self, when: str) -> None:
        """Every dock tab bar shown lies inside the window and belongs to a shown panel
        (Qt may leave bars of an earlier layout behind, painted over other panels)."""
        from PySide6.QtWidgets import QTabBar

        w = self.window
        QTest.qWait(400)
        shown = {d.windowTitle() for d in w.docks.widgets() if d.isVisible()}  # type: ignore[attr-defined]
        for bar in w.findChildren(QTabBar):
            if bar.parent() is not w or not bar.isVisible() or bar.objectName():
                continue
            front = bar.tabText(bar.currentIndex())
            if not w.rect().contains(bar.geometry()) or front not in shown:
                tabs = " | ".join(bar.tabText(i) for i in range(bar.count()))
                raise CheckFailed(f"{when}: a stale tab bar ({tabs}) at {bar.geometry().getRect()}")

    def draw(self) -> str:
        w = self.window
        panel = getattr(w, "drawPanel", None)
        if panel is None:
            return "SKIPPED: the window has no draw panel"
        dock = w.panel("draw")  # type: ignore[attr-defined]
        dock.show()
        # Float it at a usable size: docked among all the others it may be very small.
        docked_size = panel.canvas.size()
        dock.setFloating(True)
        dock.resize(560, 820)
        dock.move(520, 40)
        dock.raise_()
        dock.activateWindow()
        wait_until(lambda: panel.canvas.height() > 200, 10, "the floating draw panel")
        QTest.qWait(300)
        canvas: QWidget = panel.canvas
        before = panel.updates
        side = min(canvas.width(), canvas.height())
        pts = [QPoint(int(side * 0.45 + side * 0.1 * t), int(side * (0.2 + 0.6 * t))) for t in
               np.linspace(0, 1, 12)]  # fmt: skip
        if shutil.which("xdotool") and self.wid:
            g = [canvas.mapToGlobal(p) for p in pts]
            args = ["mousemove", str(g[0].x()), str(g[0].y()), "mousedown", "1"]
            for p in g[1:]:
                args += ["mousemove", str(p.x()), str(p.y())]
            subprocess.run(["xdotool", *args, "mouseup", "1"], timeout=20, check=True)
        else:
            QTest.mousePress(canvas, Qt.MouseButton.LeftButton, pos=pts[0])
            for p in pts[1:]:
                QTest.mouseMove(canvas, p)
            QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=pts[-1])
        wait_until(lambda: not canvas.isEmpty() and panel.updates > before, 10, "the prediction")
        p = panel.probs
        self.shot("draw-floating")
        dock.setFloating(False)
        dock.raise_()
        QTest.qWait(200)
        size = f"{docked_size.width()}x{docked_size.height()}"
        return f"predicted {int(np.argmax(p))} (p={float(np.max(p)):.2f}); docked canvas {size}"

    def backprop(self) -> str:
        w = self.window
        panel = getattr(w, "stepPanel", None)
        if panel is None:
            raise CheckFailed("the window has no backprop step panel")
        dock = w.panel("step")  # type: ignore[attr-defined]
        dock.show()
        dock.raise_()
        panel.newStep()
        seen = [panel.frame()]
        for _ in range(4):
            QTest.keyClick(panel, Qt.Key.Key_Right)
            QTest.qWait(100)
            seen.append(panel.frame())
        if len(set(seen)) < 4:
            raise CheckFailed(f"Right arrow did not step through frames: {seen}")
        return " -> ".join(f.title(len(panel.step.layers)) for f in seen[:4]) + " ..."

    def workspaces(self) -> str:
        """Ctrl+2, Ctrl+3, Ctrl+1 with real keys: each workspace comes up, training goes on."""
        w = self.window
        w.sessionQt.play()  # type: ignore[attr-defined]
        seen = []
        for key, name in (("ctrl+2", "draw"), ("ctrl+3", "step"), ("ctrl+1", "train")):
            before = w.session.step  # type: ignore[attr-defined]
            if self.wid:
                xdotool("windowfocus", "--sync", self.wid)
                xdotool("key", key)
            else:
                w.showWorkspace(name)  # type: ignore[attr-defined]
            wait_until(lambda name=name: w.currentWorkspace() == name, 10, f"the {name} workspace")  # type: ignore[attr-defined]
            wait_until(lambda b=before: w.session.step > b, 30, "training to go on")  # type: ignore[attr-defined]
            reader = w.drawPanel.readingNetwork()  # type: ignore[attr-defined]
            if name == "draw" and w.networkView.shownNetwork() is not reader:  # type: ignore[attr-defined]
                raise CheckFailed("the Draw workspace draws another network than the reader")
            self.shot(f"workspace-{name}")
            seen.append(name)
        w.sessionQt.pause()  # type: ignore[attr-defined]
        return " -> ".join(seen) + ", training went on"

    def presentation(self) -> str:
        """Ctrl+= twice, F5 on and off, Ctrl+0 with real keys: text size and presentation."""
        w = self.window
        text, pres = w.textSize, w.presentation  # type: ignore[attr-defined]

        def key(k: str, fallback: Callable[[], object]) -> None:
            if self.wid:
                xdotool("windowfocus", "--sync", self.wid)
                xdotool("key", k)
            else:
                fallback()

        shown = [n for n in w.docks.names() if w.panel(n).isVisible()]  # type: ignore[attr-defined]
        key("ctrl+equal", text.larger)
        key("ctrl+equal", text.larger)
        wait_until(lambda: text.scale() > 1.2, 10, "Ctrl+= to enlarge the text")
        key("F5", pres.action.trigger)
        wait_until(pres.isOn, 10, "F5 to start the presentation")
        QTest.qWait(300)
        self.shot("presentation")
        left = [n for n in w.docks.names() if w.panel(n).isVisible()]  # type: ignore[attr-defined]
        key("F5", pres.action.trigger)
        wait_until(lambda: not pres.isOn(), 10, "F5 to end the presentation")
        key("ctrl+0", text.normal)
        wait_until(lambda: text.scale() == 1.0, 10, "Ctrl+0 for the normal text size")
        back = [n for n in w.docks.names() if w.panel(n).isVisible()]  # type: ignore[attr-defined]
        if back != shown:
            raise CheckFailed(f"presentation did not restore the panels: {shown} -> {back}")
        return f"text 1.3x; presentation kept {', '.join(left)}; all back"

    def help(self) -> str:
        w = self.window
        helper = getattr(w, "helpActions", None)
        if helper is None:
            raise CheckFailed("the Help menu is not installed")
        if self.wid:
            xdotool("windowfocus", "--sync", self.wid)
            xdotool("key", "F1")
        else:
            helper.tourAction.trigger()
        wait_until(lambda: helper.tour is not None and helper.tour.isVisible(), 10, "the tour")
        tour = helper.tour
        if self.wid:
            QTest.qWait(200)
            xdotool("key", "Right")
        else:
            QTest.keyClick(tour, Qt.Key.Key_Right)
        wait_until(lambda: tour.stack.currentIndex() == 1, 5, "Right to turn the tour's page")
        self.shot("tour")
        tour.close()
        return "F1 opened the quick tour, Right turned its page"

    def export(self) -> str:
        w = self.window
        path = self.out / "network-export.png"
        w.exporter.askPath = lambda *a: str(path)  # type: ignore[attr-defined]
        if not w.exporter.exportNetworkPNG():  # type: ignore[attr-defined]
            raise CheckFailed("exporting the network picture failed")
        if path.stat().st_size < 1000:
            raise CheckFailed(f"{path} is suspiciously small")
        return f"{path.name} {path.stat().st_size // 1024} KB"

    def quit(self) -> str:
        w = self.window
        w.close()  # type: ignore[attr-defined]
        wait_until(lambda: not w.isVisible(), 10, "the window to close")  # type: ignore[attr-defined]
        if self.warnings:
            raise CheckFailed(f"{len(self.warnings)} Qt warning(s), first: {self.warnings[0]}")
        return "closed cleanly"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(ROOT / "artifacts" / "screenshots"))
    out = Path(ap.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("[0-9][0-9]-*.png"):
        old.unlink()
    check = Check(out)
    for name in ("start", "train", "draw", "backprop", "workspaces", "presentation", "help",
                 "export", "quit"):  # fmt: skip
        check.run(name, getattr(check, name))
    print(f"real-window check passed; screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
