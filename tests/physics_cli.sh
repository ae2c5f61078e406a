#!/bin/sh
# CLI tests of `colres validity` and `colres amplitudes`: CSV layout, the
# values the paper's Eq. 23 states, unitarity of the printed amplitudes, and
# usage errors (exit 2, one line, nothing on stdout); of --initial, the
# sweep's estimate columns, `map --error` and `units --frequency-hz`.
. "${COLRES_SRCDIR:-.}/tests/taplib.sh"
value() { awk -F, -v q="$1" '$1 == q { print $2 }' "$tmp/out"; }

run validity --quiet
check "validity exits 0" [ "$(rc)" = 0 ]
check "validity header" [ "$(head -n 1 "$tmp/out")" = "quantity,value" ]
check "validity names its four quantities in order" \
    [ "$(cut -d, -f1 "$tmp/out" | tr '\n' ' ')" = "quantity packet_min_eigenvalue choi_min_eigenvalue steady_min_eigenvalue wigner_value " ]
# -0.01744 at the defaults (4 digits); 4*pi*1*sqrt(0.1/0.1).
check "packet eigenvalue -0.01744 at the defaults" awk -v v="$(value packet_min_eigenvalue)" 'BEGIN { d = v + 0.01744; exit !(d < 5e-6 && d > -5e-6) }'
check "wigner value 4 pi at the defaults" awk -v v="$(value wigner_value)" 'BEGIN { d = v - 12.566370614359172; exit !(d < 1e-12 && d > -1e-12) }'
check "approx map at the defaults is completely positive" awk -v v="$(value choi_min_eigenvalue)" 'BEGIN { exit !(v > 0) }'
check "--quiet: nothing on stderr" [ ! -s "$tmp/err" ]

# Exact amplitudes at beta = 10: not CP, steady state not a state (issue 11).
run validity --amplitudes exact --beta 10
check "exact beta=10: Choi eigenvalue < 0" awk -v v="$(value choi_min_eigenvalue)" 'BEGIN { exit !(v < -1e-3) }'
check "exact beta=10: steady eigenvalue < 0" awk -v v="$(value steady_min_eigenvalue)" 'BEGIN { exit !(v < -1e-3) }'
check "exact beta=10: warns that S is not completely positive" grep -q "not completely positive" "$tmp/err"
check "exact beta=10: warns about the steady state" grep -q "steady state is not a density matrix" "$tmp/err"

run validity --beta -1
check "validity --beta -1: exit 2, one line, empty stdout" \
    sh -c '[ "$(cat "$1/rc")" = 2 ] && [ ! -s "$1/out" ] && [ "$(wc -l <"$1/err")" = 1 ]' _ "$tmp"

# Amplitudes: 8 rows per energy; the open-channel S-matrix [s+; s-] is
# unitary (columns of norm 1, to 1e-12) for exact amplitudes above both
# thresholds; approx reflection is 0 and s+ is the identity below e_max.
run amplitudes --from 0.5 --to 20 --points 5 --log --amplitudes exact --quiet
check "amplitudes exits 0" [ "$(rc)" = 0 ]
check "amplitudes header" [ "$(head -n 1 "$tmp/out")" = "energy,alpha,jp,j,re,im" ]
check "amplitudes has 8 rows per energy" [ "$(($(wc -l <"$tmp/out") - 1))" = 40 ]
check "first energy exactly 0.5" awk -F, 'NR == 2 { exit !($1 == "0.5") }' "$tmp/out"
check "exact open columns have norm 1 (1e-12)" awk -F, 'NR > 1 { s[$1 "," $4] += $5 * $5 + $6 * $6 }
    END { n = 0; for (k in s) { n++; d = s[k] - 1; if (d > 1e-12 || d < -1e-12) exit 1 } exit !(n == 10) }' "$tmp/out"
check "exact |s01| = |s10| (1e-12)" awk -F, 'NR > 1 && $3 != $4 { m[$1 "," $2 "," $3] = $5 * $5 + $6 * $6 }
    END { for (k in m) { split(k, a, ","); o = a[1] "," a[2] "," (1 - a[3]); d = m[k] - m[o]; if (d > 1e-12 || d < -1e-12) exit 1 } }' "$tmp/out"

