#!/bin/sh
# tui_exit.sh — how the TUI ends, driven through tmux: after SIGTERM,
# SIGHUP and SIGINT its exit status is 128 + the signal number (143, 129,
# 130), as for every command; on a terminal that cannot place the cursor
# (TERM=dumb) it refuses to start with exit 1 and a message naming TERM;
# on one without an alternate screen (vt100) it leaves no frame behind;
# when its terminal goes away without a signal (started with setsid, then
# the pane killed) it exits instead of spinning.  Skips (77) without tmux.

NAME=tuiexit
. "${COLRES_SRCDIR:-.}/tests/tmuxlib.sh"

env_cmd="env -u COLRES_CONFIG XDG_CONFIG_HOME='$TMP' HOME='$TMP' LC_ALL=C NO_COLOR=1"

# The colres process started with the unique seed $1 (its TUI), or empty.
tui_pid() { pgrep -f -- "--seed $1( |\$)" | head -n 1; }

wait_file() { k=100; while [ "$k" -gt 0 ] && [ ! -s "$1" ]; do sleep 0.1; k=$((k - 1)); done; }

# The status alone cannot tell colres's handler from the default action
# (a shell reports 128 + n for both): each signal is sent once /proc shows
# colres catching it, and that it does is a check of its own.
for sig in TERM:143:15 HUP:129:1 INT:130:2; do
    name=${sig%%:*} want=${sig#*:} num=${sig##*:}
    want=${want%%:*}
    seed=$((700000 + want))
    tm new-session -d -s "s$want" -x 80 -y 24 \
        "$env_cmd '$COLRES' --pause --seed $seed; echo \$? > '$TMP/rc$want'; sleep 30"
    k=100
    while [ "$k" -gt 0 ] && [ -z "$(tui_pid $seed)" ]; do sleep 0.1; k=$((k - 1)); done
    pid=$(tui_pid $seed)
    k=100
    while [ "$k" -gt 0 ] && ! catching "$pid" "$num"; do sleep 0.1; k=$((k - 1)); done
    check "SIG$name: colres catches it (SigCgt)" catching "$pid" "$num"
    kill -"$name" "$pid" 2>/dev/null
    wait_file "$TMP/rc$want"
    check "SIG$name: exit status $want (got $(cat "$TMP/rc$want" 2>/dev/null))" \
        [ "$(cat "$TMP/rc$want" 2>/dev/null)" = "$want" ]
done

tm new-session -d -s dumb -x 80 -y 24 \
    "$env_cmd TERM=dumb '$COLRES' 2>'$TMP/dumb.err'; echo \$? > '$TMP/dumb.rc'; sleep 30"
wait_file "$TMP/dumb.rc"
check "TERM=dumb: exit 1" [ "$(cat "$TMP/dumb.rc" 2>/dev/null)" = 1 ]
check "TERM=dumb: the message names TERM=dumb" grep -q "TERM=dumb.*cannot move the cursor" "$TMP/dumb.err"

# A terminal without an alternate screen (vt100): the last frame is
# cleared on exit instead of staying behind the shell prompt.
tm new-session -d -s vt -x 80 -y 24 \
    "$env_cmd TERM=vt100 '$COLRES' --pause --ascii; echo done > '$TMP/vt.rc'; sleep 30"
k=100
while [ "$k" -gt 0 ] && ! tm capture-pane -p -t vt | grep -q 'paused'; do sleep 0.1; k=$((k - 1)); done
tm send-keys -t vt q
wait_file "$TMP/vt.rc"
# tmux may not have drawn colres's last output yet when the file appears:
# up to 5 s for the frame to go (a frame left behind stays for good).
k=50
while [ "$k" -gt 0 ] && tm capture-pane -p -t vt | grep -q 'amplitudes'; do sleep 0.1; k=$((k - 1)); done
check "TERM=vt100: the screen is cleared on exit" \
    sh -c "! tmux -L '$SOCK' capture-pane -p -t vt | grep -q 'amplitudes'"

seed=712345
tm new-session -d -s gone -x 80 -y 24 "$env_cmd setsid '$COLRES' --pause --seed $seed"
k=100
while [ "$k" -gt 0 ] && [ -z "$(tui_pid $seed)" ]; do sleep 0.1; k=$((k - 1)); done
pid=$(tui_pid $seed)
tm kill-session -t gone 2>/dev/null # setsid may have closed it already
# 15 s: a spinning colres never ends; one that exits does in well under
# a second, a few seconds at most in a sanitizer build (the leak scan).
k=150
while [ "$k" -gt 0 ] && kill -0 "$pid" 2>/dev/null; do sleep 0.1; k=$((k - 1)); done
if kill -0 "$pid" 2>/dev/null; then
    bad "terminal gone without a signal: colres still runs 15 s later"
    kill -KILL "$pid" 2>/dev/null
else
    ok "terminal gone without a signal: colres exits"
fi

echo "1..$n"
exit $fail
