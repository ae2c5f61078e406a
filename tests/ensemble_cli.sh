#!/bin/sh
# `colres ensemble`: the columns (qubit and N levels), the numbers against
# `colres evolve` and `colres trajectory`, independence of --threads,
# usage errors.  The statistics themselves are tested in check_ensemble.
. "${COLRES_SRCDIR:-.}/tests/taplib.sh"

QH="t,gamma_t,rho00_mean,rho00_sem,rho11_mean,rho11_sem,rho01_re_mean,rho01_re_sem,rho01_im_mean,rho01_im_sem,rho01_abs_traj_mean"
run ensemble --trajectories 4000 --tmax 4 --points 21 --seed 1 --quiet
check "ensemble exits 0" [ "$(rc)" = 0 ]
check "qubit header" [ "$(head -n 1 "$tmp/out")" = "$QH" ]
check "21 rows" [ "$(wc -l <"$tmp/out")" = 22 ]
cp "$tmp/out" "$tmp/ens"
# The mean within 4 standard errors of e^{Lt} rho(0) at every time, for
# rho00, Re rho01, Im rho01 (1e-12 where the SE is 0, at t = 0).
"$COLRES" evolve --tmax 4 --points 21 --quiet >"$tmp/ev"
check "ensemble mean within 4 SE of colres evolve at every time" \
    awk -F, 'NR == FNR { r0[FNR] = $3; re[FNR] = $5; im[FNR] = $6; next }
             FNR > 1 { d0 = $3 - r0[FNR]; d1 = $7 - re[FNR]; d2 = $9 - im[FNR]
                       if (d0 < 0) d0 = -d0; if (d1 < 0) d1 = -d1; if (d2 < 0) d2 = -d2
                       if (d0 > 4 * $4 + 1e-12 || d1 > 4 * $8 + 1e-12 || d2 > 4 * $10 + 1e-12) bad = 1 }
             END { exit bad }' "$tmp/ev" "$tmp/ens"
check "rho00 + rho11 = 1 in the mean (1e-12)" \
    awk -F, 'NR > 1 { d = $3 + $5 - 1; if (d < 0) d = -d; if (d > 1e-12) bad = 1 } END { exit bad }' "$tmp/ens"
check "mean |rho01| over trajectories >= |mean rho01|" \
    awk -F, 'NR > 1 && $11 < sqrt($7 * $7 + $9 * $9) - 1e-15 { bad = 1 } END { exit bad }' "$tmp/ens"

# The numbers do not depend on the threads.
run ensemble --trajectories 300 --tmax 4 --points 11 --seed 7 --threads 1 --quiet
cp "$tmp/out" "$tmp/t1"
run ensemble --trajectories 300 --tmax 4 --points 11 --seed 7 --threads 2 --quiet
check "--threads 1 and 2 print the same bytes" cmp -s "$tmp/t1" "$tmp/out"

# Two trajectories at the time of trajectory 0's tenth collision: the
# mean of rho00 is the average of `colres trajectory --seed 5` and
# `--seed 6` at that time (each precessed, its populations constant
# between collisions).  Trajectory seed 6's row is the last one before t.
"$COLRES" trajectory --collisions 10 --seed 5 --quiet >"$tmp/a"
t10=$(awk -F, 'NR == 12 { print $2 }' "$tmp/a")
a00=$(awk -F, 'NR == 12 { print $4 }' "$tmp/a")
"$COLRES" trajectory --collisions 200 --seed 6 --quiet >"$tmp/b"
b00=$(awk -F, -v t="$t10" 'NR > 1 && $2 + 0 <= t + 0 { v = $4 } END { print v }' "$tmp/b")
run ensemble --trajectories 2 --tmax "$t10" --points 2 --seed 5 --quiet
check "trajectory i is colres trajectory --seed S+i (rho00 mean, 1e-15)" \
    awk -F, -v a="$a00" -v b="$b00" 'NR == 3 { d = $3 - (a + b) / 2; if (d < 0) d = -d; exit !(d <= 1e-15) }' "$tmp/out"

# N levels: the same columns per pair.
run ensemble --levels 0,1,2.5 --trajectories 50 --tmax 2 --points 3 --quiet
H3="t,gamma_t,rho00_mean,rho00_sem,rho11_mean,rho11_sem,rho22_mean,rho22_sem"
H3="$H3,rho01_re_mean,rho01_re_sem,rho01_im_mean,rho01_im_sem,rho01_abs_traj_mean"
H3="$H3,rho02_re_mean,rho02_re_sem,rho02_im_mean,rho02_im_sem,rho02_abs_traj_mean"
H3="$H3,rho12_re_mean,rho12_re_sem,rho12_im_mean,rho12_im_sem,rho12_abs_traj_mean"
check "qutrit exits 0" [ "$(rc)" = 0 ]
check "qutrit header" [ "$(head -n 1 "$tmp/out")" = "$H3" ]

# Usage.
run ensemble --help
check "--help exits 0 and names the columns" sh -c '[ "$1" = 0 ] && grep -q rho01_abs_traj_mean "$2"' _ "$(rc)" "$tmp/out"
for bad in "--trajectories 1" "--trajectories 0" "--trajectories x" "--points 0" "--tmax -1" \
           "--tmax nan" "--initial up" "--seed -3"; do
    run ensemble $bad --quiet
    check "ensemble $bad: exit 2, one line, nothing on stdout" \
        sh -c '[ "$1" = 2 ] && [ "$(wc -l <"$2")" = 1 ] && [ ! -s "$3" ]' _ "$(rc)" "$tmp/err" "$tmp/out"
done

echo "1..$n"
exit $fail
