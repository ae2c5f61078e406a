#!/bin/sh
# tui_lecture.sh — lecture mode in the real TUI, inside a private tmux
# server: `colres --lecture paper` opens at scene 1; `]` and `[` walk the
# scenes (and say so at the ends); a scene that hides ρ00 shows no ρ00
# value until Space reveals it, then shows the one `colres steady` prints;
# `f` switches between the focused figure and all three, and Fig. 2
# focused draws ρ00 on at least twice the rows; key 2 stages Fig. 2 and
# focuses it; q quits with status 0.  Waits poll the screen a bounded
# number of times.  Skips (77) without tmux.

NAME=tui_lecture
. "${COLRES_SRCDIR:-.}/tests/tmuxlib.sh"

S=lecture
capture() { tm capture-pane -p -t "$S" > "$TMP/screen" 2>/dev/null; }
fail() {
    echo "FAIL: $*"
    [ -f "$TMP/screen" ] && { echo "--- screen:"; cat "$TMP/screen"; echo "---"; }
    exit 1
}
wait_for() { # REGEX [POLLS]
    k=${2:-300}
    while [ "$k" -gt 0 ]; do
        capture && grep -Eq -- "$1" "$TMP/screen" && return 0
        sleep 0.1
        k=$((k - 1))
    done
    fail "no line matches /$1/"
}
# wait_whole: as wait_for, then until the screen settles (2 s at most: a
# running trajectory never does) with the line still there, so that a
# check that something is gone reads a whole frame, not one half redrawn.
wait_whole() { # REGEX
    w=20
    while [ "$w" -gt 0 ]; do
        wait_for "$1"
        settle 10 || :
        grep -Eq -- "$1" "$TMP/screen" && return 0
        w=$((w - 1))
    done
    fail "no settled screen has a line matching /$1/"
}
key() { tm send-keys -t "$S" "$@"; }
# settle: capture until two captures 0.2 s apart agree.  A capture can
# catch a frame half redrawn (seen under ASan: scene 1's third line cut
# off mid-word, the row below still the previous frame's), so no check
# reads a screen that has not settled.
# With a count (polls), it returns 1 instead of failing.
settle() { # [POLLS]
    sk=${1:-50}
    capture && cp "$TMP/screen" "$TMP/prev"
    while [ "$sk" -gt 0 ]; do
        sleep 0.2
        capture
        cmp -s "$TMP/screen" "$TMP/prev" && return 0
        cp "$TMP/screen" "$TMP/prev"
        sk=$((sk - 1))
    done
    [ -n "$1" ] && return 1
    fail "the screen did not settle"
}
# Rows of Fig. 2's rho00 plot (ASCII): column 6 (awk) is its axis, from
# the first '|' or '+' below the "Fig. 2" title to the corner "+-"/"++".
rho00_rows() {
    awk '/^Fig\. 2/ { t = 1; next }
         t && !on && (substr($0, 6, 1) == "|" || substr($0, 6, 1) == "+") { on = 1 }
         on { c = substr($0, 6, 2); if (c == "+-" || c == "++") { print n; exit } n++ }' \
        "$TMP/screen"
}

mkdir -p "$TMP/xdg"
tm new-session -d -s "$S" -x 80 -y 24 \
    "cd '$TMP' && env -u COLRES_CONFIG XDG_CONFIG_HOME='$TMP/xdg' LC_ALL=C '$COLRES' --ascii --lecture paper; echo exit=\$? > '$TMP/rc'; sleep 60" \
    || fail "cannot start tmux"
n_sc=$(grep -c '^\[scene ' "${COLRES_SRCDIR:-.}/assets/lectures/paper.lecture")

wait_for "^Scene 1/$n_sc "
wait_for '^\] next scene  \[ back'
ok "opens at scene 1 with the scene keys in the hint bar"

key ']'
wait_for "^Scene 2/$n_sc "
wait_for ' 40 collisions/s' # its view.speed
key ']'
wait_for "^Scene 3/$n_sc "
wait_for 'rho00 \?  rho11 \?'
wait_for '^Predict: '
grep -q 'hidden: ' "$TMP/screen" || fail "scene 3 does not say what is hidden"
ok "] steps forward; scene 3 hides rho00 and asks first"

wait_for '^ *0\.01 .* 100' # the curve is there
settle
focused=$(rho00_rows)
key f
wait_for '^Fig\. 2 .*Fig\. 1 '
settle
all=$(rho00_rows)
[ -n "$focused" ] && [ -n "$all" ] && [ "$focused" -ge $((2 * all)) ] \
    || fail "rho00 rows: $focused focused, $all with all three figures"
key f
wait_whole '^Fig\. 2  steady state vs G'
grep -q 'Fig\. 1' "$TMP/screen" && fail "f did not focus Fig. 2 again"
ok "f: Fig. 2 alone draws rho00 on $focused rows, beside the others on $all"

key Space
wait_for 'revealed'
wait_whole 'rho00 0\.51529' # colres steady --gamma 0.05: rho00 = 0.5152939
grep -q 'hidden: ' "$TMP/screen" && fail "still hidden after Space"
want=$("$COLRES" steady --gamma 0.05 --quiet | awk -F, 'NR == 2 { printf "%.5f", $2 }')
grep -q "rho00 $want" "$TMP/screen" || fail "revealed rho00 is not colres steady's $want"
ok "Space reveals rho00 = $want, as colres steady prints"

key '['
wait_for "^Scene 2/$n_sc "
key '['
wait_for "^Scene 1/$n_sc "
key '['
wait_for "first scene of $n_sc"
ok "[ steps back and stops at scene 1"

key f
wait_for '^Fig\. 2 .*Fig\. 1 '
key 2
wait_whole '^Fig\. 2  steady state vs G'
grep -q 'Fig\. 1' "$TMP/screen" && fail "key 2 did not focus Fig. 2"
wait_for 'Away from the scene: r returns to it'
key r
# Scene 1's own words again, down to its last note, on the row where the
# aside's line stood: a frame drawn that far has no aside line left.
wait_for '^  The qubit: two levels'
wait_whole '^  Steps: rho00 \(lower level\) in one run'
grep -q 'Away from the scene' "$TMP/screen" && fail "r did not restore the scene"
ok "key 2 stages Fig. 2 and gives it the plot area; r returns to the scene"

key q
k=100
while [ ! -s "$TMP/rc" ] && [ "$k" -gt 0 ]; do sleep 0.1; k=$((k - 1)); done
grep -q 'exit=0' "$TMP/rc" 2>/dev/null || fail "q: $(cat "$TMP/rc" 2>/dev/null)"
ok "q quits with status 0"

echo "1..$n"
exit $fail
