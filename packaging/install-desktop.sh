#!/usr/bin/env bash
# Add nnviz to the desktop's application menu (per user, no root needed).
#
#   ./install-desktop.sh            # from the bundle folder dist/nnviz/
#   ./install-desktop.sh --remove   # take it out again
#
# Installs the .desktop entry (Exec pointing at this bundle's nnviz), the AppStream
# metadata and the icons under ${XDG_DATA_HOME:-~/.local/share}.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
app_id=io.github.nnviz.NNViz
sizes="16 24 32 48 64 128 256 512"

if [ "${1:-}" = "--remove" ]; then
    rm -f "$data/applications/$app_id.desktop" "$data/metainfo/$app_id.metainfo.xml" \
        "$data/icons/hicolor/scalable/apps/$app_id.svg"
    for n in $sizes; do rm -f "$data/icons/hicolor/${n}x${n}/apps/$app_id.png"; done
    echo "nnviz removed from the application menu"
    exit 0
fi

exe="$here/nnviz"
[ -x "$exe" ] || { echo "install-desktop: $exe not found" >&2; exit 2; }
mkdir -p "$data/applications" "$data/metainfo"
sed -e "s|^Exec=.*|Exec=\"$exe\" %f|" -e "s|^TryExec=.*|TryExec=$exe|" \
    "$here/share/applications/$app_id.desktop" > "$data/applications/$app_id.desktop"
cp "$here/share/metainfo/$app_id.metainfo.xml" "$data/metainfo/"
mkdir -p "$data/icons" && cp -r "$here/share/icons/hicolor" "$data/icons/"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "nnviz added to the application menu ($data/applications/$app_id.desktop)"
