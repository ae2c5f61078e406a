#!/bin/sh
# Batch results you can trust: no hidden config file, provenance (--meta),
# scans that survive failing points, several heat-map quantities, shards
# merged and checked (--merge), and the README's GNU parallel recipe.
. "${COLRES_SRCDIR:-.}/tests/taplib.sh"
unset COLRES_CONFIG
XDG_CONFIG_HOME=$tmp/xdg
export XDG_CONFIG_HOME
PY=/usr/bin/python3

# --- a saved TUI setting changes no batch output ---
for cmd in "steady" "map" "sweep --points 7" "heatmap --size 5x4" "evolve --points 5" \
           "trajectory --collisions 20" "amplitudes --from 0.1 --to 2 --points 3"; do
    # shellcheck disable=SC2086
    "$COLRES" $cmd --quiet >"$tmp/without" 2>/dev/null
    mkdir -p "$tmp/xdg/colres"
    printf 'beta = 0.5\ndx = 0.7\n' >"$tmp/xdg/colres/colres.conf"
    # shellcheck disable=SC2086
    "$COLRES" $cmd --quiet >"$tmp/with" 2>"$tmp/err"
    check "$cmd: the XDG config file changes no byte of the output" cmp -s "$tmp/without" "$tmp/with"
    check "$cmd: and nothing on stderr about it" [ ! -s "$tmp/err" ]
    rm -r "$tmp/xdg/colres"
done
mkdir -p "$tmp/xdg/colres"
printf 'beta = 0.5\n' >"$tmp/xdg/colres/colres.conf"
run steady --quiet
check "steady with the XDG file: rho00 = 0.5323 (the defaults')" grep -q '^5,0.5323022' "$tmp/out"
run steady --quiet --config "$tmp/xdg/colres/colres.conf"
check "steady --config FILE: rho00 = 0.5977 (beta = 0.5)" grep -q '^5,0.5976530' "$tmp/out"
check "--config FILE: one line on stderr names the file" \
    [ "$(cat "$tmp/err")" = "colres: parameters read from $tmp/xdg/colres/colres.conf (named by --config)" ]
COLRES_CONFIG=$tmp/xdg/colres/colres.conf "$COLRES" steady --quiet >"$tmp/env" 2>"$tmp/err"
check "COLRES_CONFIG is read, like --config" cmp -s "$tmp/out" "$tmp/env"
check "COLRES_CONFIG: stderr names it" grep -q 'named by \$COLRES_CONFIG' "$tmp/err"
COLRES_CONFIG=$tmp/xdg/colres/colres.conf "$COLRES" steady --quiet --no-config >"$tmp/env" 2>"$tmp/err"
run steady --quiet
check "--no-config ignores COLRES_CONFIG" cmp -s "$tmp/out" "$tmp/env"
run steady --quiet --config /dev/null
check "--config /dev/null: no file, exit 0" [ "$(rc)" = 0 ]
check "--config /dev/null: the defaults" grep -q '^5,0.5323022' "$tmp/out"
# The TUI (snapshot draws its frame) still reads its saved file.
"$COLRES" snapshot --width 100 --height 30 >"$tmp/snap_with" 2>/dev/null
"$COLRES" snapshot --width 100 --height 30 --no-config >"$tmp/snap_without" 2>/dev/null
check "snapshot reads the XDG config file: --no-config draws another frame" sh -c '! cmp -s "$1" "$2"' - "$tmp/snap_with" "$tmp/snap_without"
rm -r "$tmp/xdg/colres"
"$COLRES" snapshot --width 100 --height 30 >"$tmp/snap_none" 2>/dev/null
check "snapshot --no-config = snapshot without a file" cmp -s "$tmp/snap_none" "$tmp/snap_without"

# --- --meta: provenance lines that CSV readers skip ---
run heatmap --size 4x3 --meta --quiet --threads 2 --beta 0.2 --quantity rho01_abs,rho00
check "--meta: exit 0" [ "$(rc)" = 0 ]
check "--meta: the first line names colres and its version" \
    grep -qx "# colres $("$COLRES" --version | cut -d' ' -f2)" "$tmp/out"