run amplitudes --from 1 --to 3 --points 3 --quiet
check "approx reflection is 0" awk -F, 'NR > 1 && $2 == "-" && ($5 != 0 || $6 != 0) { exit 1 }' "$tmp/out"
check "approx s+ below e_max = 1.4457 is the identity" awk -F, 'NR > 1 && $1 == 1 && $2 == "+" { want = ($3 == $4); if ($5 != want || $6 != 0) exit 1 }' "$tmp/out"
check "approx above e_max is not the identity" awk -F, 'NR > 1 && $1 == 3 && $2 == "+" && $3 != $4 && $5 * $5 + $6 * $6 > 1e-6 { f = 1 } END { exit !f }' "$tmp/out"

run amplitudes --to 2
check "amplitudes without --from: exit 2, one line, empty stdout" \
    sh -c '[ "$(cat "$1/rc")" = 2 ] && [ ! -s "$1/out" ] && [ "$(wc -l <"$1/err")" = 1 ]' _ "$tmp"
run amplitudes --from 0 --to 2 --log
check "amplitudes --log from 0: exit 2" [ "$(rc)" = 2 ]

# --initial: the default is the excited state, byte for byte.
"$COLRES" evolve --points 7 --quiet >"$tmp/a"
"$COLRES" evolve --points 7 --initial excited --quiet >"$tmp/b"
check "evolve: default = --initial excited, byte for byte" cmp -s "$tmp/a" "$tmp/b"
"$COLRES" trajectory --collisions 40 --seed 7 --quiet >"$tmp/a"
"$COLRES" trajectory --collisions 40 --seed 7 --initial excited --quiet >"$tmp/b"
check "trajectory: default = --initial excited, byte for byte" cmp -s "$tmp/a" "$tmp/b"
check "trajectory: default starts in |1><1|" awk -F, 'NR == 2 { exit !($4 == 0 && $5 == 1) }' "$tmp/a"
# t = 0 is the named state exactly; thermal at beta = 0.1, delta = 0.6 is
# rho00 = 1/(1 + exp(-0.06)).
run evolve --points 2 --initial ground --quiet
check "evolve --initial ground starts at rho00 = 1" awk -F, 'NR == 2 { exit !($3 == 1 && $4 == 0 && $5 == 0) }' "$tmp/out"
run evolve --points 2 --initial plus --quiet
check "evolve --initial plus starts at rho01 = 1/2" awk -F, 'NR == 2 { exit !($3 == 0.5 && $5 == 0.5 && $6 == 0) }' "$tmp/out"
run evolve --points 2 --initial thermal --quiet
check "evolve --initial thermal starts thermal (1e-15)" awk -F, 'NR == 2 { d = $3 - 1 / (1 + exp(-0.06)); exit !(d < 1e-15 && d > -1e-15) }' "$tmp/out"
# Every initial state relaxes to the one steady state: at Gamma t = 2500 the
# slowest rate (~0.08 per unit t) leaves e^-40; 1e-9 allows the exponential's
# round-off (the trace drifts by ~1e-12 there).
run steady --quiet
ss00=$(awk -F, 'NR == 2 { print $2 }' "$tmp/out")
ss01=$(awk -F, 'NR == 2 { print $4 }' "$tmp/out")
for init in ground excited thermal plus; do
    run evolve --tmax 500 --points 2 --initial $init --quiet
    check "evolve --initial $init relaxes to the steady state (1e-9)" awk -F, -v a="$ss00" -v b="$ss01" \
        'NR == 3 { d = $3 - a; e = $5 - b; exit !(d < 1e-9 && d > -1e-9 && e < 1e-9 && e > -1e-9) }' "$tmp/out"
done
# With dephasing, the thermal state is a fixed point of every collision
# (detailed balance, Eq. 2) and of the free evolution: a trajectory from it
# stays thermal, to 1e-12 after 1000 collisions.
run trajectory --dephase --initial thermal --collisions 1000 --every 100 --quiet
check "dephased trajectory from thermal stays thermal (1e-12)" awk -F, 'NR > 1 {
    d = $4 - 1 / (1 + exp(-0.06)); if (d > 1e-12 || d < -1e-12 || $6 != 0 || $7 != 0) bad = 1 } END { exit bad || NR != 12 }' "$tmp/out"
