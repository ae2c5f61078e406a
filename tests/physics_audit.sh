#!/bin/sh
# CLI checks of the third physics audit (issue 26): a steady state that is
# not unique exits 1 naming the isolated level (complex couplings, both
# amplitude models, --dephase); `evolve` at long times; the warnings for
# exact amplitudes at high energy, the estimates beyond their range and
# validity's nan.
. "${COLRES_SRCDIR:-.}/tests/taplib.sh"
mkdir -p "$tmp/xdg"
XDG_CONFIG_HOME=$tmp/xdg
export XDG_CONFIG_HOME
unset COLRES_CONFIG

ISO3='--levels -0.4797,-0.1931,0.5663 --coupling 0,0,1-i;0,0,0;1+i,0,0.4 --gamma 0.6'
ISO4='--levels -0.305,-0.0283,0.0903,0.9026 --coupling -0.149,0,0.517-0.313i,-0.724+0.754i;0,-0.435,0,0;0.517+0.313i,0,0,-0.394+0.409i;-0.724-0.754i,0,-0.394-0.409i,0'
for amp in approx exact; do
    run steady $ISO3 --amplitudes $amp --quiet
    check "steady, isolated level 1 ($amp): exit 1" [ "$(rc)" = 1 ]
    check "steady, isolated level 1 ($amp): not unique, names {1}" \
        sh -c 'grep -q "not unique" "$1" && grep -q "{1}" "$1"' _ "$tmp/err"
    check "steady, isolated level 1 ($amp): nothing on stdout" [ ! -s "$tmp/out" ]
    run steady $ISO4 --dephase --amplitudes $amp --quiet
    check "steady --dephase, 4 levels, isolated level 1 ($amp): exit 1 naming {1}" \
        sh -c '[ "$(cat "$1/rc")" = 1 ] && grep -q "{1}" "$1/err"' _ "$tmp"
done

# evolve far past every relaxation: the steady state, trace 1.
run steady --quiet
ss=$(sed -n 2p "$tmp/out" | cut -d, -f2)
for t in 1e9 1e13 1e16 1e17; do
    run evolve --tmax $t --points 2 --initial ground --quiet
    check "evolve at t = $t: exit 0" [ "$(rc)" = 0 ]
    check "evolve at t = $t: rho00 + rho11 = 1, rho00 = steady $ss" \
        awk -F, -v s="$ss" 'NR == 3 { d = $3 + $4 - 1; e = $3 - s; exit !(d < 1e-12 && d > -1e-12 && e < 1e-12 && e > -1e-12) }' "$tmp/out"
done
run evolve --gamma 1e-100 --tmax 1e15 --points 2 --quiet
check "evolve where a decay is below round-off: exit 1 with the reason" \
    sh -c '[ "$(cat "$1/rc")" = 1 ] && grep -q "round-off" "$1/err"' _ "$tmp"

# Exact amplitudes at high energy: a warning naming the energy.
run amplitudes --amplitudes exact --from 1e16 --to 1e16 --points 1
check "amplitudes exact at 1e16: exit 0 with a warning from E = 3.2e+09" \
    sh -c '[ "$(cat "$1/rc")" = 0 ] && grep -q "above E = 3.2e+09" "$1/err"' _ "$tmp"
run amplitudes --amplitudes exact --from 1 --to 1e6 --points 3
check "amplitudes exact up to 1e6: no such warning" sh -c '! grep -q "above E" "$1"' _ "$tmp/err"
run map --amplitudes exact --beta 1e-12
check "map exact at beta = 1e-12: warns that it integrates beyond the limit" \
    grep -q "exact amplitudes lose relative accuracy" "$tmp/err"
run amplitudes --levels 0,1,2 --from 1 --to 1 --points 1
check "amplitudes --levels: a note on the centred levels" grep -q "centred levels" "$tmp/err"
run amplitudes --help
check "amplitudes --help: energies on the centred levels" grep -q "centred on their mean" "$tmp/out"

# Estimates beyond their range.
run sweep --from 100 --to 100 --points 1
check "sweep at gamma = 100: the first-order estimate flagged" \
    grep -q "first-order estimate (Eq. 14) is beyond its range" "$tmp/err"
check "sweep at gamma = 100: rho01_first_order 0.56 (README), the model's 0.151" \
    awk -F, 'NR == 2 { exit !($8 > 0.555 && $8 < 0.565 && $6 > 0.150 && $6 < 0.152) }' "$tmp/out"
run sweep --from 0.01 --to 0.01 --points 1
check "sweep at gamma = 0.01: not flagged" sh -c '! grep -q "beyond its range" "$1"' _ "$tmp/err"
run units --rate 1e30
check "units --rate 1e30: rough_rho01 flagged" grep -q "rough_rho01 = .* beyond its range" "$tmp/err"
run units --help
check "units --help states the rough estimate's spread" grep -q "64 times it (3.8x to 6.2e4x)" "$tmp/out"

# validity: nan with its reason where the packet's grid is capped.
run validity --dx 100 --quiet
check "validity --dx 100: packet_min_eigenvalue,nan" grep -qx "packet_min_eigenvalue,nan" "$tmp/out"
check "validity --dx 100: the reason on stderr" grep -q "packet_min_eigenvalue = nan: " "$tmp/err"
echo "1..$n"
exit $fail
