#!/bin/sh
# CLI tests of systems beyond the paper's qubit (--levels, --coupling):
# the column layout of every command, and physics checked on the printed
# numbers — trace, the thermal columns against e^{-beta E}/Z, Gamma -> 0
# gives the thermal state, D.S gives it at every Gamma, trace preservation
# of the printed map, e^{Lt} from the top level and towards the steady
# state, unitarity and Eq. 19 symmetry of the printed amplitudes, the heat
# map's quantities against the steady state; usage errors.
. "${COLRES_SRCDIR:-.}/tests/taplib.sh"
# col NAME: the value of column NAME in data row 1 of $tmp/out.
col() { awk -F, -v c="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i } NR == 2 { print $k }' "$tmp/out"; }
# near A B TOL: |A - B| <= TOL.
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }

Q3="--levels 0,0.6,1.2 --quiet"
HEAD3="rho00,rho11,rho22,rho01_re,rho01_im,rho01_abs,rho02_re,rho02_im,rho02_abs,rho12_re,rho12_im,rho12_abs,thermal00,thermal11,thermal22"

# ---- steady ----
run steady $Q3
check "qutrit steady exits 0" [ "$(rc)" = 0 ]
check "qutrit steady header" [ "$(head -n 1 "$tmp/out")" = "gamma,$HEAD3" ]
# Trace 1 to round-off (the solve normalises the trace; 1e-12 allows for
# the sum of three rounded %.17g numbers).
check "qutrit populations sum to 1 (1e-12)" near "$(awk -F, 'NR == 2 { print $2 + $3 + $4 }' "$tmp/out")" 1 1e-12
# Energies -0.6, 0, 0.6 (centred, E1 - E0 = delta = 0.6), beta = 0.1.
th0=$(awk 'BEGIN { z = exp(0.06) + 1 + exp(-0.06); printf "%.17g", exp(0.06) / z }')
th2=$(awk 'BEGIN { z = exp(0.06) + 1 + exp(-0.06); printf "%.17g", exp(-0.06) / z }')
check "thermal00 = e^{-beta E0}/Z (1e-15)" near "$(col thermal00)" "$th0" 1e-15
check "thermal22 = e^{-beta E2}/Z (1e-15)" near "$(col thermal22)" "$th2" 1e-15
check "qutrit at gamma 5 is not thermal (|rho00 - thermal| > 1e-3)" \
    sh -c '! awk -v a="$1" -v b="$2" "BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-3) }"' _ "$(col rho00)" "$th0"
check "qutrit at gamma 5 keeps coherence (|rho01| > 1e-3)" awk -v v="$(col rho01_abs)" 'BEGIN { exit !(v > 1e-3) }'

# Gamma -> 0: the departure from thermal is first order in Gamma (Eq. 15);
# at gamma 1e-5 it is below 1e-5 (measured ~2e-6 for rho00).
run steady $Q3 --gamma 1e-5
check "qutrit gamma 1e-5: rho00 thermal (1e-5)" near "$(col rho00)" "$(col thermal00)" 1e-5
check "qutrit gamma 1e-5: rho22 thermal (1e-5)" near "$(col rho22)" "$(col thermal22)" 1e-5
check "qutrit gamma 1e-5: |rho01| < 1e-5" awk -v v="$(col rho01_abs)" 'BEGIN { exit !(v < 1e-5) }'

# D.S: the thermal state at every Gamma (Eq. 4); 1e-12 is the steady
# solve's round-off on a map whose population block satisfies detailed
# balance to ~1e-15.
run steady $Q3 --dephase --gamma 50
check "qutrit --dephase at gamma 50: rho00 thermal (1e-12)" near "$(col rho00)" "$(col thermal00)" 1e-12
check "qutrit --dephase at gamma 50: rho11 thermal (1e-12)" near "$(col rho11)" "$(col thermal11)" 1e-12
check "qutrit --dephase: no coherence (1e-12)" awk -v v="$(col rho12_abs)" 'BEGIN { exit !(v < 1e-12) }'