check "--meta: the full command" grep -qx '# command: colres heatmap --size 4x3 --meta --quiet --threads 2 --beta 0.2 --quantity rho01_abs,rho00' "$tmp/out"
check "--meta: threads, seed, amplitude model" sh -c 'grep -qx "# threads: 2" "$1" && grep -qx "# seed: none (no random numbers)" "$1" && grep -q "^# amplitude model: approx" "$1"' - "$tmp/out"
for name in gamma delta dx beta mass lambda length x0 rough_s amplitudes; do
    check "--meta names $name" grep -q "^# $name = " "$tmp/out"
done
check "--meta: beta after the flags" grep -qx '# beta = 0.2' "$tmp/out"
check "--meta: then the usual header" sh -c 'grep -v "^#" "$1" | head -n 1 | grep -qx "x,y,rho01_abs,rho00"' - "$tmp/out"
"$COLRES" heatmap --size 4x3 --quiet --threads 2 --beta 0.2 --quantity rho01_abs,rho00 >"$tmp/plain"
check "--meta: the same rows as without it" sh -c 'grep -v "^#" "$1" | cmp -s - "$2"' - "$tmp/out" "$tmp/plain"
if [ -x "$PY" ] && "$PY" -c 'import numpy' 2>/dev/null; then
    check "numpy.loadtxt skips the --meta lines (12 rows, 4 columns, the same numbers)" "$PY" - "$tmp/out" "$tmp/plain" <<'PYEOF'
import sys, numpy as np
def load(path):
    with open(path) as f:
        names = next(l for l in f if not l.startswith("#")).strip().split(",")
        return names, np.loadtxt(f, delimiter=",")
n1, a = load(sys.argv[1]); n2, b = load(sys.argv[2])
sys.exit(0 if n1 == n2 == ["x", "y", "rho01_abs", "rho00"] and a.shape == (12, 4) and (a == b).all() else 1)
PYEOF
    "$COLRES" trajectory --collisions 5 --seed 7 --meta --quiet >"$tmp/traj"
    check "numpy.loadtxt reads a --meta trajectory (6 rows, 7 columns); its seed is named" sh -c \
        'grep -qx "# seed: 7" "$2" && "$1" - "$2" <<PYEOF
import sys, numpy as np
with open(sys.argv[1]) as f:
    names = next(l for l in f if not l.startswith("#")).strip().split(",")
    a = np.loadtxt(f, delimiter=",")
sys.exit(0 if names[0] == "n" and a.shape == (6, 7) else 1)
PYEOF' - "$PY" "$tmp/traj"
else
    ok "# SKIP /usr/bin/python3 with numpy not found"
fi
if command -v gnuplot >/dev/null 2>&1; then
    check "gnuplot skips the --meta lines (stats: 12 records, none invalid)" sh -c \
        'gnuplot -e "set datafile separator \",\"; set datafile columnheaders; stats \"$1\" using 3 nooutput; print STATS_records, STATS_invalid" 2>&1 | grep -qx "12 0"' - "$tmp/out"
fi

# One text for --meta and the figure scripts: from "# config file" to the
# last parameter, fig2's script and the sweep it plots say the same.
"$COLRES" figure fig2 --quiet --beta 0.3 | sed -n '/^# config file/,/^# amplitudes = /p' >"$tmp/fig.meta"
"$COLRES" sweep --points 3 --meta --quiet --beta 0.3 | sed -n '/^# config file/,/^# amplitudes = /p' >"$tmp/sweep.meta"
check "figure scripts carry the --meta text (same lines, beta = 0.3)" \
    sh -c 'cmp -s "$1" "$2" && grep -qx "# beta = 0.3" "$1"' - "$tmp/fig.meta" "$tmp/sweep.meta"

# --- scans that survive a failing point (lambda = 0: no unique steady state) ---
run sweep --vary lambda --from 1 --to 0 --points 5 --quiet
check "sweep over a failing point: exit 1" [ "$(rc)" = 1 ]
check "sweep: 4 good rows and the failed one, 6 lines" [ "$(wc -l <"$tmp/out")" = 6 ]
check "sweep: the failed point is lambda = 0, nan in every result column" \
    grep -qx '0,nan,nan,nan,nan,nan,nan,nan,nan,nan' "$tmp/out"
