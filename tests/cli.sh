#!/bin/sh
# CLI contract tests: CSV headers and row counts, exit codes,
# one-line error messages naming parameter/value/range, nothing on stdout on
# error, the published check values, and sharded heat maps.
. "${COLRES_SRCDIR:-.}/tests/taplib.sh"

# expect_rows CMD... : header line equals $HEADER and there are $ROWS data rows
run() { "$COLRES" "$@" --quiet >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/rc"; }
header() { head -n 1 "$tmp/out"; }
rows() { echo $(($(wc -l <"$tmp/out") - 1)); }

run map
check "map exits 0" [ "$(rc)" = 0 ]
check "map header" [ "$(header)" = "jp,kp,j,k,re,im" ]
check "map has 16 rows" [ "$(rows)" = 16 ]
check "map S^00_00 = 0.9842029823" awk -F, 'NR==2 { d = $5 - 0.9842029823; exit !(d < 1e-10 && d > -1e-10) }' "$tmp/out"

run steady
check "steady header" [ "$(header)" = "gamma,rho00,rho11,rho01_re,rho01_im,rho01_abs,thermal00" ]
check "steady rho00 = 0.5323022102 (10 digits)" awk -F, 'NR==2 { d = $2 - 0.5323022102; exit !(d < 1e-10 && d > -1e-10) }' "$tmp/out"
check "steady thermal00 = 0.5149955016" awk -F, 'NR==2 { d = $7 - 0.5149955016; exit !(d < 1e-10 && d > -1e-10) }' "$tmp/out"

# --dephase: the map D.S, whose steady state is the thermal state at every
# Gamma (Eq. 4), to 1e-12 (the populations obey detailed balance to ~1e-15
# at the defaults); without it the steady state is off by 1e-2 at Gamma = 100.
for g in 0.01 1 5 100; do
    run steady --dephase --gamma $g
    check "steady --dephase at Gamma = $g is thermal to 1e-12" awk -F, 'NR==2 {
        d = $2 - $7; if (d < 0) d = -d; c = $6; exit !(d < 1e-12 && c < 1e-12) }' "$tmp/out"
done
run steady --gamma 100
check "steady without --dephase at Gamma = 100 is not thermal" awk -F, 'NR==2 {
    d = $2 - $7; if (d < 0) d = -d; exit !(d > 1e-3) }' "$tmp/out"
run sweep --dephase --points 5 --log
check "sweep --dephase: |rho01| = 0 and rho00 thermal at every point" awk -F, 'NR > 1 {
    d = $2 - $7; if (d < 0) d = -d; if (d > 1e-12 || $6 != 0) bad = 1 } END { exit bad }' "$tmp/out"
run heatmap --dephase --size 3x3
check "heatmap --dephase: |rho01| = 0 everywhere" awk -F, 'NR > 1 && $3 != 0 { bad = 1 } END { exit bad }' "$tmp/out"
run evolve --dephase --tmax 10 --points 5
check "evolve --dephase: no coherence at any time" awk -F, 'NR > 1 && ($5 != 0 || $6 != 0) { bad = 1 } END { exit bad }' "$tmp/out"

run sweep --vary gamma --from 0.01 --to 100 --points 7 --log
check "sweep header" [ "$(header)" = "gamma,rho00,rho11,rho01_re,rho01_im,rho01_abs,thermal00,rho01_first_order,rho01_rough,rho00_first_order" ]
check "sweep has 7 rows" [ "$(rows)" = 7 ]
check "sweep first point is exactly 0.01" awk -F, 'NR==2 { exit !($1 == "0.01") }' "$tmp/out"

run sweep --vary dx --from 0.5 --to 2 --points 4 --threads 2
check "sweep along dx header names dx" [ "$(header | cut -d, -f1)" = dx ]
check "sweep along dx has 4 rows" [ "$(rows)" = 4 ]

run heatmap --x dx:0.5:2 --y delta:0.3:1.2 --size 4x3
check "heatmap header" [ "$(header)" = "x,y,rho01_abs" ]
check "heatmap has 12 rows" [ "$(rows)" = 12 ]
cp "$tmp/out" "$tmp/full"
"$COLRES" heatmap --x dx:0.5:2 --y delta:0.3:1.2 --size 4x3 --shard 0/2 --quiet >"$tmp/s0"
"$COLRES" heatmap --x dx:0.5:2 --y delta:0.3:1.2 --size 4x3 --shard 1/2 --quiet --no-header >"$tmp/s1"
cat "$tmp/s0" "$tmp/s1" | sort >"$tmp/joined"
sort "$tmp/full" >"$tmp/fullsorted"
check "heatmap shards concatenate to the unsplit result" cmp -s "$tmp/joined" "$tmp/fullsorted"
# With y = gamma the heat map is computed column by column (one map each).
"$COLRES" heatmap --x dx:0.5:2 --y gamma:0.1:10:log --size 4x5 --quiet >"$tmp/gfull"
for k in 0 1 2; do
    "$COLRES" heatmap --x dx:0.5:2 --y gamma:0.1:10:log --size 4x5 --shard $k/3 --quiet --no-header
done >"$tmp/gparts"
tail -n +2 "$tmp/gfull" | sort >"$tmp/gfs"
sort "$tmp/gparts" >"$tmp/gps"
check "gamma-row heatmap shards concatenate to the unsplit result" cmp -s "$tmp/gfs" "$tmp/gps"
check "gamma-row heatmap has 20 rows" [ "$(($(wc -l <"$tmp/gfull") - 1))" = 20 ]