# ---- map ----
run map $Q3
check "qutrit map has 81 rows" [ "$(($(wc -l <"$tmp/out") - 1))" = 81 ]
# Trace preservation: sum over j' of S^{jk}_{j'j'} = delta_jk for all nine
# columns (1e-9: the map's quadrature accuracy).
check "qutrit map preserves the trace (1e-9)" awk -F, 'NR > 1 && $1 == $2 { re[$3 "," $4] += $5; im[$3 "," $4] += $6 }
    END { n = 0; for (c in re) { n++; split(c, a, ","); w = (a[1] == a[2]); d = re[c] - w; e = im[c]
          if (d > 1e-9 || d < -1e-9 || e > 1e-9 || e < -1e-9) exit 1 } exit !(n == 9) }' "$tmp/out"
run map $Q3 --error
check "map --error for a qutrit: exit 2, one line, empty stdout" \
    sh -c '[ "$(cat "$1/rc")" = 2 ] && [ ! -s "$1/out" ] && [ "$(wc -l <"$1/err")" = 1 ]' _ "$tmp"

# ---- evolve and trajectory ----
run evolve $Q3 --tmax 1000 --points 3
check "qutrit evolve header" [ "$(head -n 1 "$tmp/out")" = "t,gamma_t,$HEAD3" ]
check "qutrit evolve starts in the top level" awk -F, 'NR == 2 { exit !($3 == 0 && $4 == 0 && $5 == 1) }' "$tmp/out"
ev00=$(awk -F, 'NR == 4 { print $3 }' "$tmp/out")
ev01=$(awk -F, 'NR == 4 { print $8 }' "$tmp/out")
run steady $Q3
# The slowest mode decays at ~0.038 per unit time here (measured: 1.3e-4
# off at t = 200, 6e-8 at t = 400): at t = 1000 relaxed far below 1e-9.
check "qutrit evolve at t = 1000 is the steady state: rho00 (1e-9)" near "$ev00" "$(col rho00)" 1e-9
check "qutrit evolve at t = 1000 is the steady state: |rho01| (1e-9)" near "$ev01" "$(col rho01_abs)" 1e-9

run trajectory $Q3 --collisions 10 --seed 3
check "qutrit trajectory header" [ "$(head -n 1 "$tmp/out")" = "n,t,gamma_t,$HEAD3" ]
check "qutrit trajectory: 11 rows" [ "$(($(wc -l <"$tmp/out") - 1))" = 11 ]
check "qutrit trajectory keeps the trace (1e-12)" awk -F, 'NR > 1 { d = $4 + $5 + $6 - 1; if (d > 1e-12 || d < -1e-12) exit 1 }' "$tmp/out"
check "qutrit trajectory: seeded, reproducible" sh -c '"$1" trajectory $2 --collisions 10 --seed 3 | cmp -s - "$3/out"' _ "$COLRES" "$Q3" "$tmp"

# ---- sweep ----
run sweep $Q3 --from 0.1 --to 10 --points 4 --log
check "qutrit sweep header" [ "$(head -n 1 "$tmp/out")" = "gamma,$HEAD3,rho01_first_order,rho02_first_order,rho12_first_order" ]
check "qutrit sweep: 4 rows" [ "$(($(wc -l <"$tmp/out") - 1))" = 4 ]
# First order (Eq. 14) at gamma = 0.1 within 10% of the steady |rho01|
# (measured -4.6%; the error is O(gamma)), and not at gamma = 10 (-38%).
check "qutrit sweep: first order near the steady state at gamma 0.1 (10%)" \
    awk -F, 'NR == 2 { r = $17 / $7 - 1; exit !(r < 0.1 && r > -0.1) }' "$tmp/out"
check "qutrit sweep: first order off at gamma 10 (> 20%)" \
    awk -F, 'NR == 5 { r = $17 / $7 - 1; exit !(r < -0.2 || r > 0.2) }' "$tmp/out"

