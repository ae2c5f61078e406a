#!/bin/sh
# Ctrl-C and SIGTERM during long batch commands (robustness issue): colres
# must stop promptly with exit status 130, say "interrupted" on stderr, and
# leave on stdout only whole heat-map rows (header + a multiple of NX lines,
# every line three finite numbers), or nothing at all for a sweep.
set -u
COLRES=${COLRES:-./colres}
case $COLRES in /*) ;; *) COLRES=$(pwd)/$COLRES ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset COLRES_CONFIG
XDG_CONFIG_HOME=$tmp/xdg
export XDG_CONFIG_HOME
fail=0
n=0
ok()  { n=$((n + 1)); echo "ok $n - $1"; }
bad() { n=$((n + 1)); echo "not ok $n - $1"; fail=1; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# A grid that takes ~10 s on two cores (exact amplitudes, heavy particles),
# so the signal after 1 s always lands mid-computation.
NX=64
HEAT="heatmap --size ${NX}x64 --threads 2 --amplitudes exact --x mass:10:100 --y beta:1:50 --quiet"
SWEEP="sweep --vary mass --from 10 --to 100 --points 4000 --threads 2 --amplitudes exact --quiet"

# interrupt SIGNAL ARGS...: run colres in the background, send SIGNAL after
# 1 s, wait; sets rc and stop_time (seconds from the signal to the exit).
interrupt() {
    sig=$1; shift
    # shellcheck disable=SC2086
    "$COLRES" "$@" >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    sleep 1
    t0=$(now)
    kill -s "$sig" "$pid"
    wait "$pid"
    rc=$?
    stop_time=$(secs "$t0" "$(now)")
}

for sig in INT TERM; do
    # shellcheck disable=SC2086
    interrupt $sig $HEAT
    desc="heatmap, SIG$sig after 1 s (stopped in ${stop_time}s)"
    if [ "$rc" -eq 130 ]; then ok "$desc: exit 130"; else bad "$desc: exit $rc, want 130"; fi
    if grep -q interrupted "$tmp/err"; then
        ok "$desc: stderr says $(cat "$tmp/err")"
    else
        bad "$desc: stderr does not say interrupted: $(cat "$tmp/err")"
    fi
    if [ "$(head -n 1 "$tmp/out")" = "x,y,rho01_abs" ]; then
        ok "$desc: header written"
    else
        bad "$desc: first line is \"$(head -n 1 "$tmp/out")\""
    fi
    if awk -F, 'NR > 1 { if (NF != 3) exit 1
                         for (i = 1; i <= 3; i++)
                             if ($i !~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/) exit 1 }' "$tmp/out" &&
       [ -z "$(tail -c 1 "$tmp/out" | tr -d '\n')" ]; then
        ok "$desc: every line is 3 finite numbers and ends with a newline"
    else
        bad "$desc: a malformed or half-written line: $(tail -n 2 "$tmp/out")"
    fi
    rows=$(($(wc -l <"$tmp/out") - 1))
    if [ $((rows % NX)) -eq 0 ] && [ "$rows" -lt $((NX * 64)) ]; then
        ok "$desc: $rows data lines = $((rows / NX)) whole rows, not all 64"
    else
        bad "$desc: $rows data lines is not a multiple of $NX below $((NX * 64))"
    fi
    if awk -v t="$stop_time" 'BEGIN { exit !(t < 10) }'; then
        ok "$desc: stopped within 10 s of the signal"
    else
        bad "$desc: took ${stop_time}s to stop"
    fi
done

# shellcheck disable=SC2086
interrupt INT $SWEEP
desc="sweep, SIGINT after 1 s (stopped in ${stop_time}s)"
if [ "$rc" -eq 130 ] && [ ! -s "$tmp/out" ] && grep -q interrupted "$tmp/err"; then
    ok "$desc: exit 130, nothing on stdout, $(cat "$tmp/err")"
else
    bad "$desc: exit $rc, stdout $(wc -c <"$tmp/out") bytes, stderr $(cat "$tmp/err")"
fi

echo "1..$n"
exit $fail
