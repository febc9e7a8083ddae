"""Is there a display to open a window on? Checked before Qt starts (Qt aborts otherwise).

Qt-free and cheap: it looks at DISPLAY / WAYLAND_DISPLAY / QT_QPA_PLATFORM and connects
to the display server's socket (X11: /tmp/.X11-unix/X<n> or TCP port 6000+n; Wayland:
$XDG_RUNTIME_DIR/$WAYLAND_DISPLAY) without speaking its protocol.
"""

from __future__ import annotations

import os
import re
import socket
import sys
from pathlib import Path

HEADLESS_HINT = (
    "use `nnviz train ...` headless, or set QT_QPA_PLATFORM=offscreen to run without a window"
)
NO_DISPLAY = (
    f"nnviz: no display found (DISPLAY and WAYLAND_DISPLAY are unset); run it on a desktop, "
    f"{HEADLESS_HINT}."
)


def _connects(family: int, address: object, timeout: float = 1.0) -> bool:
    s = socket.socket(family, socket.SOCK_STREAM)
    s.settimeout(timeout)
    try:
        s.connect(address)
    except OSError:
        return False
    finally:
        s.close()
    return True


def x_display_problem(display: str) -> str | None:
    """Why the X display `display` (e.g. ":0", "localhost:10.0") cannot be reached, or None."""
    m = re.fullmatch(r"(?:(?P<host>[^:]*?)(?:/unix)?)?:(?P<n>\d+)(?:\.\d+)?", display)
    if not m:
        return f"nnviz: DISPLAY={display!r} is not a valid X display name; {HEADLESS_HINT}."
    host, n = m.group("host") or "", int(m.group("n"))
    if host in ("", "unix"):
        path = f"/tmp/.X11-unix/X{n}"
        ok = _connects(socket.AF_UNIX, path)
        if not ok and sys.platform.startswith("linux"):
            ok = _connects(socket.AF_UNIX, "\0" + path)  # abstract socket namespace
        if ok:
            return None
    elif host.startswith("/"):  # launchd-style socket path (macOS XQuartz)
        if _connects(socket.AF_UNIX, f"{host}:{n}"):
            return None
    else:
        try:
            if _connects(socket.AF_INET, (host, 6000 + n)):
                return None
        except (socket.gaierror, UnicodeError):
            pass
    return (
        f"nnviz: cannot open the X display {display} (no X server answers there); "
        f"check DISPLAY, or {HEADLESS_HINT}."
    )


def wayland_ok(name: str) -> bool:
    """True if the Wayland compositor socket `name` accepts a connection."""
    path = Path(name)
    if not path.is_absolute():
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        if not runtime:
            return False
        path = Path(runtime) / name
    return _connects(socket.AF_UNIX, str(path))


def display_problem(env: dict[str, str] | None = None) -> str | None:
    """A one-line reason why no window can be shown (to print before exit 2), or None."""
    env = dict(os.environ) if env is None else env
    if sys.platform in ("win32", "darwin"):
        return None
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip()
    if platform and platform != "xcb" and not platform.startswith("wayland"):
        return None  # offscreen, vnc, eglfs, ...: no display server involved
    wayland, x = env.get("WAYLAND_DISPLAY", ""), env.get("DISPLAY", "")
    if platform.startswith("wayland"):
        if wayland and wayland_ok(wayland):
            return None
        return (
            f"nnviz: QT_QPA_PLATFORM={platform} but no Wayland compositor answers; {HEADLESS_HINT}."
        )
    if platform != "xcb" and wayland:
        if wayland_ok(wayland):
            return None
        if not x:
            return f"nnviz: no Wayland compositor answers at {wayland}; {HEADLESS_HINT}."
    if x:
        return x_display_problem(x)
    if platform == "xcb":
        return f"nnviz: QT_QPA_PLATFORM=xcb but DISPLAY is unset; {HEADLESS_HINT}."
    return NO_DISPLAY
