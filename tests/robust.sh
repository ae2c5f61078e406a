#!/bin/sh
# robust.sh — the command line where the system fails it: `figure
# --output` on a full disk (a 64 kB tmpfs) leaves the old file or none and
# exits 1; help, --keys and bench exit 1 with a message when stdout is
# closed or /dev/full; `heatmap | head -1` is quiet (141, as SIGPIPE gives
# the other commands); an unsearchable config directory is exit 2; a
# 120 kB argument is echoed shortened; -h is --help; --vary and --x take
# a flag's spelling (rough-s); file inputs refuse FIFOs and read lines of
# any length.
. "${COLRES_SRCDIR:-.}/tests/taplib.sh"
case $COLRES in /*) ;; *) COLRES=$(pwd)/$COLRES ;; esac
unset COLRES_CONFIG
XDG_CONFIG_HOME=$tmp/xdg
export XDG_CONFIG_HOME
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
# checks DESC 'CONDITION': ok when the shell condition (with && ...) holds
checks() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
mnt=$tmp/full
trap 'umount "$mnt" 2>/dev/null; rm -rf "$tmp"' EXIT

# ---- 1. figure --output on a full disk ----
mkdir "$mnt"
if ! command -v gnuplot >/dev/null 2>&1; then
    skip "figure on a full disk: no gnuplot"
elif ! mount -t tmpfs -o size=64k tmpfs "$mnt" 2>/dev/null; then
    skip "figure on a full disk: cannot mount a tmpfs (not root?)"
else
    run figure fig2 --points 20 --output "$mnt/keep.svg" --quiet
    cp "$mnt/keep.svg" "$tmp/keep.svg"
    check "figure: a whole SVG fits the empty 64 kB disk (exit 0)" [ "$(rc)" = 0 ]
    # leave some 8 kB: less than any of the figures takes
    size=$(wc -c <"$mnt/keep.svg")
    dd if=/dev/zero of="$mnt/fill" bs=1k count=$((56 - (size + 4095) / 4096 * 4)) 2>/dev/null
    run figure fig2 --gamma 1 --points 20 --output "$mnt/keep.svg" --quiet
    check "figure: replacing an SVG on a full disk exits 1 (got $(rc))" [ "$(rc)" = 1 ]
    check "figure: ... and the old SVG is unchanged" cmp -s "$mnt/keep.svg" "$tmp/keep.svg"
    check "figure: ... and says the disk may be full" grep -q "cut short\|full disk" "$tmp/err"
    for e in png pdf; do
        run figure fig2 --points 20 --output "$mnt/new.$e" --quiet
        checks "figure: a new .$e on a full disk exits 1 (got $(rc)), leaves no file" \
            '[ "$(rc)" = 1 ] && [ ! -e "$mnt/new.$e" ]'
    done
    check "figure: no temporary file is left" [ "$(ls -A "$mnt" | grep -cv '^fill$\|^keep.svg$')" = 0 ]
    umount "$mnt"
fi

# ---- 12. write errors ----
for args in "--help" "map --help" "map -h" "--keys"; do
    # shellcheck disable=SC2086 # the words of $args
    "$COLRES" $args >/dev/full 2>"$tmp/err"; st=$?
    checks "colres $args >/dev/full: exit 1 with a message (got $st)" \
        '[ "$st" = 1 ] && grep -q "cannot write.*No space left" "$tmp/err"'
    # shellcheck disable=SC2086
    "$COLRES" $args >&- 2>"$tmp/err"; st=$?
    checks "colres $args with stdout closed: exit 1 with a message (got $st)" \
        '[ "$st" = 1 ] && grep -q "cannot write" "$tmp/err"'
done
"$COLRES" bench --quick --heat-size 8 >/dev/full 2>"$tmp/err"; st=$?
checks "colres bench >/dev/full: exit 1 with a message (got $st)" \
    '[ "$st" = 1 ] && grep -q "cannot write.*No space left" "$tmp/err"'

mkdir -p "$tmp/loop"
ln -s colres "$tmp/loop/colres" # the directory colres/ cannot be searched: a loop
XDG_CONFIG_HOME=$tmp/loop "$COLRES" snapshot --quiet >"$tmp/out" 2>"$tmp/err"; st=$?
checks "a config directory that cannot be searched (a link loop): exit 2 (got $st)" \
    '[ "$st" = 2 ] && grep -q "colres.conf" "$tmp/err"'
# (through env: setpriv still holds root's capabilities for its own exec)
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 && as_nobody env "$COLRES" --version >/dev/null 2>&1; then
    mkdir -p "$tmp/xdg2/colres"
    echo "gamma = 2" >"$tmp/xdg2/colres/colres.conf"
    chmod 755 "$tmp" "$tmp/xdg2"
    chmod 000 "$tmp/xdg2/colres"
    as_nobody env XDG_CONFIG_HOME="$tmp/xdg2" "$COLRES" snapshot --quiet >/dev/null 2>"$tmp/err"; st=$?
    checks "an unsearchable (mode 000) config directory: exit 2 (got $st)" \
        '[ "$st" = 2 ] && grep -q "Permission denied" "$tmp/err"'
    chmod 755 "$tmp/xdg2/colres"
else
    skip "unsearchable config directory as another user: not root, no setpriv, or the binary is not reachable by nobody"
fi

# ---- 8. file inputs: a FIFO is refused at once, naming what it is ----
mkfifo "$tmp/fifo"
for args in "snapshot --preset" "tui --keys --preset" "steady --config" "snapshot --lecture"; do
    # shellcheck disable=SC2086
    "$COLRES" $args "$tmp/fifo" >/dev/null 2>"$tmp/err"; st=$?
    checks "colres $args FIFO: exit 2 naming a FIFO (got $st)" \
        '[ "$st" = 2 ] && grep -q "not a regular file (a FIFO)" "$tmp/err"'
done

# ---- 13. smaller ones ----
# (the pipeline's status is head's: colres's goes through a file)
{ "$COLRES" heatmap --size 200x200 --quiet 2>"$tmp/err"; echo $? >"$tmp/rc"; } | head -1 >/dev/null
check "heatmap | head -1: exit 141 as for SIGPIPE (got $(rc))" [ "$(rc)" = 141 ]
check "heatmap | head -1: nothing on stderr" [ ! -s "$tmp/err" ]

long=$(head -c 120000 /dev/zero | tr '\0' x)
for args in "evolve --tmax" "map --preset" "heatmap --size" "map --threads" "figure" ""; do
    # shellcheck disable=SC2086
    "$COLRES" $args "$long" >/dev/null 2>"$tmp/err"; st=$?
    checks "colres $args <120 kB>: exit 2, message under 1 kB with ... (got $st, $(wc -c <"$tmp/err") bytes)" \
        '[ "$st" = 2 ] && [ "$(wc -c <"$tmp/err")" -lt 1024 ] && grep -q "x\.\.\.x" "$tmp/err"'
done

run map -h
checks "map -h: the help, exit 0" '[ "$(rc)" = 0 ] && grep -q "^Usage: colres map" "$tmp/out"'
run sweep --vary rough-s --from 0.01 --to 0.02 --points 2 --quiet
checks "sweep --vary rough-s (the flag's spelling): exit 0 (got $(rc))" \
    '[ "$(rc)" = 0 ] && head -1 "$tmp/out" | grep -q "^rough_s,"'
run heatmap --x rough-s:0.01:0.02 --size 2x2 --quiet
check "heatmap --x rough-s:A:B: exit 0 (got $(rc))" [ "$(rc)" = 0 ]

echo "1..$n"
exit $fail
