#!/usr/bin/env python3
"""The Python module colres against the colres commands (unittest, run by
make check with $PYTHON): every function gives the digits the command
prints (%.17g: the same double), for the qubit and a qutrit, both
amplitude models, with and without the dephasing D; bad values raise
ValueError with the command's message; two threads computing different
heat maps at once each get their own; Ctrl-C stops a heat map; help()
gives the command's --help.

Environment (TESTS_ENVIRONMENT): COLRES the binary, PYTHONPATH the
package's source, COLRES_LIBRARY the built libcolres.so.  Skipped (77)
without numpy and in sanitizer builds (an instrumented library cannot be
loaded into an uninstrumented python)."""

import csv
import io
import math
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

if os.environ.get("COLRES_SANITIZERS", "").strip():
    print("SKIP: sanitizer build")
    sys.exit(77)
try:
    import numpy as np
except ImportError:
    print("SKIP: no numpy")
    sys.exit(77)

import colres  # noqa: E402

COLRES = os.environ.get("COLRES", "./colres")
SCRATCH = tempfile.mkdtemp(prefix="colres-py.")
ENV = dict(os.environ, XDG_CONFIG_HOME=SCRATCH, LC_ALL="C")
ENV.pop("COLRES_CONFIG", None)

# The systems: the CLI's flags and the same as keywords.
QUTRIT = "0,0.6,1.2"
SYSTEMS = [
    ("qubit approx", [], {}),
    ("qubit exact", ["--amplitudes", "exact"], {"amplitudes": "exact"}),
    ("qutrit approx", ["--levels", QUTRIT], {"levels": [0, 0.6, 1.2]}),
    ("qutrit exact", ["--levels", QUTRIT, "--amplitudes", "exact"],
     {"levels": [0, 0.6, 1.2], "amplitudes": "exact"}),
]
DEPHASE = [("", [], {}), (" with D", ["--dephase"], {"dephase": True})]


def cli(*args, ok=True):
    """(header, rows) of a command's CSV; or (status, stderr) if not ok."""
    p = subprocess.run([COLRES, *args, "--quiet"], capture_output=True, text=True, env=ENV)
    if not ok:
        return p.returncode, p.stderr
    if p.returncode != 0:
        raise AssertionError(f"colres {' '.join(args)}: exit {p.returncode}: {p.stderr}")
    table = list(csv.reader(io.StringIO(p.stdout)))
    return table[0], table[1:]


def g17(v):
    """A number as the commands print it: %.17g, -0 as 0."""
    return "%.17g" % (v + 0.0)


def state_columns(rho, thermal=None, qubit_short=False):
    """The commands' state columns of rho (N x N) by name."""
    n = rho.shape[0]
    c = {}
    for j in range(n):
        c[f"rho{j}{j}"] = rho[j, j].real
    for j in range(n):
        for k in range(j + 1, n):
            c[f"rho{j}{k}_re"] = rho[j, k].real
            c[f"rho{j}{k}_im"] = rho[j, k].imag
            if not qubit_short:
                c[f"rho{j}{k}_abs"] = abs(rho[j, k])
    if thermal is not None:
        for j in range(n):
            c[f"thermal{j}{j}"] = thermal[j, j].real
    return c


class Compare(unittest.TestCase):
    """Helpers: a row of the CLI against the values computed here."""

    def assert_row(self, header, row, values, what, optional=()):
        checked = 0
        for name, text in zip(header, row):
            self.assertIn(name, values, f"{what}: column {name} not computed here")
            v = values[name]
            if name in optional and not math.isfinite(v):
                self.assertEqual(text, "", f"{what}: {name}")
            else:
                self.assertEqual(g17(v), text, f"{what}: {name}")
            checked += 1
        self.assertEqual(checked, len(header))