# ---- heatmap quantities ----
run heatmap --quiet --x dx:1:2 --y delta:0.6:1 --size 2x2
q01=$(awk -F, 'NR == 2 { print $3 }' "$tmp/out")
run heatmap --quiet --x dx:1:2 --y delta:0.6:1 --size 2x2 --quantity coherence
check "heatmap --quantity header" [ "$(head -n 1 "$tmp/out")" = "x,y,coherence" ]
check "qubit coherence = 2 |rho01| (1e-15)" near "$(awk -F, 'NR == 2 { print $3 }' "$tmp/out")" "$(awk -v q="$q01" 'BEGIN { printf "%.17g", 2 * q }')" 1e-15
run heatmap --quiet --x dx:1:2 --y delta:0.6:1 --size 2x2 --quantity distance
dist=$(awk -F, 'NR == 2 { print $3 }' "$tmp/out")
run steady --quiet
# Qubit trace distance: sqrt((rho00 - th00)^2 + |rho01|^2).
check "qubit distance = sqrt(d00^2 + |rho01|^2) (1e-12)" near "$dist" \
    "$(awk -v a="$(col rho00)" -v t="$(col thermal00)" -v c="$(col rho01_abs)" 'BEGIN { printf "%.17g", sqrt((a - t)^2 + c^2) }')" 1e-12
run heatmap $Q3 --x dx:1:2 --y delta:0.6:1 --size 2x2
check "qutrit heatmap exits 0" [ "$(rc)" = 0 ]
h01=$(awk -F, 'NR == 2 { print $3 }' "$tmp/out")
run steady $Q3
check "qutrit heatmap cell = steady |rho01| (1e-15)" near "$h01" "$(col rho01_abs)" 1e-15
run heatmap --quantity nosuch
check "heatmap --quantity nosuch: exit 2, one line" \
    sh -c '[ "$(cat "$1/rc")" = 2 ] && [ ! -s "$1/out" ] && [ "$(wc -l <"$1/err")" = 1 ]' _ "$tmp"

# ---- amplitudes and validity ----
# Above every threshold (levels -0.6..0.6, H_tot within +-2.6) all three
# channels are open: each column of [s+; s-] has norm 1 (1e-12).
run amplitudes $Q3 --amplitudes exact --from 3 --to 30 --points 3
check "qutrit amplitudes: 18 rows per energy" [ "$(($(wc -l <"$tmp/out") - 1))" = 54 ]
check "qutrit exact amplitudes: open columns have norm 1 (1e-12)" awk -F, 'NR > 1 { s[$1 "," $4] += $5 * $5 + $6 * $6 }
    END { n = 0; for (k in s) { n++; d = s[k] - 1; if (d > 1e-12 || d < -1e-12) exit 1 } exit !(n == 9) }' "$tmp/out"
# A real coupling: s_{j'j} = s_{jj'} (Eq. 19), both models, to round-off.
for model in approx exact; do
    run amplitudes --coupling "0,1;1,0" --amplitudes $model --from 2 --to 9 --points 4 --quiet
    check "sigma_x qubit, $model: s01 = s10 (1e-14)" awk -F, 'NR > 1 && $3 != $4 { k = $1 "," $2; if ($3 == 0) { a[k] = $5; b[k] = $6 } else { c[k] = $5; d[k] = $6 } }
        END { for (k in a) { x = a[k] - c[k]; y = b[k] - d[k]; if (x > 1e-14 || x < -1e-14 || y > 1e-14 || y < -1e-14) exit 1 } }' "$tmp/out"
done
run validity $Q3
check "qutrit validity exits 0 with four quantities" \
    sh -c '[ "$(cat "$1/rc")" = 0 ] && [ "$(wc -l <"$1/out")" = 5 ]' _ "$tmp"

# ---- the sigma_x qubit and the presets ----
run steady --coupling "0,1;1,0" --quiet
check "sigma_x qubit: N = 2 columns with thermal11" \
    [ "$(head -n 1 "$tmp/out")" = "gamma,rho00,rho11,rho01_re,rho01_im,rho01_abs,thermal00,thermal11" ]
sx=$(col rho01_abs)
run steady --quiet
check "sigma_x qubit: another |rho01| than sigma_x + sigma_y" sh -c '! awk -v a="$1" -v b="$2" "BEGIN { exit !(a == b) }"' _ "$sx" "$(col rho01_abs)"
run steady --preset qutrit-ladder --quiet
check "preset qutrit-ladder: three levels" [ "$(head -n 1 "$tmp/out")" = "gamma,$HEAD3" ]
run steady --preset qubit-sigmax --quiet
check "preset qubit-sigmax = --coupling 0,1;1,0" [ "$(col rho01_abs)" = "$sx" ]

echo "1..$n"
exit $fail
