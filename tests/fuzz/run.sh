#!/bin/sh
# Build the parameter-parser fuzz harness with clang (libFuzzer + ASan +
# UBSan) straight from the engine sources and run it for a bounded time on
# a scratch copy of the committed corpus.  Exits non-zero on a crash, an
# invariant failure or a build failure.
#
#   FUZZ_SECONDS   run time (default 60)
#   FUZZ_JOBS      parallel fuzzing processes (default 1)
#   FUZZ_KEEP      keep the scratch directory (grown corpus, log) there
#   FUZZ_CRASH_DIR where crash inputs are copied (default ./fuzz-crashes)
#   CC_FUZZ        compiler (default clang)
# Usage: tests/fuzz/run.sh [extra libFuzzer flags]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-1}
cc=${CC_FUZZ:-clang}

start=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/colres-fuzz.XXXXXX")
if [ -z "${FUZZ_KEEP:-}" ]; then
    trap 'rm -rf "$work"' EXIT
else
    mkdir -p "$FUZZ_KEEP"
    work=$FUZZ_KEEP
fi

# Every .c includes "config.h" first; the engine only needs the GNU
# extensions from it (M_PI, strtok_r...).
mkdir -p "$work/inc" "$work/corpus" "$work/crashes"
printf '#define _GNU_SOURCE 1\n#define PACKAGE_VERSION "fuzz"\n' >"$work/inc/config.h"

gsl_cflags=$(pkg-config --cflags gsl)
gsl_libs=$(pkg-config --libs gsl)
# shellcheck disable=SC2086
"$cc" -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer \
    -I "$work/inc" -I "$top/include" $gsl_cflags \
    "$here/fuzz_params.c" "$top"/src/lib/*.c \
    -o "$work/fuzz_params" $gsl_libs -lm

cp "$here"/corpus/* "$work/corpus/"
echo "fuzz_params: running for ${seconds}s on $(ls "$work/corpus" | wc -l) seed files"
par=""
[ "$jobs" -gt 1 ] && par="-jobs=$jobs -workers=$jobs"
status=0
cd "$work"
# shellcheck disable=SC2086
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
"$work/fuzz_params" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
    $par -print_final_stats=1 \
    -artifact_prefix="$work/crashes/" "$@" "$work/corpus" >"$work/log" 2>&1 || status=$?
grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec|SUMMARY|==[0-9]+==ERROR)' \
    "$work/log" "$work"/fuzz-*.log 2>/dev/null || true
if [ "$status" -ne 0 ] || [ -n "$(ls "$work/crashes")" ]; then
    crash_dir=${FUZZ_CRASH_DIR:-$start/fuzz-crashes}
    mkdir -p "$crash_dir"
    echo "fuzz_params: FAILED (status $status); crash inputs copied to $crash_dir:" >&2
    for f in "$work"/crashes/*; do
        [ -e "$f" ] || continue
        cp "$f" "$crash_dir/"
        echo "  $crash_dir/$(basename "$f")" >&2
        od -c "$f" | head -5 >&2
    done
    tail -n 40 "$work/log" >&2
    exit 1
fi
echo "fuzz_params: no crash in ${seconds}s"