"$COLRES" sweep --vary lambda --from 1 --to 0.25 --points 4 --quiet >"$tmp/good"
check "sweep: the good rows are those of a sweep without the failing point" \
    sh -c 'head -n 5 "$1" | cmp -s - "$2"' - "$tmp/out" "$tmp/good"
check "sweep: stderr names the failed point" grep -q 'first failed points: (lambda = 0)' "$tmp/err"
check "sweep: the failure summed up once per reason" \
    [ "$(grep -c 'of 5 points failed (nan in the output): steady state: not unique' "$tmp/err")" = 1 ]
run heatmap --x dx:0.5:2 --y lambda:0:1 --size 3x3 --quantity rho01_abs,rho00,first_order --validity --quiet
check "heatmap over a failing row: exit 1" [ "$(rc)" = 1 ]
check "heatmap: all 9 cells written" [ "$(wc -l <"$tmp/out")" = 10 ]
check "heatmap: the 3 failed cells are nan, validity columns kept" \
    [ "$(grep -c '^[^,]*,0,nan,nan,nan,[0-9]' "$tmp/out")" = 3 ]
check "heatmap: 3 of 9 cells failed, once" [ "$(grep -c '3 of 9 cells failed' "$tmp/err")" = 1 ]
"$COLRES" heatmap --x dx:0.5:2 --y lambda:0.5:1 --size 3x2 --quantity rho01_abs,rho00,first_order --validity --quiet >"$tmp/good"
check "heatmap: the 6 good cells are those of a map without the failing row" \
    sh -c 'tail -n 6 "$1" | cmp -s - "$2"' - "$tmp/out" "$(tail -n 6 "$tmp/good" >"$tmp/good6"; echo "$tmp/good6")"
run heatmap --x lambda:0:1 --y gamma:1:2 --size 3x3 --quiet --threads 2
check "heatmap with y = gamma (columns): the lambda = 0 column is nan, exit 1" \
    sh -c '[ "$(grep -c "^0,.*,nan$" "$1")" = 3 ] && [ "$2" = 1 ]' - "$tmp/out" "$(rc)"

# --- warnings about the scanned points, not the base parameters ---
run sweep --from 0.01 --to 0.1 --points 20
check "a gamma sweep over 0.01-0.1 does not warn about gamma = 5" sh -c '! grep -q "more than one particle" "$1"' - "$tmp/err"
run heatmap --x dx:0.01:1 --y delta:0.05:3 --size 10x7
# 4*pi*dx*sqrt(m/beta) < 1 iff dx < 1/(4 pi) = 0.0796: the column dx = 0.01 only (the next is 0.12)
check "heatmap: the Wigner warning counts the cells (7 of 70)" \
    grep -q 'warning: heatmap: Wigner function invalid at 7 of 70 cells' "$tmp/err"
check "heatmap: warnings only, exit 0" [ "$(rc)" = 0 ]

# --- several quantities; S2's estimate ---
run heatmap --size 4x3 --quantity rho01_abs,rho00,distance,rough,first_order --quiet
check "--quantity with five names: five columns" [ "$(head -n 1 "$tmp/out")" = "x,y,rho01_abs,rho00,distance,rough,first_order" ]
"$COLRES" heatmap --size 4x3 --quiet >"$tmp/one"
check "--quantity rho01_abs,...: its first column is the default map's" \
    sh -c 'cut -d, -f1-3 "$1" | tail -n +2 | cmp -s - "$(tail -n +2 "$2" >"$2.b"; echo "$2.b")"' - "$tmp/out" "$tmp/one"
# rough = s^2 (gamma/delta) exp(-beta m dx^2 delta^2 / 2), Eq. 24, at each cell (awk: 1e-12 relative)
check "rough is Eq. 24 at every cell" awk -F, 'NR > 1 { e = 0.0001 * (5 / $2) * exp(-0.1 * 0.1 * $1 * $1 * $2 * $2 / 2);
    d = ($6 - e) / e; if (d < 0) d = -d; if (d > 1e-12) bad = 1 } END { exit bad }' "$tmp/out"
run heatmap --quantity rho01_abs,nosuch
check "--quantity with an unknown name: exit 2, one line" sh -c '[ "$1" = 2 ] && [ "$(wc -l <"$2")" = 1 ]' - "$(rc)" "$tmp/err"

