#!/usr/bin/env bash
# Smoke-test a built bundle: packaging/smoke_bundle.sh [dist/nnviz]
#   1. `nnviz --version`;  2. a headless `nnviz train`;  3. without a display: one line, exit 2;
#   4. under Xvfb (if installed): the window appears (xdotool) and the app quits by itself.
# Screenshots go to artifacts/screenshots/. Prints the failing step and exits 1 on failure.
set -uo pipefail
cd "$(dirname "$0")/.."
bundle=${1:-dist/nnviz}
exe="$bundle/nnviz"
shots=artifacts/screenshots
mkdir -p "$shots"
tmp=$(mktemp -d)
xvfb_pid=""; app_pid=""
cleanup() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "smoke: FAILED at step: $*" >&2; exit 1; }
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state"
export XDG_CACHE_HOME="$tmp/cache"

out=$("$exe" --version) || fail "--version (exit $?)"
echo "$out" | grep -q "^nnviz [0-9]" || fail "--version printed '$out'"
echo "smoke: $out"

"$exe" train --data xor --epochs 3 --quiet --out "$tmp/xor.npz" >/dev/null \
    || fail "nnviz train --data xor"
[ -s "$tmp/xor.npz" ] || fail "nnviz train wrote no model"
echo "smoke: headless training OK"

msg=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$exe" 2>&1); rc=$?
[ "$rc" -eq 2 ] || fail "no display: exit $rc, expected 2 ($msg)"
[ "$(echo "$msg" | wc -l)" -eq 1 ] || fail "no display: expected one line, got: $msg"
echo "smoke: no-display message OK"

if ! command -v Xvfb >/dev/null || ! command -v xdotool >/dev/null; then
    echo "smoke: Xvfb/xdotool not installed, window test skipped"
    exit 0
fi
for n in $(seq 90 130); do [ -e "/tmp/.X11-unix/X$n" ] || { disp=":$n"; break; }; done
Xvfb "$disp" -screen 0 1600x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${disp#:}" ] && break; sleep 0.1; done
export DISPLAY=$disp
NNVIZ_QUIT_AFTER=${NNVIZ_SMOKE_QUIT_AFTER:-6000} QT_QPA_PLATFORM=xcb "$exe" >"$tmp/app.log" 2>&1 &
app_pid=$!
wid=""
for _ in $(seq 200); do
    wid=$(xdotool search --onlyvisible --name nnviz 2>/dev/null | head -1)
    [ -n "$wid" ] && break
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.1
done
[ -n "$wid" ] || { cat "$tmp/app.log" >&2; fail "window did not appear under Xvfb"; }
sleep 1
command -v import >/dev/null && import -window root "$shots/bundle.png" 2>/dev/null
echo "smoke: window '$(xdotool getwindowname "$wid")' shown"
for _ in $(seq 300); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$app_pid" 2>/dev/null; then fail "the app did not quit (NNVIZ_QUIT_AFTER)"; fi
wait "$app_pid"; rc=$?; app_pid=""
[ "$rc" -eq 0 ] || { cat "$tmp/app.log" >&2; fail "the app exited with status $rc"; }
if grep -q -i -E "traceback|error" "$tmp/app.log"; then
    cat "$tmp/app.log" >&2; fail "the app printed errors"
fi
echo "smoke: bundle OK"