run trajectory --collisions 50 --seed 7
check "trajectory header" [ "$(header)" = "n,t,gamma_t,rho00,rho11,rho01_re,rho01_im" ]
check "trajectory has 51 rows (n = 0 is the initial state)" [ "$(rows)" = 51 ]
check "trajectory starts excited" awk -F, 'NR==2 { exit !($1 == 0 && $4 == 0 && $5 == 1) }' "$tmp/out"
cp "$tmp/out" "$tmp/traj1"
run trajectory --collisions 50 --seed 7
check "trajectory is reproducible with a seed" cmp -s "$tmp/out" "$tmp/traj1"
run trajectory --collisions 20 --seed 7 --dephase
check "dephased trajectory has zero coherences after collisions" \
    awk -F, 'NR>2 && ($6 != 0 || $7 != 0) { exit 1 }' "$tmp/out"

run evolve --tmax 10 --points 11
check "evolve header" [ "$(header)" = "t,gamma_t,rho00,rho11,rho01_re,rho01_im" ]
check "evolve has 11 rows" [ "$(rows)" = 11 ]

# The qubit written out as levels and coupling is the qubit: byte-identical
# output, stderr included (N = 2 with sigma_x + sigma_y takes the qubit path).
"$COLRES" steady >"$tmp/q0" 2>"$tmp/q0err"
for a in "--levels -0.3,0.3" "--coupling 0,1+i;1-i,0" "--levels=-0.3,0.3 --coupling=0,1+i;1-i,0" \
         "--levels 0,1 --delta 0.6" "--coupling 0,1+1i;1-1i,0 --levels -1,1 --delta 0.6"; do
    # shellcheck disable=SC2086
    "$COLRES" steady $a >"$tmp/q1" 2>"$tmp/q1err"
    check "steady $a is byte-identical to steady" cmp -s "$tmp/q0" "$tmp/q1"
    check "steady $a: the same warnings" cmp -s "$tmp/q0err" "$tmp/q1err"
done
printf 'levels = -0.3,0.3\ncoupling = 0, 1 + i; 1 - i, 0\n' >"$tmp/qubit.conf"
"$COLRES" steady --config "$tmp/qubit.conf" >"$tmp/q1" 2>/dev/null
check "levels and coupling from a config file: the same qubit" cmp -s "$tmp/q0" "$tmp/q1"
# --levels sets delta = E1 - E0; a later --delta rescales.
run sweep --levels 0,2 --points 1 --vary gamma --from 1 --to 1
"$COLRES" sweep --delta 2 --points 1 --vary gamma --from 1 --to 1 --quiet >"$tmp/q2"
check "--levels 0,2 sets delta = 2" cmp -s "$tmp/out" "$tmp/q2"
for c in map steady sweep heatmap trajectory evolve ensemble snapshot amplitudes validity bench figure tui; do
    "$COLRES" $c --help >"$tmp/out" 2>&1
    check "$c --help lists --levels and --coupling" \
        sh -c 'grep -q "^  --levels E0,E1,\.\.\. .*2 to 8 levels" "$1" && grep -q "^  --coupling ROWS .*Hermitian\|^  --coupling ROWS .*V = lambda C" "$1"' sh "$tmp/out"
done

# Decimal point stays '.' whatever the locale says.
LC_ALL=de_DE.UTF-8 "$COLRES" steady --quiet >"$tmp/de" 2>/dev/null
check "CSV uses '.' under a German locale" grep -q '^5,0\.5323' "$tmp/de"

# Bad input (exit 2, one line naming parameter, value and range, empty
# stdout) is the table of tests/bad_input.sh.

"$COLRES" --help >"$tmp/out" 2>&1
check "--help exits 0 and lists commands" grep -q "heatmap" "$tmp/out"
"$COLRES" --version >"$tmp/out" 2>&1
check "--version prints the version" grep -q "^colres [0-9]" "$tmp/out"
for c in map steady sweep heatmap trajectory evolve; do
    "$COLRES" $c --help >"$tmp/out" 2>&1
    check "$c --help exits 0" grep -q "Usage: colres $c" "$tmp/out"
done

# Presets load and give the paper's parameters.
run steady --preset fig2
check "preset fig2 gives the defaults' rho00" awk -F, 'NR==2 { d = $2 - 0.5323022102; exit !(d < 1e-10 && d > -1e-10) }' "$tmp/out"
run steady --preset fig3-dx-gamma
# thermal00 = 1/(1 + exp(-beta*delta)) = 0.5299640517645717 for delta = 1.2
check "preset fig3-dx-gamma sets delta = 1.2" awk -F, 'NR==2 { d = $7 - 0.52996405176; exit !(d < 1e-10 && d > -1e-10) }' "$tmp/out"

# bench runs (timings are not asserted: shared machines are noisy) and the
# fast maps it times agree with the adaptive reference to 1e-9.
"$COLRES" bench --quick --heat-size 8 --quiet >"$tmp/bench" 2>&1
check "bench --quick exits 0 and reports the map errors" grep -q "max error" "$tmp/bench"
check "bench: both fast maps agree with QAGP to 1e-9" \
    awk '/^map, / { for (i = 1; i < NF; i++) if ($i == "error") { n++; if ($(i + 1) + 0 > 1e-9) bad = 1 } }
         END { exit !(n == 2 && !bad) }' "$tmp/bench"

# Warnings go to stderr only and do not change stdout.
"$COLRES" steady >"$tmp/w1" 2>"$tmp/werr"
"$COLRES" steady --quiet >"$tmp/w2" 2>/dev/null
check "warnings do not change stdout" cmp -s "$tmp/w1" "$tmp/w2"
check "warnings are printed on stderr" grep -q "warning" "$tmp/werr"

echo "1..$n"
exit $fail
