#!/bin/sh
# Every number the README quotes, printed by the command that makes it and
# compared.  Each claim names a README fragment (whitespace and line breaks
# folded, so a reflowed paragraph still matches), the number as the README
# writes it, and the value the command prints now: the test fails when the
# README loses the fragment or when the printed value, rounded to the digits
# the README gives, differs from it.  Rounding, not a tolerance: the README
# must quote what colres prints, to the digits it shows.
. "${COLRES_SRCDIR:-.}/tests/taplib.sh"
readme=${COLRES_SRCDIR:-.}/README
tr -s ' \n\t' '   ' <"$readme" >"$tmp/readme"

# column NAME: the first data row's field NAME of the CSV in $tmp/out.
column() {
    awk -F, -v c="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
        NR == 2 && k { print $k; exit }' "$tmp/out"
}
# value NAME: the value of a quantity,value CSV's row NAME.
value() { awk -F, -v q="$1" '$1 == q { print $2; exit }' "$tmp/out"; }

# rounds_to PRINTED QUOTED: PRINTED rounded to QUOTED's significant digits
# equals QUOTED (numerically: 6.0e-5 and 0.000060 are the same quote).
rounds_to() {
    awk -v v="$1" -v q="$2" 'BEGIN {
        m = q; sub(/[eE].*/, "", m); sub(/^[-+]/, "", m); sub(/\./, "", m)
        sub(/^0+/, "", m); d = length(m); if (d < 1) d = 1
        r = sprintf("%." (d - 1) "e", v + 0)
        exit !(r + 0 == q + 0) }'
}

# claim DESCRIPTION FRAGMENT QUOTED PRINTED
claim() {
    frag=$(printf '%s' "$2" | tr -s ' \n\t' '   ')
    if ! grep -qF -- "$frag" "$tmp/readme"; then
        bad "$1: the README no longer says \"$frag\""
    elif case "$frag" in *"$3"*) false ;; *) true ;; esac; then
        bad "$1: the fragment does not contain $3"
    elif [ -z "$4" ]; then
        bad "$1: the command printed no value"
    elif rounds_to "$4" "$3"; then
        ok "$1: README $3, printed $4"
    else
        bad "$1: README $3, but colres prints $4"
    fi
}

run steady --quiet
claim "defaults: steady rho00" "\`colres steady\` prints ρ00 = 0.53230221018464752" \
    0.53230221018464752 "$(column rho00)"
claim "defaults: steady Re rho01" "ρ01 = -0.056421183 - 0.012538407i" -0.056421183 "$(column rho01_re)"
claim "defaults: steady Im rho01" "ρ01 = -0.056421183 - 0.012538407i" 0.012538407 "$(column rho01_im | tr -d -)"
claim "defaults: thermal rho00" "against the thermal ρ00 = 0.5149955016" 0.5149955016 "$(column thermal00)"
claim "approx rho00" "# approx: rho00 0.5323022" 0.5323022 "$(column rho00)"
claim "approx |rho01|" "|rho01| 0.0577976" 0.0577976 "$(column rho01_abs)"
run steady --quiet --amplitudes exact
claim "exact rho00" "# exact: rho00 0.5351455" 0.5351455 "$(column rho00)"
claim "exact |rho01|" "|rho01| 0.1088272" 0.1088272 "$(column rho01_abs)"

# The approx-amplitude flux warning at the defaults: "16.0% of the flux".
run steady
flux=$(sed -n 's/.* \([0-9.]*\)% of the flux is below e_max.*/\1/p' "$tmp/err")
claim "defaults: flux below e_max" "At the defaults 16 % of the effusion flux lies below e_max" 16 "$flux"

run validity --quiet
claim "validity: packet eigenvalue" "−0.01744 at the defaults" 0.01744 "$(value packet_min_eigenvalue | tr -d -)"
run validity --quiet --amplitudes exact --beta 10
claim "validity: Choi eigenvalue, exact, beta 10" "at β = 10 it is −0.0082" 0.0082 "$(value choi_min_eigenvalue | tr -d -)"
claim "validity: steady eigenvalue, exact, beta 10" "Γ = 5: −0.0159" 0.0159 "$(value steady_min_eigenvalue | tr -d -)"

