#!/usr/bin/env python3
"""What a call costs from Python against the same call from C (CPU time,
min and median of 7 rounds; a benchmark to run by hand, not a test):

  steady state   colres.steady(gamma=5) against cr_model_steady() on a kept
                 handle and against new + set + steady + free in C; the
                 issue's target: Python <= 2 x C + 20 us
  heat map       colres.heatmap 1000x1000 (dx-delta) against the same call
                 in C and against `colres heatmap --size 1000x1000` (CPU of
                 the process: computing and writing the CSV); target:
                 Python as fast as the command

Run from the build directory after make:
  nice /usr/bin/python3 tests/bench/python_overhead.py [THREADS]
(COLRES_SRCDIR: the source directory if not '.'; the module and the
library of this tree are used.)"""

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

top = os.path.abspath(os.environ.get("COLRES_SRCDIR", "."))
build = os.path.abspath(".")
os.environ.setdefault("COLRES_LIBRARY", os.path.join(build, ".libs", "libcolres.so"))
sys.path.insert(0, os.path.join(top, "src", "python"))
import colres  # noqa: E402

threads = sys.argv[1] if len(sys.argv) > 1 else "2"
ROUNDS, CALLS = 7, 2000


def cpu_per_call(fn, calls):
    out = []
    for _ in range(ROUNDS):
        t0 = time.process_time()
        for _ in range(calls):
            fn()
        out.append((time.process_time() - t0) / calls)
    return min(out), statistics.median(out)


with tempfile.TemporaryDirectory() as tmp:
    exe = os.path.join(tmp, "api_calls")
    subprocess.run(["cc", "-O2", "-I", os.path.join(top, "include"),
                    os.path.join(top, "tests", "bench", "api_calls.c"), "-o", exe,
                    os.path.join(build, ".libs", "libcolres.so"),
                    "-Wl,-rpath," + os.path.join(build, ".libs")], check=True)
    c = {}
    for line in subprocess.run([exe, threads], capture_output=True, text=True,
                               check=True).stdout.splitlines():
        name, lo, med = line.split()
        c[name] = (float(lo), float(med))

py = cpu_per_call(lambda: colres.steady(gamma=5), CALLS)
py = (py[0] * 1e6, py[1] * 1e6)
print(f"{'call':44s} {'min us':>10s} {'median us':>10s}")
print(f"{'C: cr_model_steady, kept handle':44s} {c['steady_kept'][0]:10.2f} {c['steady_kept'][1]:10.2f}")
print(f"{'C: new + set gamma + steady + free':44s} {c['steady_new'][0]:10.2f} {c['steady_new'][1]:10.2f}")
print(f"{'Python: colres.steady(gamma=5)':44s} {py[0]:10.2f} {py[1]:10.2f}")
over = py[1] - c["steady_kept"][1]
limit = 2 * c["steady_kept"][1] + 20
print(f"per-call overhead of Python (median): {over:.1f} us; target <= 2 x C + 20 us = "
      f"{limit:.1f} us total: {'met' if py[1] <= limit else 'MISSED'}")

xs, ys = colres.grid(0.1, 3, 1000), colres.grid(0.05, 3, 1000)
times = []
for _ in range(3):
    t0 = time.process_time()
    colres.heatmap(x=("dx", xs), y=("delta", ys), threads=int(threads))
    times.append(time.process_time() - t0)
cli_times = []
for _ in range(3):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([os.path.join(build, "colres"), "heatmap", "--x", "dx:0.1:3", "--y",
                    "delta:0.05:3", "--size", "1000x1000", "--threads", threads, "--quiet"],
                   stdout=subprocess.DEVNULL, check=True, env=dict(os.environ, XDG_CONFIG_HOME="/nonexistent"))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cli_times.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
print(f"heat map 1000x1000 (dx-delta, {threads} threads), CPU s, min / median of 3:")
print(f"  C call   {c['heatmap'][0] / 1e6:.3f} (one run)")
print(f"  Python   {min(times):.3f} / {statistics.median(times):.3f}")
print(f"  colres   {min(cli_times):.3f} / {statistics.median(cli_times):.3f} (computing + writing CSV)")
