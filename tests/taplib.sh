# taplib.sh — sourced by the shell tests: the binary under test, a scratch
# directory $tmp removed on exit, and TAP output (ok, bad, check; the
# script ends with: echo "1..$n"; exit $fail).
set -u
COLRES=${COLRES:-./colres}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fail=0
ok()  { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); echo "not ok $n - $1"; fail=1; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else bad "$desc"; fi; }
# run ARGS: colres ARGS, stdout to $tmp/out, stderr to $tmp/err, status
# to $tmp/rc (rc prints it).  Scripts that need another form define their own.
run() { "$COLRES" "$@" >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/rc"; }
rc() { cat "$tmp/rc"; }
# same_as_golden NAME DESCRIPTION: $tmp/out against tests/golden/NAME; with
# COLRES_UPDATE_GOLDEN=1 it writes the file instead (then read the diff).
same_as_golden() {
    if [ "${COLRES_UPDATE_GOLDEN:-0}" = 1 ]; then
        cp "$tmp/out" "${COLRES_SRCDIR:-.}/tests/golden/$1"
        ok "wrote tests/golden/$1"
    else
        check "$2 matches tests/golden/$1" diff -u "${COLRES_SRCDIR:-.}/tests/golden/$1" "$tmp/out"
    fi
}
# catching PID SIGNUM: true once process PID has a handler for SIGNUM
# (its SigCgt mask in /proc; signals 1 to 32).
catching() {
    mask=$(awk '/^SigCgt:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 1
    [ -n "$mask" ] || return 1
    low=$(printf '%s' "$mask" | tail -c 8)
    [ $(((0x$low >> ($2 - 1)) & 1)) -eq 1 ]
}