run trajectory --dephase --collisions 3 --quiet
check "dephased trajectory from the excited state is not thermal after 3 collisions" awk -F, 'NR == 5 {
    d = $4 - 1 / (1 + exp(-0.06)); exit !(d > 1e-3 || d < -1e-3) }' "$tmp/out"
run evolve --initial middle
check "evolve --initial middle: exit 2, one line, empty stdout" \
    sh -c '[ "$(cat "$1/rc")" = 2 ] && [ ! -s "$1/out" ] && [ "$(wc -l <"$1/err")" = 1 ]' _ "$tmp"

# Sweep: two columns at the end, the earlier ones unchanged.
run sweep --points 5 --log --from 1e-3 --to 1 --quiet
check "sweep header ends in rho01_rough,rho00_first_order" \
    [ "$(head -n 1 "$tmp/out")" = "gamma,rho00,rho11,rho01_re,rho01_im,rho01_abs,thermal00,rho01_first_order,rho01_rough,rho00_first_order" ]
check "sweep: 10 fields on every line" awk -F, 'NF != 10 { bad = 1 } END { exit bad }' "$tmp/out"
# Eq. 24 with omega = delta: s^2 (Gamma/delta) exp(-beta m dx^2 delta^2 / 2), to 1e-14 relative.
check "sweep rho01_rough = s^2 (Gamma/delta) exp(-beta m dx^2 delta^2/2) (1e-14)" awk -F, 'NR > 1 {
    w = 1e-4 * ($1 / 0.6) * exp(-0.1 * 0.1 * 0.36 / 2); d = ($9 - w) / w
    if (d > 1e-14 || d < -1e-14) bad = 1 } END { exit bad }' "$tmp/out"
# Eq. 15 is linear in Gamma: (rho00_fo - thermal)/Gamma is the same at every
# point (1e-9 relative); and it is the slope of the exact steady state, so
# at Gamma = 1e-3 the two deviations from thermal agree to 1e-3 relative (the
# second-order term is ~2.6e-4 Gamma^2).
check "sweep rho00_first_order - thermal is linear in Gamma (1e-9)" awk -F, 'NR > 1 {
    k = ($10 - $7) / $1; if (NR == 2) k0 = k; d = (k - k0) / k0; if (d > 1e-9 || d < -1e-9) bad = 1 } END { exit bad }' "$tmp/out"
check "sweep rho00_first_order matches the steady state at Gamma = 1e-3 (1e-3)" awk -F, 'NR == 2 {
    d = ($10 - $7) / ($2 - $7) - 1; exit !(d < 1e-3 && d > -1e-3) }' "$tmp/out"
check "sweep: the first-order rho00 differs from the steady state at Gamma = 1" awk -F, 'NR == 6 {
    d = $10 - $2; exit !(d > 1e-4 || d < -1e-4) }' "$tmp/out"
# Under D.S the first order is thermal exactly (Eq. 4): rho01 = 0, rho00 = thermal00.
run sweep --points 3 --dephase --quiet
check "sweep --dephase: first-order rho00 = thermal00, rho01 = 0" awk -F, 'NR > 1 {
    d = $10 - $7; if (d > 1e-15 || d < -1e-15 || $8 != 0) bad = 1 } END { exit bad || NR != 4 }' "$tmp/out"
run sweep --vary rough_s --from 0 --to 0.02 --points 3 --quiet
check "sweep --vary rough_s: rho01_rough grows as s^2" awk -F, 'NR == 2 { a = $9 } NR == 3 { b = $9 } NR == 4 { c = $9 }
    END { d = c / b - 4; exit !(a == 0 && d < 1e-12 && d > -1e-12) }' "$tmp/out"

