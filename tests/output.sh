#!/bin/sh
# Output robustness (issue 12, items 7, 11, 14, 15): a failed write stops
# the work at once with exit 1 and a message, never leaving a partial line;
# memory follows the rows in flight, not the grid or the point count.
. "${COLRES_SRCDIR:-.}/tests/taplib.sh"
case $COLRES in /*) ;; *) COLRES=$(pwd)/$COLRES ;; esac
cd "$tmp" || exit 1
unset COLRES_CONFIG
XDG_CONFIG_HOME=$tmp/xdg
export XDG_CONFIG_HOME
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
whole_lines() { [ ! -s "$1" ] || [ -z "$(tail -c 1 "$1" | tr -d '\n')" ]; }
LONG="trajectory --collisions 1000000000 --quiet"

# expect_write_error DESC: after running into out/err with rc and t set.
expect_write_error() {
    if [ "$rc" -eq 1 ] && grep -q "error writing the output" err &&
       awk -v t="$t" 'BEGIN { exit !(t < 10) }'; then
        ok "$1: exit 1 in ${t}s: $(cat err)"
    else
        bad "$1: exit $rc in ${t}s, stderr $(head -c 300 err)"
    fi
}

if [ -w /dev/full ]; then
    for cmd in "$LONG" "steady" "map" "units" "evolve --points 1000" \
               "sweep --points 300" "heatmap --size 8x8 --x gamma:1:2"; do
        t0=$(now)
        # shellcheck disable=SC2086
        timeout 60 "$COLRES" $cmd >/dev/full 2>err
        rc=$?
        t=$(secs "$t0" "$(now)")
        expect_write_error "$cmd >/dev/full"
    done
fi

t0=$(now)
# shellcheck disable=SC2086
timeout 60 "$COLRES" $LONG >&- 2>err
rc=$?
t=$(secs "$t0" "$(now)")
expect_write_error "trajectory with stdout closed"

# SIGPIPE ignored (as some daemons and Python's subprocess leave it): the
# reader is gone, EPIPE, stop.
t0=$(now)
# shellcheck disable=SC2086
( trap '' PIPE; timeout 60 "$COLRES" $LONG 2>err; echo $? >rc ) | head -n 1 >/dev/null
rc=$(cat rc)
t=$(secs "$t0" "$(now)")
expect_write_error "trajectory | head -1 with SIGPIPE ignored"

# A file size limit cuts a write in the middle of a line: the file is cut
# back to the last whole line.
( trap '' XFSZ; ulimit -f 16; exec "$COLRES" heatmap --size 64x64 --x gamma:0.1:10 --quiet ) >heat.csv 2>err
rc=$?
t=0
expect_write_error "heatmap over a 8 KB file size limit"
if whole_lines heat.csv && awk -F, 'NR > 1 && NF != 3 { exit 1 }' heat.csv; then
    ok "heatmap over the limit: $(wc -l <heat.csv) whole lines, $(wc -c <heat.csv) bytes"
else
    bad "heatmap over the limit: partial last line: $(tail -c 60 heat.csv | od -c | tail -n 3)"
fi

# Units (item 11): no inf, ever.
"$COLRES" units --rough-s 1e200 >out 2>err
rc=$?
if [ "$rc" -eq 2 ] && [ ! -s out ]; then ok "units --rough-s 1e200: exit 2, $(cat err)"
else bad "units --rough-s 1e200: exit $rc, $(cat out err)"; fi

# Memory (items 14, 15), as the maximum resident set of the process.
# Memory: not under AddressSanitizer, whose quarantine keeps freed memory
# (up to 256 MB) and so measures ASan, not colres.
if [ -n "${ASAN_OPTIONS:-}" ]; then
    echo "ok - # SKIP memory checks under AddressSanitizer"
elif [ -x /usr/bin/time ]; then
    rss() { /usr/bin/time -f %M -o rss "$@" >out 2>err; rc=$?; kb=$(tail -n 1 rss); }
    rss "$COLRES" heatmap --size 100000x100000 --shard 0/100000 --x gamma:0.1:10 --quiet
    if [ "$rc" -eq 0 ] && [ "$kb" -lt 65536 ] && [ "$(wc -l <out)" -eq 100001 ]; then
        ok "heatmap 100000x100000 shard 0/100000: one row, ${kb} KB"
    else
        bad "heatmap 100000x100000 shard 0/100000: exit $rc, ${kb} KB, $(head -c 200 err)"
    fi
    rss "$COLRES" heatmap --size 100000x30000 --shard 29999/30000 --x gamma:0.1:10 --no-header --quiet
    if [ "$rc" -eq 0 ] && [ "$kb" -lt 65536 ] && [ "$(wc -l <out)" -eq 100000 ]; then
        ok "heatmap 100000x30000 last shard: ${kb} KB"
    else
        bad "heatmap 100000x30000 last shard: exit $rc, ${kb} KB, $(head -c 200 err)"
    fi
    rss timeout -s TERM 6 "$COLRES" sweep --points 10000000 --quiet
    if [ "$rc" -eq 124 ] && [ "$kb" -lt 65536 ] && [ "$(wc -l <out)" -gt 4096 ]; then
        ok "sweep --points 10000000 streams: $(wc -l <out) lines after 6 s, ${kb} KB"
    else
        bad "sweep --points 10000000: exit $rc, $(wc -l <out) lines, ${kb} KB"
    fi
fi

echo "1..$n"
exit $fail
