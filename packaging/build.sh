#!/usr/bin/env bash
# Build the one-folder app bundle dist/nnviz/ (PyInstaller) and smoke-test it.
#
#   packaging/build.sh            # uses .venv (created by ./setup.sh), adds PyInstaller
#   PYTHON=/path/python packaging/build.sh   # another environment with nnviz installed
#   NNVIZ_BUILD_SMOKE=0 packaging/build.sh   # skip the smoke test
#
# The smoke test runs `dist/nnviz/nnviz --version` and, when Xvfb is installed, starts
# the bundle on a virtual display, waits for its window and lets it quit by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
PYINSTALLER_VERSION=6.22.3

if [ ! -x "$PYTHON" ]; then
    echo "build: $PYTHON not found; run ./setup.sh first (or set PYTHON)" >&2
    exit 2
fi
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    echo "build: installing PyInstaller $PYINSTALLER_VERSION"
    "$PYTHON" -m pip install -q "pyinstaller==$PYINSTALLER_VERSION"
fi

start=$(date +%s)
"$PYTHON" packaging/make_icons.py >/dev/null
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/nnviz.spec
# Desktop integration files travel with the bundle.
mkdir -p dist/nnviz/share/applications dist/nnviz/share/metainfo
cp packaging/io.github.nnviz.NNViz.desktop dist/nnviz/share/applications/
cp packaging/io.github.nnviz.NNViz.metainfo.xml dist/nnviz/share/metainfo/
cp packaging/install-desktop.sh dist/nnviz/
"$PYTHON" packaging/collect_licenses.py dist/nnviz >/dev/null
mkdir -p dist/nnviz/share/icons
cp -r resources/icons/hicolor dist/nnviz/share/icons/
mkdir -p dist/nnviz/share/icons/hicolor/scalable/apps
cp resources/icons/nnviz.svg dist/nnviz/share/icons/hicolor/scalable/apps/io.github.nnviz.NNViz.svg
elapsed=$(( $(date +%s) - start ))
size=$(du -sh dist/nnviz | cut -f1)
echo "build: dist/nnviz/ built in ${elapsed}s, ${size}"

[ "${NNVIZ_BUILD_SMOKE:-1}" = "0" ] && exit 0
exec packaging/smoke_bundle.sh dist/nnviz