# --- --merge ---
G="--x dx:0.1:3 --y delta:0.05:3 --size 9x10 --quiet"
# shellcheck disable=SC2086
"$COLRES" heatmap $G >"$tmp/full.csv"
for k in 0 1 2 3; do
    # shellcheck disable=SC2086
    "$COLRES" heatmap $G --shard $k/4 --meta >"$tmp/part-$k.csv"
done
# shellcheck disable=SC2086
"$COLRES" heatmap $G --merge "$tmp"/part-*.csv >"$tmp/merged.csv" 2>"$tmp/err"
check "--merge of 4 complete shards: exit 0, the unsplit run byte for byte" cmp -s "$tmp/full.csv" "$tmp/merged.csv"
mv "$tmp/part-2.csv" "$tmp/saved"
# shellcheck disable=SC2086
"$COLRES" heatmap $G --merge --shards 4 "$tmp"/part-*.csv >"$tmp/merged.csv" 2>"$tmp/err"; r=$?
check "--merge without shard 2: exit 1, nothing written" sh -c '[ "$1" = 1 ] && [ ! -s "$2" ]' - $r "$tmp/merged.csv"
check "--merge names the missing shard" grep -q 'missing shards: 2/4 (18 of 90 cells missing' "$tmp/err"
head -n 25 "$tmp/saved" >"$tmp/part-2.csv"
rm "$tmp/part-3.csv"
# shellcheck disable=SC2086
"$COLRES" heatmap $G --merge --shards 4 "$tmp"/part-*.csv 2>"$tmp/err" >/dev/null
check "--merge names a short shard and a missing one" grep -q 'missing shards: 2/4, 3/4 ' "$tmp/err"
# shellcheck disable=SC2086
"$COLRES" heatmap $G --merge "$tmp"/part-0.csv "$tmp"/part-0.csv 2>"$tmp/err" >/dev/null; r=$?
check "--merge: a cell twice is an error naming FILE:LINE" sh -c '[ "$1" = 1 ] && grep -q "part-0.csv:[0-9]*: the cell .* is there twice" "$2"' - $r "$tmp/err"
"$COLRES" heatmap --x dx:0.1:3 --y delta:0.05:3 --size 9x11 --quiet --merge "$tmp"/part-0.csv 2>"$tmp/err" >/dev/null; r=$?
check "--merge: a row off the grid is an error" sh -c '[ "$1" = 1 ] && grep -q "is not on this grid" "$2"' - $r "$tmp/err"
# shellcheck disable=SC2086
"$COLRES" heatmap $G --quantity rho00 --merge "$tmp"/part-0.csv 2>"$tmp/err" >/dev/null; r=$?
check "--merge: another --quantity's header is an error" sh -c '[ "$1" = 1 ] && grep -q "is not this run" "$2"' - $r "$tmp/err"

# --- the README's GNU parallel recipe, as written ---
if command -v parallel >/dev/null 2>&1 && parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
    recipe=$(awk '/GNU parallel \(Debian/ { on = 1 } on && /^As a Slurm/ { exit } on && /^    / { sub(/^    /, ""); print }' \
             "${COLRES_SRCDIR:-.}/README")
    mkdir -p "$tmp/par/bin"
    ln -s "$(cd "$(dirname "$COLRES")" && pwd)/$(basename "$COLRES")" "$tmp/par/bin/colres"
    (cd "$tmp/par" && PATH="$tmp/par/bin:$PATH" HOME=$tmp/par sh -c "$recipe") >"$tmp/par.out" 2>&1 ||
        sed 's/^/# /' "$tmp/par.out"
    "$COLRES" heatmap --x dx:0.1:3 --y delta:0.05:3 --size 512x512 --quiet >"$tmp/par/unsplit.csv"
    check "the README's parallel recipe: 8 shards merged = the unsplit run" cmp -s "$tmp/par/map.csv" "$tmp/par/unsplit.csv"
    check "the README's parallel recipe: a job log" [ "$(grep -c 'colres heatmap' "$tmp/par/shards.log")" = 8 ]
else
    ok "# SKIP GNU parallel not installed"
fi

echo "1..$n"
exit $fail
