#!/bin/sh
# robust_tui.sh — the TUI where the system fails it, driven through tmux:
# Ctrl-\ (SIGQUIT), SIGPIPE, SIGUSR1 and SIGALRM end it with the terminal
# restored (echo and canonical input on, the alternate screen left, the
# cursor shown); Enter on an empty value prompt cancels; `e` into a
# directory named with a space, $(id) and a newline writes a .params whose
# command, pasted into sh, reproduces the CSV and runs nothing else, and
# whose lines stay a valid config; `e` on a full disk (a small tmpfs)
# leaves each CSV with its .params or neither.  Skips (77) without tmux.

NAME=robusttui
. "${COLRES_SRCDIR:-.}/tests/tmuxlib.sh"
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
checks() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
mnt=$TMP/full
trap 'umount "$mnt" 2>/dev/null; cleanup' EXIT

env_cmd="env -u COLRES_CONFIG XDG_CONFIG_HOME='$TMP' HOME='$TMP' LC_ALL=C NO_COLOR=1"

tui_pid() { pgrep -f -- "--seed $1( |\$)" | head -n 1; }
wait_file() { k=100; while [ "$k" -gt 0 ] && [ ! -s "$1" ]; do sleep 0.1; k=$((k - 1)); done; }
wait_screen() { # SESSION TEXT: until TEXT is on the screen (10 s at most)
    k=100
    while [ "$k" -gt 0 ] && ! tm capture-pane -p -t "$1" | grep -q -- "$2"; do
        sleep 0.1; k=$((k - 1))
    done
}

# ---- 10. fatal signals restore the terminal ----
seed=730000
for sig in QUIT PIPE USR1 ALRM; do
    seed=$((seed + 1))
    tm new-session -d -s "$sig" -x 80 -y 24 \
        "$env_cmd '$COLRES' --pause --seed $seed; stty -a > '$TMP/stty.$sig'; sleep 30"
    wait_screen "$sig" paused
    kill -"$sig" "$(tui_pid "$seed")" 2>/dev/null
    wait_file "$TMP/stty.$sig"
    # tmux may not have read colres's last escapes when the file appears:
    # up to 5 s for the state to come back (a broken exit never does).
    k=50
    while [ "$k" -gt 0 ] && [ "$(tm display -p -t "$sig" '#{alternate_on} #{cursor_flag}')" != "0 1" ]; do
        sleep 0.1; k=$((k - 1))
    done
    state=$(tm display -p -t "$sig" '#{alternate_on} #{cursor_flag}')
    checks "SIG$sig: echo and canonical input back (stty: $(grep -o -- '-\{0,1\}echo ' "$TMP/stty.$sig" | head -1))" \
        'grep -q "[^-]echo " "$TMP/stty.$sig" && grep -q "[^-]icanon" "$TMP/stty.$sig"'
    check "SIG$sig: the alternate screen left, the cursor shown (alternate, cursor: $state)" \
        [ "$state" = "0 1" ]
done

# ---- 13. Enter on an empty prompt cancels ----
tm new-session -d -s prompt -x 100 -y 30 "$env_cmd '$COLRES' --pause --ascii; sleep 30"
wait_screen prompt paused
tm send-keys -t prompt Enter
wait_screen prompt 'Enter sets'
tm send-keys -t prompt Enter
wait_screen prompt 'cancelled'
check "Enter on an empty value prompt: cancelled" \
    sh -c "tmux -L '$SOCK' capture-pane -p -t prompt | grep -q cancelled"
tm send-keys -t prompt q

# ---- 11. the .params command is shell-quoted ----
odd="$TMP/a b \$(touch $TMP/ran)'q
c"
mkdir -p "$odd"
printf '%s' "$odd" >"$TMP/odd.name"
tm new-session -d -s ex -x 100 -y 30 \
    "cd '$TMP' && $env_cmd '$COLRES' --ascii --pause --export-dir \"\$(cat '$TMP/odd.name')\"; sleep 60"
