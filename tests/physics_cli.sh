#!/bin/sh
# CLI tests of `colres validity` and `colres amplitudes`: CSV layout, the
# values the paper's Eq. 23 states, unitarity of the printed amplitudes, and
# usage errors (exit 2, one line, nothing on stdout).
set -u
COLRES=${COLRES:-./colres}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
n=0
ok()   { n=$((n + 1)); echo "ok $n - $1"; }
bad()  { n=$((n + 1)); echo "not ok $n - $1"; fail=1; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else bad "$desc"; fi; }
run() { "$COLRES" "$@" >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/rc"; }
rc() { cat "$tmp/rc"; }
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

echo "1..$n"
exit $fail