class Functions(Compare):
    def test_map(self):
        for label, flags, kw in SYSTEMS:
            with self.subTest(label):
                head, rows = cli("map", *flags)
                S = colres.map(**kw)
                n = int(round(math.sqrt(S.shape[0])))
                self.assertEqual(len(rows), n ** 4)
                for r in rows:
                    jp, kp, j, k = map(int, r[:4])
                    z = S[jp * n + kp, j * n + k]
                    self.assertEqual((g17(z.real), g17(z.imag)), (r[4], r[5]), f"{label} {r[:4]}")

    def test_steady(self):
        for label, flags, kw in SYSTEMS:
            for dl, dflags, dkw in DEPHASE:
                with self.subTest(label + dl):
                    args = dict(kw, gamma=2.5, **dkw)
                    head, rows = cli("steady", "--gamma", "2.5", *flags, *dflags)
                    vals = state_columns(colres.steady(**args), colres.thermal(**args))
                    vals["gamma"] = 2.5
                    self.assert_row(head, rows[0], vals, label + dl)

    def test_readme_steady(self):
        # The README quotes rho00 = 0.53230221018464752 at the defaults.
        self.assertEqual(g17(colres.steady(gamma=5)[0, 0].real), "0.53230221018464752")

    def test_sweep(self):
        for label, flags, kw in SYSTEMS:
            for dl, dflags, dkw in DEPHASE:
                for vary, a, b, log in (("gamma", "0.01", "100", True), ("dx", "0.3", "3", False)):
                    with self.subTest(label + dl + " " + vary):
                        args = ["sweep", "--vary", vary, "--from", a, "--to", b, "--points", "7"]
                        head, rows = cli(*args, *(["--log"] if log else []), *flags, *dflags)
                        grid = colres.grid(float(a), float(b), 7, log=log)
                        self.assertEqual([g17(v) for v in grid], [r[0] for r in rows])
                        s = colres.sweep(vary, grid, **kw, **dkw)
                        self.assertIs(s[vary], s[vary])
                        n = s["steady"].shape[1]
                        for i, r in enumerate(rows):
                            v = state_columns(s["steady"][i], s["thermal"][i])
                            v[vary] = grid[i]
                            f = s["first_order"][i]
                            for j in range(n):
                                for k in range(j + 1, n):
                                    v[f"rho{j}{k}_first_order"] = abs(f[j, k])
                            v["rho01_rough"] = s["rough"][i]
                            v["rho00_first_order"] = f[0, 0].real
                            opt = {c for c in head if c.endswith("_first_order")}
                            self.assert_row(head, r, v, f"{label}{dl} {vary}[{i}]", opt)
                        # colres.first_order at one point: the same columns.
                        f = colres.first_order(**kw, **dkw, **{vary: grid[2]})
                        v = {f"rho{j}{k}_first_order": abs(f[j, k])
                             for j in range(n) for k in range(j + 1, n)}
                        v["rho00_first_order"] = f[0, 0].real
                        for name in v:
                            if name in head:
                                text = rows[2][head.index(name)]
                                self.assertEqual("" if not math.isfinite(v[name]) else g17(v[name]),
                                                 text, f"{label}{dl} first_order {name}")

    def test_heatmap(self):
        for label, flags, kw in SYSTEMS:
            for dl, dflags, dkw in DEPHASE:
                for q in ("rho01_abs", "coherence", "distance"):
                    for xa, ya in (("dx:0.1:3", "delta:0.05:3:log"), ("dx:0.2:2", "gamma:0.1:10:log")):
                        with self.subTest(label + dl + " " + q + " " + ya):
                            head, rows = cli("heatmap", "--x", xa, "--y", ya, "--size", "4x3",
                                             "--quantity", q, *flags, *dflags)
                            xn, x0, x1 = xa.split(":")[:3]
                            yp = ya.split(":")
                            xs = colres.grid(float(x0), float(x1), 4)
                            ys = colres.grid(float(yp[1]), float(yp[2]), 3, log=len(yp) > 3)
                            h = colres.heatmap(x=(xn, xs), y=(yp[0], ys), quantity=q, **kw, **dkw)
                            self.assertEqual(h.shape, (3, 4))
                            got = [[g17(xs[ix]), g17(ys[iy]), g17(h[iy, ix])]
                                   for iy in range(3) for ix in range(4)]
                            self.assertEqual(got, rows)
                            self.assertEqual(head, ["x", "y", q])

    def test_heatmap_several_quantities(self):
        qs = ["rho01_abs", "distance", "rho00", "first_order", "rough"]
        for label, flags, kw in SYSTEMS:
            with self.subTest(label):
                head, rows = cli("heatmap", "--x", "dx:0.2:2", "--y", "gamma:0.1:10:log",
                                 "--size", "4x3", "--quantity", ",".join(qs), *flags)
                self.assertEqual(head, ["x", "y"] + qs)
                xs, ys = colres.grid(0.2, 2, 4), colres.grid(0.1, 10, 3, log=True)
                h = colres.heatmap(x=("dx", xs), y=("gamma", ys), quantity=qs, **kw)
                self.assertEqual(h.shape, (3, 4, len(qs)))
                got = [[g17(xs[ix]), g17(ys[iy])]
                       + ["" if not math.isfinite(h[iy, ix, k]) else g17(h[iy, ix, k])
                          for k in range(len(qs))]
                       for iy in range(3) for ix in range(4)]
                self.assertEqual(got, rows)
                # The comma form is the same call; one quantity alone is its slice.
                joined = colres.heatmap(x=("dx", xs), y=("gamma", ys), quantity=",".join(qs), **kw)
                self.assertTrue(np.array_equal(joined, h, equal_nan=True))
                one = colres.heatmap(x=("dx", xs), y=("gamma", ys), quantity="distance", **kw)
                self.assertTrue(np.array_equal(one, h[:, :, 1]))

    def test_evolve(self):
        for label, flags, kw in SYSTEMS:
            for dl, dflags, dkw in DEPHASE:
                for init in ("excited", "plus"):
                    with self.subTest(label + dl + " " + init):
                        head, rows = cli("evolve", "--tmax", "7", "--points", "6",
                                         "--initial", init, *flags, *dflags)
                        ts = [float(r[0]) for r in rows]
                        out = colres.evolve(ts, initial=init, **kw, **dkw)
                        n = out.shape[1]
                        th = colres.thermal(**kw)
                        for i, r in enumerate(rows):
                            v = state_columns(out[i], th if n > 2 else None, qubit_short=n == 2)
                            v["t"] = ts[i]
                            v["gamma_t"] = 5.0 * ts[i]
                            self.assert_row(head, r, v, f"{label}{dl} t={ts[i]}")

    def test_evolve_from_matrix(self):
        # An explicit rho(0) equal to the named one gives the same states.
        for label, flags, kw in SYSTEMS:
            with self.subTest(label):
                n = colres.steady(**kw).shape[0]
                rho0 = np.full((n, n), 1.0 / n, dtype=complex)   # "plus"
                a = colres.evolve([0.0, 1.5], initial=rho0, **kw)
                b = colres.evolve([0.0, 1.5], initial="plus", **kw)
                np.testing.assert_array_equal(a, b)

    def test_trajectory(self):
        for label, flags, kw in SYSTEMS:
            for dl, dflags, dkw in DEPHASE:
                with self.subTest(label + dl):
                    head, rows = cli("trajectory", "--collisions", "23", "--every", "5",
                                     "--seed", "42", "--initial", "thermal", *flags, *dflags)
                    tr = colres.trajectory(23, seed=42, every=5, initial="thermal", **kw, **dkw)
                    self.assertEqual(len(rows), len(tr["t"]))
                    self.assertEqual([int(r[0]) for r in rows], tr["n"].tolist())
                    n = tr["rho"].shape[1]
                    th = colres.thermal(**kw)
                    for i, r in enumerate(rows):
                        v = state_columns(tr["rho"][i], th if n > 2 else None, qubit_short=n == 2)
                        v.update(t=tr["t"][i], gamma_t=5.0 * tr["t"][i])
                        self.assertEqual(r[0], str(tr["n"][i]))
                        self.assert_row(head[1:], r[1:], v, f"{label}{dl} row {i}")

    def test_validity(self):
        for label, flags, kw in SYSTEMS:
            with self.subTest(label):
                head, rows = cli("validity", *flags)
                v = colres.validity(**kw)
                self.assertEqual([r[0] for r in rows], list(v))
                for name, text in rows:
                    self.assertEqual("" if math.isnan(v[name]) else g17(v[name]), text, name)

    def test_units(self):
        for flags, kw in (([], {}),
                          (["--frequency-hz", "1e9", "--temperature", "4"],
                           {"frequency_hz": 1e9, "temperature": 4}),
                          (["--omega", "3e8", "--length-nm", "20", "--delta-ref", "1"],
                           {"omega": 3e8, "length_nm": 20, "delta_ref": 1})):
            with self.subTest(" ".join(flags)):
                head, rows = cli("units", *flags)
                u = colres.units(**kw)
                self.assertEqual([r[0] for r in rows], list(u))
                for r in rows:
                    self.assertEqual(g17(u[r[0]]), r[1], r[0])


