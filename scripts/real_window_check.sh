#!/usr/bin/env bash
# The real-window check of CI: start Xvfb, drive the real app (xcb) through
# scripts/real_window_check.py, keep screenshots in artifacts/screenshots/.
# Needs: xvfb, xauth, xdotool, imagemagick (for `import`), and the Qt xcb libraries
# that ./setup.sh installs. Exit status: 0 passed, 1 a step failed, 2 missing tools.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
out=${1:-artifacts/screenshots}
command -v Xvfb >/dev/null || { echo "real-window check: Xvfb is not installed" >&2; exit 2; }
mkdir -p "$out"
tmp=$(mktemp -d)
xvfb_pid=""
cleanup() { [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
for n in $(seq 140 180); do [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { disp=":$n"; break; }; done
Xvfb "$disp" -screen 0 1600x900x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X${disp#:}" ] && break; sleep 0.1; done
[ -e "/tmp/.X11-unix/X${disp#:}" ] || { cat "$tmp/xvfb.log" >&2; echo "real-window check: Xvfb did not start" >&2; exit 2; }
# A fresh user: no saved settings, window state or autosaves from earlier runs.
export DISPLAY=$disp QT_QPA_PLATFORM=xcb
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state"
export XDG_CACHE_HOME="$tmp/cache" OPENBLAS_NUM_THREADS=1
shared="$(cd .. && pwd)/shared/data/mnist"
[ -z "${NNVIZ_DATA_DIR:-}" ] && [ -d "$shared" ] && export NNVIZ_DATA_DIR="$shared"
timeout 300 "$PYTHON" scripts/real_window_check.py --out "$out"
status=$?
[ "$status" -eq 124 ] && echo "real-window check FAILED: timed out after 300 s" >&2
exit "$status"
