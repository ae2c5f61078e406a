#!/bin/sh
# Build the fuzz harnesses with clang (libFuzzer + ASan + UBSan) straight
# from the sources and run each for a bounded time on a scratch copy of its
# committed corpus: fuzz_params (the parameter parser, corpus/) and
# fuzz_cli (the command-line parser, corpus_cli/).  Exits non-zero on a
# crash, an invariant failure or a build failure.
#
#   FUZZ_SECONDS   run time of each harness (default 60)
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
par=""
[ "$jobs" -gt 1 ] && par="-jobs=$jobs -workers=$jobs"
# No user configuration may reach the command-line harness.
XDG_CONFIG_HOME=$work/xdg
export XDG_CONFIG_HOME
unset COLRES_CONFIG

# fuzz NAME CORPUS SOURCES...: build and run one harness.
fuzz() {
    name=$1 corpus=$2
    shift 2
    mkdir -p "$work/$name.corpus"
    # shellcheck disable=SC2086
    "$cc" -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
        -fno-sanitize-recover=undefined -fno-omit-frame-pointer \
        -DCOLRES_DATADIR="\"$work/none\"" \
        -I "$work/inc" -I "$top/include" -I "$top/src" $gsl_cflags \
        "$@" -o "$work/$name" $gsl_libs -lm
    cp "$here/$corpus"/* "$work/$name.corpus/"
    echo "$name: running for ${seconds}s on $(ls "$work/$name.corpus" | wc -l) seed files"
    status=0
    # shellcheck disable=SC2086
    (cd "$work" && ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
        UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
        "$work/$name" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
        $par -print_final_stats=1 -artifact_prefix="$work/crashes/" $extra_flags \
        "$work/$name.corpus" >"$work/$name.log" 2>&1) || status=$?
    grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec|SUMMARY|==[0-9]+==ERROR)' \
        "$work/$name.log" 2>/dev/null || true
    if [ "$status" -ne 0 ] || [ -n "$(ls "$work/crashes")" ]; then
        crash_dir=${FUZZ_CRASH_DIR:-$start/fuzz-crashes}
        mkdir -p "$crash_dir"
        echo "$name: FAILED (status $status); crash inputs copied to $crash_dir:" >&2
        for f in "$work"/crashes/*; do
            [ -e "$f" ] || continue
            cp "$f" "$crash_dir/"
            echo "  $crash_dir/$(basename "$f")" >&2
            od -c "$f" | head -5 >&2
        done
        tail -n 40 "$work/$name.log" >&2
        exit 1
    fi
    echo "$name: no crash in ${seconds}s"
}

extra_flags="$*"
fuzz fuzz_params corpus "$here/fuzz_params.c" "$top"/src/lib/*.c
fuzz fuzz_cli corpus_cli "$here/fuzz_cli.c" "$top/src/cli/options.c" "$top/src/cli/find.c" "$top"/src/lib/*.c