wait_screen ex ' ready'
tm send-keys -t ex e
k=600
while [ "$k" -gt 0 ] && ! tm capture-pane -p -t ex | grep -q 'exported'; do sleep 0.1; k=$((k - 1)); done
for f in "$odd"/colres-steady-*.csv; do break; done # (ls would split the name)
check "export into a directory named with a space, \$(...), a quote and a newline" [ -e "$f" ]
if [ -e "$f" ]; then
    cmd=$(sed -n 's/^#   \(colres .*\)$/\1/p' "$f.params")
    mkdir -p "$TMP/bin"
    ln -sf "$COLRES" "$TMP/bin/colres"
    (cd "$TMP" && PATH="$TMP/bin:$PATH" sh -c "$cmd --quiet" >"$TMP/again.csv" 2>"$TMP/err")
    check "the pasted command runs ($(head -c 200 "$TMP/err"))" [ $? -eq 0 ]
    # the export's 8 columns are the sweep's first 8; equal to 1e-12 (as in export.sh)
    cut -d, -f1-8 "$TMP/again.csv" >"$TMP/again8.csv"
    checks "the pasted command reproduces the CSV (to 1e-12)" \
        'awk -F, "NR == FNR { for (i = 1; i <= NF; i++) a[FNR, i] = \$i; rows = FNR; next }
             FNR > 1 { for (i = 1; i <= NF; i++) { d = a[FNR, i] - \$i; s = \$i < 0 ? -\$i : \$i
                       if (s < 1e-12) s = 1; if ((d < 0 ? -d : d) > 1e-12 * s) bad = 1 } }
             END { exit bad || rows != FNR }" "$f" "$TMP/again8.csv"'
    check "the pasted command runs nothing else (no \$(touch ...))" [ ! -e "$TMP/ran" ]
    "$COLRES" steady --config "$f.params" --quiet >/dev/null 2>"$TMP/err"
    check "the .params is still a valid config (the newline stays in its comment)" [ $? -eq 0 ]
fi
tm send-keys -t ex q

# The same with only a space and $(...) in the name: the command that
# runs must not run them.
odd2="$TMP/d \$(touch $TMP/ran2)"
mkdir -p "$odd2"
printf '%s' "$odd2" >"$TMP/odd2.name"
tm new-session -d -s ex2 -x 100 -y 30 \
    "cd '$TMP' && $env_cmd '$COLRES' --ascii --pause --export-dir \"\$(cat '$TMP/odd2.name')\"; sleep 60"
wait_screen ex2 ' ready'
tm send-keys -t ex2 e
wait_screen ex2 'exported'
for f2 in "$odd2"/colres-steady-*.csv.params; do break; done
cmd=$(sed -n 's/^#   \(colres .*\)$/\1/p' "$f2" 2>/dev/null)
(cd "$TMP" && PATH="$TMP/bin:$PATH" sh -c "$cmd --quiet" >/dev/null 2>"$TMP/err")
st=$?
checks "a directory named with \$(touch ...): the pasted command runs, and runs nothing else" \
    '[ "$st" -eq 0 ] && [ ! -e "$TMP/ran2" ]'
tm send-keys -t ex2 q

# ---- 11. an export on a full disk: each CSV with its .params, or neither ----
if ! mkdir -p "$mnt" || ! mount -t tmpfs -o size=64k tmpfs "$mnt" 2>/dev/null; then
    skip "export on a full disk: cannot mount a tmpfs (not root?)"
else
    # The steady CSV (the first file) just fits, its .params not: the free
    # space is the CSV's size rounded up to whole 4 kB pages.
    size=$(cat "$f" 2>/dev/null | wc -c)
    pages=$(((size + 4095) / 4096))
    dd if=/dev/zero of="$mnt/fill" bs=4k count=$((16 - pages)) 2>/dev/null
    tm new-session -d -s full -x 100 -y 30 \
        "cd '$TMP' && $env_cmd '$COLRES' --ascii --pause --export-dir '$mnt'; sleep 60"
    wait_screen full ' ready'
    tm send-keys -t full e
    k=600
    while [ "$k" -gt 0 ] && ! tm capture-pane -p -t full | grep -q 'export failed\|exported'; do
        sleep 0.1; k=$((k - 1))
    done
    check "export on a full disk: the status says it failed" \
        sh -c "tmux -L '$SOCK' capture-pane -p -t full | grep -q 'export failed'"
    lone=0
    for c in "$mnt"/*.csv "$mnt"/*.params; do
        [ -e "$c" ] || continue
        case $c in
            *.params) [ -e "${c%.params}" ] || lone=$((lone + 1)) ;;
            *) [ -e "$c.params" ] || lone=$((lone + 1)) ;;
        esac
    done
    check "export on a full disk: no CSV without its .params or the reverse ($lone alone)" \
        [ "$lone" = 0 ]
    tm send-keys -t full q
    sleep 0.3
    umount "$mnt" 2>/dev/null
fi

echo "1..$n"
exit $fail
