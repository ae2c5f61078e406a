# tmuxlib.sh — sourced by the tmux-driven test scripts: a private tmux
# server and a scratch directory $TMP, both removed on exit, and TAP output
# (tests/taplib.sh, whose $tmp goes too).
# Before sourcing, set NAME (the script's name, for messages and paths).
# Skips the script (77) without tmux.

command -v tmux >/dev/null 2>&1 || { echo "$NAME: tmux not found, skipped"; exit 77; }
: "${COLRES:?COLRES must name the colres binary}"

. "${COLRES_SRCDIR:-.}/tests/taplib.sh"
SOCK="colres-$NAME-$$"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/colres-$NAME.XXXXXX") || exit 1
cleanup() {
    tmux -L "$SOCK" kill-server >/dev/null 2>&1
    rm -rf "$TMP" "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
tm() { tmux -L "$SOCK" "$@"; }