class BadInput(unittest.TestCase):
    """Each bad value: ValueError whose message is the command's (after
    "colres: "), which names the parameter."""

    def same(self, call, args, name):
        st, err = cli(*args, ok=False)
        self.assertEqual(st, 2, err)
        with self.assertRaises(ValueError) as e:
            call()
        self.assertEqual(str(e.exception), err.strip().removeprefix("colres: "))
        self.assertIn(name, str(e.exception))

    def test_parameters(self):
        cases = [("gamma", -1, "-1"), ("delta", 0, "0"), ("dx", "abc", "abc"), ("beta", -2, "-2"),
                 ("mass", 0, "0"), ("lam", -1, "-1"), ("length", 1e13, "10000000000000"), ("x0", 0, "0"),
                 ("rough_s", -1, "-1"), ("amplitudes", "foo", "foo"),
                 ("levels", [0, 1, 1], "0,1,1"), ("coupling", [[0, 1], [2, 0]], "0,1;2,0"),
                 ("threads", 0, "0")]
        for kw, value, text in cases:
            flag = {"lam": "lambda", "rough_s": "rough-s"}.get(kw, kw)
            with self.subTest(kw):
                self.same(lambda: colres.steady(**{kw: value}), ["steady", "--" + flag, text],
                          flag if kw != "rough_s" else "rough")

    def test_commands(self):
        self.same(lambda: colres.sweep("gamma", [-1, 1]),
                  ["sweep", "--vary", "gamma", "--from", "-1", "--to", "1", "--points", "2"], "gamma")
        self.same(lambda: colres.sweep("size", [1]), ["sweep", "--vary", "size"], "size")
        self.same(lambda: colres.heatmap(x=("dx", [-1, 1]), y=("delta", [1, 2])),
                  ["heatmap", "--x", "dx:-1:1", "--y", "delta:1:2", "--size", "2x2"], "dx")
        self.same(lambda: colres.heatmap(x=("dx", [1, 2]), y=("dx", [1, 2])),
                  ["heatmap", "--x", "dx:1:2", "--y", "dx:1:2"], "--x")
        self.same(lambda: colres.heatmap(quantity="foo"), ["heatmap", "--quantity", "foo"], "quantity")
        self.same(lambda: colres.heatmap(quantity=["rho00", "rho00"]),
                  ["heatmap", "--quantity", "rho00,rho00"], "twice")
        self.same(lambda: colres.evolve([1], initial="hot"), ["evolve", "--initial", "hot"], "initial")
        self.same(lambda: colres.trajectory(-1), ["trajectory", "--collisions", "-1"], "collisions")
        self.same(lambda: colres.trajectory(5, every=0), ["trajectory", "--every", "0"], "every")
        self.same(lambda: colres.units(temperature=-1), ["units", "--temperature", "-1"], "temperature")
        self.same(lambda: colres.units(omega=1e9, frequency_hz=1e9),
                  ["units", "--omega", "1e9", "--frequency-hz", "1e9"], "omega")
        with self.assertRaises(TypeError):
            colres.steady(gama=5)
        with self.assertRaisesRegex(ValueError, "time"):
            colres.evolve([-1.0])


