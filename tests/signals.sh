#!/bin/sh
# Signals during long batch commands (robustness issues): one rule for
# every command, 128 + the signal number (130 SIGINT, 143 SIGTERM, 129
# SIGHUP), promptly, "interrupted" on stderr, and only whole lines on
# stdout (heat maps: header + a multiple of NX lines).  Signals inherited as
# ignored stay ignored (nohup).  No check depends on start-up time: each
# signal is sent once /proc shows colres catching it.
. "${COLRES_SRCDIR:-.}/tests/taplib.sh"
case $COLRES in /*) ;; *) COLRES=$(pwd)/$COLRES ;; esac
unset COLRES_CONFIG
XDG_CONFIG_HOME=$tmp/xdg
export XDG_CONFIG_HOME
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
if [ ! -r /proc/self/status ]; then echo "1..0 # SKIP no /proc"; exit 77; fi
# A non-interactive shell starts background jobs with SIGINT ignored;
# colres keeps it so (nohup), so the tests reset it to the default.
if env --default-signal=INT true 2>/dev/null; then
    DEFSIG="env --default-signal=INT,TERM,HUP"
else
    echo "1..0 # SKIP env --default-signal missing"; exit 77
fi

# wait_catching PID SIGNUM: up to 60 s (valgrind is slow to start).
wait_catching() {
    i=0
    while ! catching "$1" "$2"; do
        i=$((i + 1))
        [ $i -gt 600 ] && return 1
        kill -0 "$1" 2>/dev/null || return 1
        sleep 0.1
    done
}
signum() { case $1 in INT) echo 2 ;; TERM) echo 15 ;; HUP) echo 1 ;; esac; }

# interrupt SIGNAL DELAY ARGS...: run colres, wait until it catches SIGNAL,
# DELAY more seconds, send it; sets rc and stop_time.
interrupt() {
    sig=$1; delay=$2; shift 2
    # shellcheck disable=SC2086
    $DEFSIG "$COLRES" "$@" >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    wait_catching "$pid" "$(signum "$sig")"
    sleep "$delay"
    t0=$(now)
    kill -s "$sig" "$pid"
    wait "$pid"
    rc=$?
    stop_time=$(secs "$t0" "$(now)")
}
whole_lines() { [ ! -s "$1" ] || [ -z "$(tail -c 1 "$1" | tr -d '\n')" ]; }

# A grid that takes ~10 s on two cores (exact amplitudes, heavy particles).
NX=64
HEAT="heatmap --size ${NX}x64 --threads 2 --amplitudes exact --x mass:10:100 --y beta:1:50 --quiet"

for sig in INT TERM HUP; do
    want=$((128 + $(signum $sig)))
    # shellcheck disable=SC2086
    interrupt $sig 1 $HEAT
    desc="heatmap, SIG$sig (stopped in ${stop_time}s)"
    if [ "$rc" -eq $want ]; then ok "$desc: exit $want"; else bad "$desc: exit $rc, want $want"; fi
    if grep -q "interrupted by SIG$sig" "$tmp/err"; then
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
       whole_lines "$tmp/out"; then
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

# check_prompt DESC WANT_RC LIMIT_S: after interrupt().
check_prompt() {
    if [ "$rc" -eq "$2" ] && grep -q interrupted "$tmp/err" && whole_lines "$tmp/out" &&
       awk -v t="$stop_time" -v l="$3" 'BEGIN { exit !(t < l) }'; then
        ok "$1: exit $rc in ${stop_time}s, $(cat "$tmp/err")"
    else
        bad "$1: exit $rc (want $2) in ${stop_time}s (limit $3), stderr $(cat "$tmp/err"), last byte $(tail -c 1 "$tmp/out" | od -An -c)"
    fi
}

# Issue 12 item 4: Ctrl-C while results are written (was: 52 s more, exit 0).
interrupt INT 2 sweep --points 10000000 --quiet
check_prompt "sweep --points 10000000, SIGINT" 130 5
if awk -F, 'NF != 10 { exit 1 }' "$tmp/out"; then ok "sweep: every line has 10 fields"
else bad "sweep: a line without 10 fields: $(tail -n 1 "$tmp/out")"; fi
interrupt INT 2 heatmap --size 5000x5000 --x dx:0.1:3 --y gamma:0.01:100:log --threads 2 --quiet
check_prompt "heatmap 5000x5000 (dx, gamma), SIGINT" 130 5
# Item 5: one step of 10^10 collisions (was: not interruptible).
interrupt INT 1 trajectory --collisions 10000000000 --every 10000000000 --quiet
check_prompt "trajectory --every 10000000000, SIGINT" 130 3
# Item 13: the same rule for the short commands' long forms.
interrupt TERM 1 evolve --points 10000000 --quiet
check_prompt "evolve --points 10000000, SIGTERM" 143 3

# Issue 25 item 7, issue 26 item 6: one slow map (N = 8, exact amplitudes,
# about 20 s) answers the signal from inside the quadrature (was: ran to
# the end, then exit 1 without "interrupted").
SLOW="--levels 0,1,2,3,4,5,6,7 --amplitudes exact --mass 1e4 --quiet"
# shellcheck disable=SC2086
interrupt INT 1 steady $SLOW
check_prompt "steady, one slow map, SIGINT" 130 3
# shellcheck disable=SC2086
interrupt TERM 1 map $SLOW
check_prompt "map, one slow map, SIGTERM" 143 3
# shellcheck disable=SC2086
interrupt INT 1 validity $SLOW
check_prompt "validity, one slow map, SIGINT" 130 3

# Item 3: nohup.  SIGHUP inherited as ignored stays ignored; SIGTERM,
# which is not, still stops the run.
(trap '' HUP; exec "$COLRES" $HEAT) >"$tmp/out" 2>"$tmp/err" &
pid=$!
wait_catching "$pid" 15
kill -s HUP "$pid"
sleep 1
if kill -0 "$pid" 2>/dev/null; then
    ok "SIGHUP inherited as ignored: still running 1 s later"
    kill -s TERM "$pid"
    wait "$pid"
    rc=$?
    if [ "$rc" -eq 143 ]; then ok "then SIGTERM: exit 143"; else bad "then SIGTERM: exit $rc"; fi
else
    wait "$pid"
    bad "SIGHUP inherited as ignored ended the run: exit $?, $(cat "$tmp/err")"
fi

echo "1..$n"
exit $fail