run units --quiet
claim "units: exponent" "exponent 0.513, Wigner value" 0.513 "$(value exponent)"
claim "units: Wigner value" "Wigner value 4.9e5 (valid)" 4.9e5 "$(value wigner)"
claim "units: rough |rho01|" "rough |ρ01| 6.0e-5" 6.0e-5 "$(value rough_rho01)"
claim "units: single-particle ratio" "single-particle ratio of 1.01" 1.01 "$(value single_particle_ratio)"
run units --quiet --frequency-hz 1e9
claim "units at 1 GHz: exponent" "# exponent 20.27, rough_rho01 2.5e-14" 20.27 "$(value exponent)"
claim "units at 1 GHz: rough |rho01|" "# exponent 20.27, rough_rho01 2.5e-14" 2.5e-14 "$(value rough_rho01)"

# N levels: a coupling loop with a flux breaks pairwise detailed balance.
loop='--levels 0,0.6,1.2 --coupling 0,1,i;1,0,1;-i,1,0'
# shellcheck disable=SC2086
run map --quiet $loop
ratio=$(awk -F, 'NR > 1 && $1 == 1 && $2 == 1 && $3 == 0 && $4 == 0 { up = $5 }
                 NR > 1 && $1 == 0 && $2 == 0 && $3 == 1 && $4 == 1 { down = $5 }
                 END { printf "%.17g", exp(-0.1 * 0) * up / (exp(-0.1 * 0.6) * down) }' "$tmp/out")
claim "flux loop: pairwise balance ratio" "S^{11}_{00}) = 0.779" 0.779 "$ratio"
# shellcheck disable=SC2086
run amplitudes --quiet $loop --from 5 --to 5 --points 1
s01=$(awk -F, '$2 == "+" && $3 == 0 && $4 == 1 { printf "%.17g", sqrt($5 * $5 + $6 * $6) }' "$tmp/out")
s10=$(awk -F, '$2 == "+" && $3 == 1 && $4 == 0 { printf "%.17g", sqrt($5 * $5 + $6 * $6) }' "$tmp/out")
claim "flux loop: |s_01| at E = 5" "|s_01| = 0.1035 against |s_10| = 0.0930" 0.1035 "$s01"
claim "flux loop: |s_10| at E = 5" "|s_01| = 0.1035 against |s_10| = 0.0930" 0.0930 "$s10"
# shellcheck disable=SC2086
run steady --quiet $loop --gamma 1e-6
claim "flux loop: global balance, rho00" "ρ00 = 0.3535211645 against thermal 0.3535211628" 0.3535211645 "$(column rho00)"
claim "flux loop: global balance, thermal" "ρ00 = 0.3535211645 against thermal 0.3535211628" 0.3535211628 "$(column thermal00)"

# The flux warning from the system given (Errors and limits).
flux_of() {
    "$COLRES" steady "$@" 2>&1 >/dev/null | sed -n 's/.* \([0-9.]*\)% of the flux is below e_max.*/\1/p'
}
claim "flux below e_max: qutrit" "23.6 % for \`--levels 0,0.6,1.2\`" 23.6 "$(flux_of --levels 0,0.6,1.2)"
claim "flux below e_max: sigma_x" "12.6 % for \`--coupling \"0,1;1,0\"\`" 12.6 "$(flux_of --coupling '0,1;1,0')"
claim "flux below e_max: the paper's qubit" "16.0 % for the paper's qubit" 16.0 "$(flux_of)"

# Exact amplitudes' accuracy limit, from the warning.
lim=$("$COLRES" amplitudes --amplitudes exact --from 1e10 --to 1e10 --points 1 2>&1 >/dev/null |
      sed -n 's/.*exact amplitudes above E = \([0-9.e+]*\) are not accurate.*/\1/p')
claim "exact amplitudes: accuracy limit" "colres warns above E = 3.2e9 at the defaults" 3.2e9 "$lim"

# map --error's floor at delta = 1e6: the largest error column.
run map --quiet --error --delta 1e6
claim "map --error: floor at delta = 1e6" "the floor there is 4.4e-11" 4.4e-11 \
    "$(awk -F, 'NR > 1 && $7 > m { m = $7 } END { printf "%.17g", m }' "$tmp/out")"

# The first-order estimate at gamma = 100 (sweep's last row).
run sweep --quiet --vary gamma --from 1 --to 100 --points 2
claim "sweep: first order at gamma = 100" "at Γ = 100 it reads 0.56" 0.56 \
    "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "rho01_first_order") k = i }
               NR == 3 { print $k }' "$tmp/out")"

# units: the paper's 1 GHz as a frequency, and its 1000 proton masses.
run units --quiet
claim "units: f of omega = 1e9" "f = ω/2π ≈ 159 MHz" 159 "$(value frequency_hz | awk '{ printf "%.17g", $1 / 1e6 }')"
claim "units: 1000 proton masses" "1000 proton masses = 1007.28 u" 1007.28 "$(value mass_amu)"

# The failing sweep's summary, as the README shows it.
run sweep --vary lambda --from 1 --to 0 --points 5
claim "failing sweep: points failed" "sweep: 1 of 5 points failed (nan in the output)" 1 \
    "$(sed -n 's/.*sweep: \([0-9]*\) of 5 points failed.*/\1/p' "$tmp/err")"

# --merge with shards 3 and 5 missing, as the README's message.
for k in 0 1 2 4 6 7; do
    "$COLRES" heatmap --size 64x64 --shard $k/8 --quiet >"$tmp/part-$k.csv"
done
"$COLRES" heatmap --size 64x64 --merge --shards 8 "$tmp"/part-[0-7].csv >/dev/null 2>"$tmp/err"
claim "merge: cells missing" "missing shards: 3/8, 5/8 (1024 of 4096 cells missing" 1024 \
    "$(sed -n 's/.*missing shards: 3\/8, 5\/8 (\([0-9]*\) of 4096 cells missing.*/\1/p' "$tmp/err")"

# The README's screens and key table, as the program prints them now.
# block FIRST: the README's indented block from the line FIRST (indent
# removed) to the first line that is not indented.
block() {
    awk -v f="    $1" 'index($0, f) == 1 { on = 1 } on && !/^    / { exit }
        on { sub(/^    /, ""); print }' "$readme" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
}
same_block() {
    if [ ! -s "$tmp/want" ]; then
        bad "$1: the README has no such block"
    elif cmp -s "$tmp/want" "$tmp/got"; then
        ok "$1: the README shows what colres prints"
    else
        diff "$tmp/want" "$tmp/got" | sed 's/^/# /'
        bad "$1: the README differs from what colres prints"
    fi
}
block "> G collision rate" >"$tmp/want"
LC_ALL=C "$COLRES" snapshot --ascii --width 100 --height 30 --preset fig2 >"$tmp/got" 2>/dev/null
same_block "screen: snapshot --ascii --width 100 --height 30 --preset fig2"
block "> G    0.05" >"$tmp/want"
LC_ALL=C "$COLRES" snapshot --lecture paper --scene 3 --ascii >"$tmp/got" 2>/dev/null
same_block "screen: snapshot --lecture paper --scene 3 --ascii"
block "Up S-Tab" >"$tmp/want"
LC_ALL=C.UTF-8 "$COLRES" --keys 2>/dev/null | sed "/^mouse /q" >"$tmp/got"
same_block "key table: colres --keys"
# ... "and then a legend of every panel, line and glyph": all of it (the
# help once held 64 lines, and --keys lost the legend's last three).
check "colres --keys: the legend to its last line" \
    sh -c 'LC_ALL=C.UTF-8 "$1" --keys 2>/dev/null | tail -n 1 | grep -q "^!  *a warning about"' - "$COLRES"

echo "1..$n"
exit $fail