# map --error: the same 16 entries plus a column; at the defaults the
# production rule agrees with GSL's adaptive reference to ~4e-15, so every
# estimate must be below 1e-12 and not negative; entries that Hermiticity
# pairs (S^{jk}_{j'k'} and the conjugate of S^{kj}_{k'j'}) share theirs.
run map --quiet
cp "$tmp/out" "$tmp/map"
run map --error --quiet
check "map --error exits 0" [ "$(rc)" = 0 ]
check "map --error header" [ "$(head -n 1 "$tmp/out")" = "jp,kp,j,k,re,im,error" ]
sed 1d "$tmp/map" >"$tmp/map.body"
check "map --error: the first six columns are those of map" \
    sh -c 'cut -d, -f1-6 "$1/out" | sed 1d | cmp -s - "$2"' _ "$tmp" "$tmp/map.body"
check "map --error: 16 estimates in [0, 1e-12]" awk -F, 'NR > 1 { if (NF != 7 || !($7 >= 0 && $7 < 1e-12)) bad = 1 }
    END { exit bad || NR != 17 }' "$tmp/out"
check "map --error: Hermitian pairs share their estimate" awk -F, 'NR > 1 { e[$1 $2 $3 $4] = $7 }
    END { for (k in e) { split(k, c, ""); if (e[k] != e[c[2] c[1] c[4] c[3]]) exit 1 } }' "$tmp/out"
# The estimate covers what the panels cannot see: at delta = 1e6 the
# approx map's S^{01}_{01} is off by 1.9e-12 (mpmath, tests/check_physics.c)
# where the panel comparison alone said 6.6e-14; with the round-off floor of
# e_max's position the estimate exceeds every one at the defaults and the
# true error.
maxd=$(awk -F, 'NR > 1 && $7 > m { m = $7 } END { printf "%.17g", m }' "$tmp/out")
run map --error --delta 1e6 --quiet
check "map --error: a larger estimate at delta = 1e6" awk -F, -v m="$maxd" 'NR > 1 && $7 > m { f = 1 } END { exit !f }' "$tmp/out"
check "map --error at delta = 1e6 covers the true error 1.9e-12" awk -F, '$1 $2 $3 $4 == "0101" { exit !($7 >= 1.9e-12) }' "$tmp/out"

# units --frequency-hz: omega = 2 pi f.  The paper's "1 GHz" is omega = 1e9
# rad/s (f = 159.15 MHz, exponent of Eq. 24 = 0.513); at f = 1 GHz the
# exponent is (2 pi)^2 times larger, about 20.
run units --quiet
e0=$(value exponent)
check "units: default frequency_hz = 1e9/(2 pi) (1e-15)" awk -v f="$(value frequency_hz)" 'BEGIN { d = f * 2 * 3.14159265358979324 / 1e9 - 1; exit !(d < 1e-15 && d > -1e-15) }'
check "units: default exponent 0.513" awk -v e="$e0" 'BEGIN { exit !(e > 0.5125 && e < 0.5135) }'
run units --frequency-hz 1e9 --quiet
check "units --frequency-hz 1e9: omega = 2 pi 1e9 (1e-15)" awk -v w="$(value omega)" 'BEGIN { d = w / (2 * 3.14159265358979324e9) - 1; exit !(d < 1e-15 && d > -1e-15) }'
check "units --frequency-hz 1e9: exponent = (2 pi)^2 x 0.513 = 20.3 (1e-12)" awk -v e="$(value exponent)" -v e0="$e0" \
    'BEGIN { d = e / (e0 * 4 * 3.14159265358979324^2) - 1; exit !(d < 1e-12 && d > -1e-12 && e > 20.2 && e < 20.3) }'
run units --frequency-hz 159154943.09189535 --quiet
check "units --frequency-hz 159154943.09 = the default omega (1e-15)" awk -v w="$(value omega)" 'BEGIN { d = w / 1e9 - 1; exit !(d < 1e-15 && d > -1e-15) }'
run units --omega 1e9 --frequency-hz 1e9
check "units --omega with --frequency-hz: exit 2, one line, empty stdout" \
    sh -c '[ "$(cat "$1/rc")" = 2 ] && [ ! -s "$1/out" ] && [ "$(wc -l <"$1/err")" = 1 ]' _ "$tmp"

echo "1..$n"
exit $fail
