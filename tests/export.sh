#!/bin/sh
# export.sh — `e` in the TUI: files land in --export-dir, the status line
# gives their full path, a second export in the same second does not
# overwrite the first, and each .params file holds a colres command whose
# output equals the exported CSV, column by column, to 1e-12 (relative,
# or absolute below 1e-12): the data belongs to the parameters beside it.
# Driven through tmux; skips (77) without it.

NAME=export
. "${COLRES_SRCDIR:-.}/tests/tmuxlib.sh"

# same_csv A B: the columns of A equal those of B with the same header name.
same_csv() {
    awk -F, '
        NR == FNR { if (FNR == 1) { for (i = 1; i <= NF; i++) ha[i] = $i; na = NF }
                    else for (i = 1; i <= NF; i++) a[FNR, ha[i]] = $i; ra = FNR; next }
        FNR == 1 { for (i = 1; i <= NF; i++) hb[i] = $i; nb = NF; next }
        { rb = FNR
          for (i = 1; i <= nb; i++) {
              if (!((FNR, hb[i]) in a)) continue
              x = a[FNR, hb[i]] + 0; y = $i + 0; d = x - y; if (d < 0) d = -d
              s = (x < 0 ? -x : x); if (s < 1e-12) s = 1
              if (d > 1e-12 * s) { printf "row %d %s: %s vs %s\n", FNR, hb[i], a[FNR, hb[i]], $i; bad = 1 }
              used++ } }
        END { if (ra != rb) { printf "%d rows vs %d\n", ra, rb; bad = 1 }
              if (used == 0) { print "no common column"; bad = 1 }
              exit bad }' "$1" "$2"
}

mkdir -p "$TMP/out" "$TMP/xdg"
tm new-session -d -s e -x 100 -y 30 \
    "cd '$TMP' && env -u COLRES_CONFIG XDG_CONFIG_HOME='$TMP/xdg' HOME='$TMP' '$COLRES' --ascii --export-dir '$TMP/out' --seed 4; sleep 60" \
    || { echo "cannot start tmux"; exit 1; }
k=100
while [ "$k" -gt 0 ]; do
    tm capture-pane -p -t e >"$TMP/screen"
    grep -q ' ready' "$TMP/screen" && break
    sleep 0.1; k=$((k - 1))
done
sleep 1.5                    # a few collisions at 10 per second
tm send-keys -t e ' '        # pause, so the trajectory is what was shown
sleep 0.3
tm send-keys -t e e
k=600
while [ "$k" -gt 0 ]; do
    # the last rows: a long message wraps upwards over the hint bar
    tm capture-pane -p -t e | sed "s/ *$//" | tail -n 4 | tr '\n' ' ' >"$TMP/screen"
    grep -q 'exported' "$TMP/screen" && break
    sleep 0.1; k=$((k - 1))
done
check "the status line names the full path" grep -q "exported .* to $TMP/out/colres-\*-" "$TMP/screen"
for s in steady mean trajectory heatmap; do
    f=$(ls "$TMP"/out/colres-$s-*.csv 2>/dev/null | head -n 1)
    check "$s exported to --export-dir" [ -n "$f" ]
    [ -n "$f" ] || continue
    check "$s has a .params file" [ -f "$f.params" ]
    cmd=$(sed -n 's/^#   \(colres .*\)$/\1/p' "$f.params")
    check "$s .params names the command" [ -n "$cmd" ]
    # shellcheck disable=SC2086
    set -- $cmd
    shift
    "$COLRES" "$@" --quiet >"$TMP/again.csv" 2>"$TMP/err"
    check "$s: the command runs ($cmd)" [ $? -eq 0 ]
    if same_csv "$f" "$TMP/again.csv" >"$TMP/diff"; then
        ok "$s: the command reproduces the CSV to 1e-12"
    else
        bad "$s: the command reproduces the CSV to 1e-12"; head -5 "$TMP/diff"
    fi
done

# A second export at once: new names, the first files untouched.
first=$(ls "$TMP"/out/*.csv)
before=$(ls "$TMP/out" | wc -l)
sum1=$(cat $first | cksum)
tm send-keys -t e e
k=50
while [ "$k" -gt 0 ] && [ "$(ls "$TMP/out" | wc -l)" -lt $((before * 2)) ]; do
    sleep 0.1; k=$((k - 1))
done
after=$(ls "$TMP/out" | wc -l)
check "a second export adds files ($before -> $after)" [ "$after" -eq $((before * 2)) ]
check "and leaves the first export's files as they were" [ "$(cat $first | cksum)" = "$sum1" ]

# Parameters changed mid-run: the trajectory's .params says so instead of
# naming a command that would print something else.
tm send-keys -t e ' ' Down Right ' '
sleep 1.5
tm send-keys -t e ' ' e
k=50
while [ "$k" -gt 0 ] && [ "$(ls "$TMP/out" | wc -l)" -lt $((before * 3)) ]; do
    sleep 0.1; k=$((k - 1))
done
last=$(ls -t "$TMP"/out/colres-trajectory-*.csv.params | head -n 1)
check "a trajectory run under two sets of parameters has no command" \
    sh -c "grep -q 'no single command reproduces it' '$last' && ! grep -q '^#   colres' '$last'"
tm send-keys -t e q

echo "1..$n"
exit $fail
