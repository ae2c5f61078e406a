#!/bin/sh
# tui_stop.sh — no work the TUI cannot stop, driven through tmux at
# 200x60: `q` in the middle of an 8-level heat map with exact amplitudes
# (each cell's map a quarter of a second, the whole map 6.9 s) exits;
# during an export (`e`, its 128x128 map with exact amplitudes at m = 1e4
# takes 20 s on 2 threads) keys still work, `q` exits and writes nothing,
# and closing the pane ends colres.  Each "exits" allows 3 s (12 s in a
# sanitizer build: 3-5x slower, and LeakSanitizer scans at exit) where the
# work abandoned takes 6 s (the rest of the map) to 20 s plain, 3-5x that
# under sanitizers; measured exits take 0.01-0.25 s plain.  Since a row of the
# N = 8 map takes 0.5 s, waiting for the row would pass; waiting for the
# map or the export fails.  Skips (77) without tmux.

NAME=tuistop
. "${COLRES_SRCDIR:-.}/tests/tmuxlib.sh"

env_cmd="env -u COLRES_CONFIG XDG_CONFIG_HOME='$TMP' HOME='$TMP' LC_ALL=C.UTF-8 NO_COLOR=1"
tui_pid() { pgrep -f -- "--seed $1( |\$)" | head -n 1; }
wait_pid() { k=100; while [ "$k" -gt 0 ] && [ -z "$(tui_pid $1)" ]; do sleep 0.1; k=$((k - 1)); done; }
wait_file() { k=50; while [ "$k" -gt 0 ] && [ ! -s "$1" ]; do sleep 0.1; k=$((k - 1)); done; }
wait_screen() { k=100; while [ "$k" -gt 0 ] && ! tm capture-pane -p -t "$1" | grep -q "$2"; do sleep 0.1; k=$((k - 1)); done; }
exit_limit=30 # tenths of a second
[ -n "$(echo "${COLRES_SANITIZERS:-}" | tr -d ' ')" ] && exit_limit=120
exits_soon() { k=$exit_limit; while [ "$k" -gt 0 ] && kill -0 "$1" 2>/dev/null; do sleep 0.1; k=$((k - 1)); done; ! kill -0 "$1" 2>/dev/null; }

# q during an N = 8 exact heat map.
seed=801801
tm new-session -d -s n8 -x 200 -y 60 \
    "$env_cmd '$COLRES' --levels 0,1,2,3,4,5,6,7 --amplitudes exact --seed $seed; echo \$? > '$TMP/n8.rc'; sleep 30"
wait_pid $seed
pid=$(tui_pid $seed)
wait_screen n8 'rows'
sleep 1 # the heat map's first rows are in progress
tm send-keys -t n8 q
check "q during an N=8 exact heat map: colres exits" exits_soon "$pid"
wait_file "$TMP/n8.rc"
check "and its exit status is 0 (got $(cat "$TMP/n8.rc" 2>/dev/null))" [ "$(cat "$TMP/n8.rc" 2>/dev/null)" = 0 ]
kill -KILL "$pid" 2>/dev/null

# An export with exact amplitudes at m = 1e4: keys work, q stops it.
mkdir -p "$TMP/out"
seed=801802
tm new-session -d -s ex -x 200 -y 60 \
    "cd '$TMP' && $env_cmd '$COLRES' --pause --amplitudes exact --mass 1e4 --export-dir '$TMP/out' --seed $seed; echo \$? > '$TMP/ex.rc'; sleep 30"
wait_pid $seed
pid=$(tui_pid $seed)
wait_screen ex 'ready'
tm send-keys -t ex e
wait_screen ex 'exporting'
check "e: the status line says the export runs" sh -c "tmux -L '$SOCK' capture-pane -p -t ex | grep -q 'exporting'"
tm send-keys -t ex g
wait_screen ex 'rough estimate'
check "a key during the export is handled (g: the rough estimate)" \
    sh -c "tmux -L '$SOCK' capture-pane -p -t ex | grep -q 'rough estimate'"
tm send-keys -t ex q
check "q during the export: colres exits" exits_soon "$pid"
check "the cancelled export wrote no file" [ -z "$(ls "$TMP/out")" ]
kill -KILL "$pid" 2>/dev/null

# Closing the pane during an export (the terminal goes away): colres ends.
seed=801803
tm new-session -d -s hup -x 200 -y 60 \
    "cd '$TMP' && $env_cmd '$COLRES' --pause --amplitudes exact --mass 1e4 --export-dir '$TMP/out' --seed $seed"
wait_pid $seed
pid=$(tui_pid $seed)
wait_screen hup 'ready'
tm send-keys -t hup e
wait_screen hup 'exporting'
tm kill-session -t hup
check "pane closed during an export: colres exits" exits_soon "$pid"
kill -KILL "$pid" 2>/dev/null

echo "1..$n"
exit $fail