class Threads(unittest.TestCase):
    def test_two_heatmaps_at_once(self):
        """Two threads, two different heat maps (other planes, other
        parameters, 2 workers each), started together: each equals the
        same map computed alone (bit for bit) and the command's."""
        jobs = [dict(x=("dx", colres.grid(0.1, 3, 24)), y=("delta", colres.grid(0.05, 3, 20)),
                     beta=0.2, threads=2),
                dict(x=("gamma", colres.grid(0.1, 10, 20, log=True)),
                     y=("mass", colres.grid(0.05, 1, 24)), levels=[0, 0.6, 1.2], threads=2)]
        alone = [colres.heatmap(**j) for j in jobs]
        self.assertFalse(np.array_equal(alone[0].shape, alone[1].shape) and
                         np.array_equal(alone[0], alone[1]))
        for _ in range(3):
            got = [None, None]
            start = threading.Barrier(2)

            def run(i):
                start.wait()
                got[i] = colres.heatmap(**jobs[i])
            ts = [threading.Thread(target=run, args=(i,)) for i in range(2)]
            for t in ts:
                t.start()
            for t in ts:
                t.join()
            for i in range(2):
                np.testing.assert_array_equal(got[i], alone[i])
        head, rows = cli("heatmap", "--x", "gamma:0.1:10:log", "--y", "mass:0.05:1",
                         "--size", "20x24", "--levels", QUTRIT)
        self.assertEqual([r[2] for r in rows], [g17(v) for v in alone[1].ravel()])

    def test_ctrl_c_stops_a_heat_map(self):
        """SIGINT 0.3 s of CPU into a heat map of 360000 cells that each
        need a map (beta-mass plane: about 9 s of CPU): KeyboardInterrupt,
        the workers stopped (without the cancel flag the call would finish
        and print 'finished').  The child sets Python's own SIGINT handler:
        a test run with SIGINT ignored (a background job of a script, nohup)
        passes SIG_IGN on, and Python then installs none.  The signal waits
        for the child's CPU time, not the clock: on a busy machine 0.5 s
        could pass before the call starts."""
        code = ("import colres, signal, sys\n"
                "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
                "print('start', flush=True)\n"
                "try:\n"
                "    colres.heatmap(x=('beta', colres.grid(0.05, 1, 600)),\n"
                "                   y=('mass', colres.grid(0.05, 1, 600)))\n"
                "    print('finished')\n"
                "except KeyboardInterrupt as e:\n"
                "    print('interrupted:', e)\n")
        p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        self.assertEqual(p.stdout.readline().strip(), "start")
        c0 = cpu_seconds(p.pid)
        t0 = time.monotonic()
        while cpu_seconds(p.pid) < c0 + 0.3 and time.monotonic() - t0 < 60:
            threading.Event().wait(0.02)
        p.send_signal(signal.SIGINT)
        out = p.stdout.read()
        p.stdout.close()
        self.assertEqual(p.wait(), 0)
        # Between cells ("heat map") or inside one cell's map ("scattering map").
        self.assertRegex(out.strip(), r"^interrupted: heatmap: (heat|scattering) map: cancelled$")


