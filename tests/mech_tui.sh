#!/bin/sh
# mech_tui.sh — the mechanism on screen: golden screens of the coherence
# plane with an ensemble of 256 at 120x40 and 200x60 (Gamma = 0.5, after 40
# collisions, half way to the next), `colres snapshot --ensemble`'s
# checks, and in the real TUI (tmux) key '.' runs a paused trajectory to
# exactly one more collision, each press one, while it stays paused.
# Set COLRES_UPDATE_GOLDEN to write the golden files instead.
NAME=mech_tui
. "${COLRES_SRCDIR:-.}/tests/tmuxlib.sh"
SRCDIR=${COLRES_SRCDIR:-.}

if locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$'; then
    for size in 120x40 200x60; do
        LC_ALL=C.UTF-8 run snapshot --gamma 0.5 --ensemble 256 --collisions 40 \
            --width ${size%x*} --height ${size#*x} --quiet
        same_as_golden "coherence-$size.txt" "coherence plane at $size"
        check "$size: the plane's legend names the cloud" grep -q "256 runs" "$tmp/out"
    done
else
    echo "ok - # SKIP no C.UTF-8 locale"
fi
run snapshot --ensemble 0 --quiet
check "--ensemble 0 is refused (exit 2)" [ "$(rc)" = 2 ]
run snapshot --ensemble 4097 --quiet
check "--ensemble 4097 is refused (exit 2)" [ "$(rc)" = 2 ]

# ---- key '.' in the TUI ----
capture() { tm capture-pane -p -t mech > "$TMP/screen" 2>/dev/null; }
wait_for() {
    i=${2:-150}
    while [ "$i" -gt 0 ]; do
        capture && grep -Eq -- "$1" "$TMP/screen" && return 0
        sleep 0.1
        i=$((i - 1))
    done
    return 1
}
tm new-session -d -s mech -x 120 -y 40 \
    "env -u COLRES_CONFIG HOME='$TMP' XDG_CONFIG_HOME='$TMP' '$COLRES' --ascii --pause --gamma 0.5 --quiet; sleep 30" \
    || { bad "tmux starts colres"; echo "1..$n"; exit 1; }
check "the TUI starts paused at 0 collisions" wait_for ' 0 collisions  paused'
tm send-keys -t mech .
check "'.' says where it goes" wait_for 'to collision 1: rho01 turns'
check "'.' reaches collision 1 and says so" wait_for 'collision 1: rho01 jumped'
sleep 1
capture
check "it stays paused at collision 1" grep -q 'collision 1: rho01 jumped' "$TMP/screen"
tm send-keys -t mech .
check "'.' again: collision 2" wait_for 'collision 2: rho01 jumped'
tm send-keys -t mech Space
check "space: the status line counts collisions again" wait_for ' [0-9]+ collisions '
tm send-keys -t mech Space
wait_for ' [0-9]+ collisions  paused' || true
capture
c=$(sed -n 's/.* \([0-9][0-9]*\) collisions  paused.*/\1/p' "$TMP/screen" | head -n 1)
tm send-keys -t mech .
check "from any paused point '.' adds exactly one collision ($c -> $((c + 1)))" \
    wait_for "collision $((c + 1)): rho01 jumped"
tm send-keys -t mech q

echo "1..$n"
exit $fail
