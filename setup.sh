#!/usr/bin/env bash
# Set up nnviz in ./.venv (idempotent). `./setup.sh --test` adds the test and
# benchmark tools (pytest, pytest-qt, hypothesis, torch CPU).
set -euo pipefail
cd "$(dirname "$0")"

extras="."
[ "${1:-}" = "--test" ] && extras=".[test,bench]"

# System libraries Qt needs for a real window (xcb) and for tests under Xvfb.
apt_pkgs="libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0 \
libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xkb1 libxcb-cursor0 \
libxcb-shape0 libxcb-randr0 libxcb-xinerama0 xvfb xauth xdotool"
if command -v apt-get >/dev/null 2>&1; then
    missing=""
    for p in $apt_pkgs; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
    if [ -n "$missing" ]; then
        sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
        echo "setup: installing system packages:$missing"
        $sudo apt-get update -q >/dev/null
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q $missing >/dev/null
    fi
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
stamp=".venv/.installed-$(echo "$extras" | tr -c 'a-z' '_')"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "setup: installing nnviz$([ "$extras" != "." ] && echo " with test tools") into .venv"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e "$extras"
    touch "$stamp"
fi