def cpu_seconds(pid):
    """CPU time (user + system) process pid has used, from /proc."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # After the command's ')': state is field 3, utime and stime 14 and 15.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cli_help(cmd):
    """The description, the command options' and the parameters' texts of
    `colres CMD --help`."""
    p = subprocess.run([COLRES, cmd, "--help"], capture_output=True, text=True, env=ENV)
    lines = p.stdout.splitlines()
    end = lines.index("") if "" in lines else len(lines)
    desc = [ln.strip() for ln in lines[1:end]]
    opts = {}
    for ln in lines[end:]:
        if ln.startswith("  --"):
            opt, _, text = ln.strip().partition("  ")
            opts[opt.split()[0][2:]] = text.strip()
    return desc, opts


# Options of the commands that are not keywords here (the grid and the
# output are arguments or the result).
NOT_KEYWORDS = {"error", "no-config", "meta", "merge", "shards", "validity", "vary", "from", "to", "points", "log", "x", "y", "size", "shard",
                "no-header", "tmax", "preset", "config", "quiet", "help"}


class Help(unittest.TestCase):
    def test_docstrings_say_what_help_says(self):
        for cmd in ("map", "steady", "sweep", "heatmap", "evolve", "trajectory", "validity",
                    "units"):
            with self.subTest(cmd):
                doc = getattr(colres, cmd).__doc__
                flat = " ".join(doc.split())
                desc, opts = cli_help(cmd)
                for ln in desc:
                    self.assertIn(" ".join(ln.split()), flat)
                for opt, text in opts.items():
                    if opt not in NOT_KEYWORDS:
                        self.assertIn(" ".join(text.split()), flat, f"--{opt}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
