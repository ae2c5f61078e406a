# tmuxlib.sh — sourced by the tmux-driven test scripts: a private tmux
# server and a scratch directory, both removed on exit, and TAP output.
# Before sourcing, set NAME (the script's name, for messages and paths).
# Skips the script (77) without tmux.

command -v tmux >/dev/null 2>&1 || { echo "$NAME: tmux not found, skipped"; exit 77; }
: "${COLRES:?COLRES must name the colres binary}"

SOCK="colres-$NAME-$$"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/colres-$NAME.XXXXXX") || exit 1
cleanup() {
    tmux -L "$SOCK" kill-server >/dev/null 2>&1
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
tm() { tmux -L "$SOCK" "$@"; }
n=0
fail=0
ok()  { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); echo "not ok $n - $1"; fail=1; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else bad "$desc"; fi; }
