#!/bin/sh
# pipeline.sh — the snapshot and the live screen are one pipeline:
# `colres snapshot --width W --height H FLAGS` prints exactly what
# `colres --pause FLAGS` shows in a W×H terminal once its solver is idle,
# apart from the measured timings, which appear only at the end of the
# status line.  Checked in tmux at 80×24 (ASCII) and 160×48 (UTF-8), with
# a non-default plane, overlay and dephasing, and in colour with presets.
# Skips (77) without tmux.

NAME=pipe
. "${COLRES_SRCDIR:-.}/tests/tmuxlib.sh"

# wait_idle: until pane p shows "ready" and the same screen twice, 0.5 s
# apart (the solver is idle), into $TMP/live.
wait_idle() {
    k=60
    : >"$TMP/prev"
    while [ "$k" -gt 0 ]; do
        tm capture-pane -p -t p >"$TMP/live" 2>/dev/null
        if grep -q ' ready' "$TMP/live" && grep -q 'paused' "$TMP/live" &&
            cmp -s "$TMP/live" "$TMP/prev"; then
            return 0
        fi
        cp "$TMP/live" "$TMP/prev"
        sleep 0.5
        k=$((k - 1))
    done
    echo "# the pane was not idle after 30 s: comparing what it shows"
}

# new_pane W H COMMAND: a new session p; the server just killed may still
# be going away when the first attempt connects, so up to 3 attempts.
new_pane() {
    k=3
    while ! tm -u new-session -d -s p -x "$1" -y "$2" "$3" 2>/dev/null; do
        k=$((k - 1))
        [ "$k" -gt 0 ] || return 1
        sleep 0.5
    done
}

# strip_timings FILE: drop the status line's measured timings ("  map … s").
strip_timings() { sed 's/  map [0-9].*$//; s/[[:space:]]*$//' "$1"; }

# same COLOR W H LOCALE FLAGS...: start the TUI paused in a W×H pane, wait
# until its numbers panel says "ready" (the solver is idle), then compare.
# COLOR "mono": the TUI under NO_COLOR against a plain snapshot; "color":
# the TUI in colour (its heat map then draws solid blocks) against
# `snapshot --color` with the escapes taken out.
same() {
    mode=$1 w=$2 h=$3 loc=$4
    shift 4
    tm kill-server >/dev/null 2>&1
    sleep 0.3
    if [ "$mode" = color ]; then
        env -u COLRES_CONFIG LC_ALL="$loc" XDG_CONFIG_HOME="$TMP" HOME="$TMP" \
            "$COLRES" snapshot --color --width "$w" --height "$h" "$@" 2>/dev/null |
            sed 's/\x1b\[[0-9;]*m//g' >"$TMP/snap"
        nocolor=
    else
        env -u COLRES_CONFIG LC_ALL="$loc" XDG_CONFIG_HOME="$TMP" HOME="$TMP" \
            "$COLRES" snapshot --width "$w" --height "$h" "$@" >"$TMP/snap" 2>/dev/null
        nocolor="NO_COLOR=1"
    fi
    new_pane "$w" "$h" \
        "env -u COLRES_CONFIG $nocolor TERM=xterm-256color LC_ALL='$loc' XDG_CONFIG_HOME='$TMP' HOME='$TMP' '$COLRES' --pause $*; sleep 30" \
        || { bad "tmux starts at ${w}x$h"; return; }
    wait_idle
    strip_timings "$TMP/snap" >"$TMP/a"
    strip_timings "$TMP/live" >"$TMP/b"
    if diff -u "$TMP/a" "$TMP/b" >"$TMP/diff"; then
        ok "snapshot = live screen at ${w}x$h ($mode, $loc${*:+, $*})"
    else
        bad "snapshot = live screen at ${w}x$h ($mode, $loc${*:+, $*})"
        cat "$TMP/diff"
    fi
}

same mono 80 24 C --ascii
same mono 160 48 C.UTF-8
same mono 120 40 C.UTF-8 --plane gamma-delta --overlay both --dephase --seed 3
same color 120 40 C.UTF-8 --preset fig1
same color 200 60 C.UTF-8 --preset fig3-dx-gamma

# Fig. 2 at 80x24 and Gamma = 100: the steady rho00 (X, 0.5041) and the
# thermal line (labelled 0.5150) on different rows of the panel, in the
# live TUI as a class would see it.
tm kill-server >/dev/null 2>&1
sleep 0.3
new_pane 80 24 \
    "env -u COLRES_CONFIG NO_COLOR=1 LC_ALL=C XDG_CONFIG_HOME='$TMP' HOME='$TMP' '$COLRES' --pause --ascii --gamma 100; sleep 30" ||
    bad "tmux starts at 80x24"
wait_idle
rows=$(awk 'NR >= 8 && NR <= 22 { p = substr($0, 1, 26)
            if (index(p, "0.5150")) t = NR; if (index(p, "X")) x = NR }
            END { printf "%d %d", t, x }' "$TMP/live")
set -- $rows
if [ "$1" -gt 0 ] && [ "$2" -gt 0 ] && [ "$1" != "$2" ]; then
    ok "Gamma = 100, 80x24: rho00 (row $2) and the thermal line (row $1) apart"
else
    bad "Gamma = 100, 80x24: rho00 and the thermal line on different rows ($rows)"
    cat "$TMP/live"
fi

echo "1..$n"
exit $fail
