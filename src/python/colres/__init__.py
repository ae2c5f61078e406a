"""colres: a qubit (or N levels) in a collisional reservoir, from Python.

The functions compute what the colres commands of the same names print,
with libcolres (the same code, the same digits), and return numpy arrays:

    colres.map(**p)        complex (N*N, N*N), [j'N + k', jN + k]
    colres.steady(**p)     complex (N, N)
    colres.thermal(**p), colres.first_order(**p)   complex (N, N)
    colres.sweep(name, values, **p)                dict of arrays
    colres.heatmap(x=(name, xs), y=(name, ys), quantity='rho01_abs', **p)
    colres.evolve(times, initial='excited', **p)   complex (T, N, N)
    colres.trajectory(collisions, seed=1, every=1, initial='excited', **p)
    colres.validity(**p), colres.units(**inputs)   dicts
    colres.grid(a, b, n, log=False)                the commands' grids
    colres.warnings(**p)                           the commands' warnings

p are the commands' parameters as keywords: gamma, delta, dx, beta, mass,
lam (--lambda), length, x0, rough_s, amplitudes, levels, coupling, and
dephase, threads.  A bad value raises ValueError with the command's
message; a numerical failure colres.NumericalError.  Calls release the
GIL; long ones (sweep, heatmap, evolve, trajectory) stop on Ctrl-C and
raise KeyboardInterrupt.  help(colres.steady) and the others give the
command's --help.
"""

import ctypes
import threading

import numpy as np

from . import _api, _docs

__all__ = ["map", "steady", "thermal", "first_order", "sweep", "heatmap", "evolve",
           "trajectory", "validity", "units", "grid", "warnings", "NumericalError",
           "__version__"]

__version__ = _api.cr_version().decode()


class NumericalError(RuntimeError):
    """A computation failed (the command exits 1 with the same message)."""


_NAMES = {"lam": "lambda", "lambda_": "lambda"}
_KNOWN = {"gamma", "delta", "dx", "beta", "mass", "lam", "lambda_", "length", "x0",
          "rough_s", "amplitudes", "levels", "coupling", "dephase", "threads"}


def _number(v):
    """A number as the text the library parses exactly (repr round-trips)."""
    if isinstance(v, str):
        return v
    if isinstance(v, (bool, np.bool_)):
        raise TypeError("colres: a number is expected, not a bool")
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    text = repr(float(v))   # the shortest text that reads back the same
    return text[:-2] if text.endswith(".0") else text


def _complex_text(z):
    z = complex(z)
    if z.imag == 0:
        return _number(z.real)
    return _number(z.real) + ("-" if z.imag < 0 else "+") + _number(abs(z.imag)) + "i"


def _text(name, v):
    if name == "levels" and not isinstance(v, str):
        return ",".join(_number(e) for e in np.asarray(v, dtype=float).ravel())
    if name == "coupling" and not isinstance(v, str):
        c = np.asarray(v, dtype=complex)
        if c.ndim != 2:
            raise ValueError(f"invalid coupling: a square matrix is expected, got shape {c.shape}")
        return ";".join(",".join(_complex_text(z) for z in row) for row in c)
    if name == "dephase":
        return "1" if v else "0"
    if name == "amplitudes":
        return str(v)
    return _number(v)


def _fail(h, st):
    msg = _api.cr_model_error(h).decode("utf-8", "replace")
    if st == _api.CR_EINVAL:
        return ValueError(msg)
    if st == _api.CR_ENOMEM:
        return MemoryError(msg)
    if st == _api.CR_ECANCEL:
        return KeyboardInterrupt(msg)
    return NumericalError(msg)


class _Model:
    """A libcolres handle with the keywords set; a context manager."""
    __slots__ = ("h",)

    def __init__(self, params):
        self.h = _api.cr_model_new()
        if not self.h:
            raise MemoryError("colres: out of memory")
        try:
            for k, v in params.items():
                if k not in _KNOWN:
                    raise TypeError(f"colres: unknown parameter {k!r} (known: "
                                    + ", ".join(sorted(_KNOWN - {"lambda_"})) + ")")
                name = _NAMES.get(k, k)
                st = _api.cr_model_set(self.h, name.encode(), _text(name, v).encode())
                if st:
                    raise _fail(self.h, st)
        except BaseException:
            self.close()
            raise

    def close(self):
        if self.h:
            _api.cr_model_free(self.h)
            self.h = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def n(self):
        return _api.cr_model_levels(self.h)

    def check(self, st):
        if st:
            raise _fail(self.h, st)


def _ptr(a):
    return a.ctypes.data if a is not None else None


def _interruptible(model, call):
    """Run call() (a libcolres call on model, which releases the GIL) so
    that Ctrl-C reaches it: on the main thread, call() runs on a helper
    thread while this one waits; KeyboardInterrupt sets the model's cancel
    flag, waits for the workers to stop, and is raised again."""
    if threading.current_thread() is not threading.main_thread():
        return call()
    out = []
    done = threading.Event()

    def run():
        try:
            out.append((call(), None))
        except BaseException as e:  # handed to the caller's thread
            out.append((None, e))
        finally:
            done.set()

    _api.cr_model_cancel(model.h, 0)
    threading.Thread(target=run, name="colres", daemon=True).start()
    # An Event, not Thread.join(): a join interrupted by KeyboardInterrupt
    # marks a running thread as stopped (CPython 3.11), and a second join
    # would not wait for the workers.
    try:
        done.wait()
    except KeyboardInterrupt:
        _api.cr_model_cancel(model.h, 1)
        done.wait()
        if out[0][0] == _api.CR_ECANCEL:  # "heatmap: heat map: cancelled"
            raise KeyboardInterrupt(_api.cr_model_error(model.h).decode()) from None
        raise
    value, err = out[0]
    if err is not None:
        raise err
    return value


def map(**params):
    with _Model(params) as m:
        n2 = m.n() ** 2
        S = np.empty((n2, n2), dtype=np.complex128)
        m.check(_api.cr_model_map(m.h, S.ctypes.data))
        return S


def steady(**params):
    with _Model(params) as m:
        n = m.n()
        rho = np.empty((n, n), dtype=np.complex128)
        m.check(_api.cr_model_steady(m.h, rho.ctypes.data))
        return rho


def thermal(**params):
    """colres.thermal(**params) -> complex (N, N): the thermal state
    e^{-beta H_S}/Z (the commands' thermalJJ columns)."""
    with _Model(params) as m:
        n = m.n()
        rho = np.empty((n, n), dtype=np.complex128)
        m.check(_api.cr_model_thermal(m.h, rho.ctypes.data))
        return rho


def first_order(**params):
    """colres.first_order(**params) -> complex (N, N): the steady state to
    first order in gamma (Eq. 14-15), NaN where undefined (the sweep's
    first-order columns)."""
    with _Model(params) as m:
        n = m.n()
        rho = np.empty((n, n), dtype=np.complex128)
        m.check(_api.cr_model_first_order(m.h, rho.ctypes.data))
        return rho


def _values(v, what):
    a = np.ascontiguousarray(np.asarray(v, dtype=np.float64).ravel())
    if a.size == 0:
        raise ValueError(f"{what}: no values")
    return a


def sweep(name, values, **params):
    vals = _values(values, "sweep")
    with _Model(params) as m:
        n = m.n()
        shape = (vals.size, n, n)
        steady_, thermal_, first = (np.empty(shape, np.complex128) for _ in range(3))
        rough = np.empty(vals.size)
        st = _interruptible(m, lambda: _api.cr_model_sweep(
            m.h, _NAMES.get(name, str(name)).encode(), vals.ctypes.data, vals.size, steady_.ctypes.data,
            thermal_.ctypes.data, first.ctypes.data, rough.ctypes.data))
        m.check(st)
        key = "lambda" if name in ("lam", "lambda_") else str(name).replace("-", "_")
        return {key: vals, "steady": steady_, "thermal": thermal_, "first_order": first,
                "rough": rough}


def heatmap(x=("dx", None), y=("delta", None), quantity="rho01_abs", **params):
    xname, xs = x
    yname, ys = y
    xs = grid(0.1, 3.0, 64) if xs is None else _values(xs, "heatmap: x")
    ys = grid(0.05, 3.0, 64) if ys is None else _values(ys, "heatmap: y")
    xname, yname = _NAMES.get(xname, str(xname)), _NAMES.get(yname, str(yname))
    # Several quantities (a sequence, or names joined by commas as in
    # --quantity) come from one computation, on the last axis.
    names = ",".join(str(q) for q in quantity) if isinstance(quantity, (list, tuple)) \
        else str(quantity)
    several = isinstance(quantity, (list, tuple)) or "," in names
    with _Model(params) as m:
        shape = (ys.size, xs.size, names.count(",") + 1) if several else (ys.size, xs.size)
        out = np.empty(shape)
        st = _interruptible(m, lambda: _api.cr_model_heatmap(
            m.h, xname.encode(), xs.ctypes.data, xs.size, yname.encode(), ys.ctypes.data,
            ys.size, names.encode(), out.ctypes.data))
        m.check(st)
        return out


def _initial(initial, n):
    """(name or None, matrix or None) for the library."""
    if isinstance(initial, str):
        return initial.encode(), None
    rho0 = np.ascontiguousarray(np.asarray(initial, dtype=np.complex128))
    if rho0.shape != (n, n):
        raise ValueError(f"invalid initial state: shape {rho0.shape}, expected ({n}, {n})")
    return None, rho0


def evolve(times, initial="excited", **params):
    ts = np.ascontiguousarray(np.asarray(times, dtype=np.float64).ravel())
    with _Model(params) as m:
        n = m.n()
        name, rho0 = _initial(initial, n)
        out = np.empty((ts.size, n, n), np.complex128)
        st = _interruptible(m, lambda: _api.cr_model_evolve(
            m.h, name, _ptr(rho0), ts.ctypes.data, ts.size, out.ctypes.data))
        m.check(st)
        return out


def _count(v, what, lo, hi):
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)) or not lo <= v <= hi:
        raise ValueError(f'invalid --{what} = "{v}": valid range is {lo}..{hi}')
    return int(v)


def trajectory(collisions=100, seed=1, every=1, initial="excited", **params):
    collisions = _count(collisions, "collisions", 0, 1000000000000)
    seed = _count(seed, "seed", 0, 0xffffffff)
    every = _count(every, "every", 1, 1000000000000)
    rows = _api.cr_trajectory_rows(collisions, every)
    with _Model(params) as m:
        n = m.n()
        name, rho0 = _initial(initial, n)
        t = np.empty(rows)
        count = np.empty(rows)
        rho = np.empty((rows, n, n), np.complex128)
        st = _interruptible(m, lambda: _api.cr_model_trajectory(
            m.h, name, _ptr(rho0), seed, collisions, every, t.ctypes.data, count.ctypes.data,
            rho.ctypes.data))
        m.check(st)
        return {"n": count.astype(np.int64), "t": t, "rho": rho}


_VALIDITY = ("packet_min_eigenvalue", "choi_min_eigenvalue", "steady_min_eigenvalue",
             "wigner_value")


def validity(**params):
    with _Model(params) as m:
        out = np.empty(4)
        m.check(_api.cr_model_validity(m.h, out.ctypes.data))
        return dict(zip(_VALIDITY, out.tolist()))


def _units_names():
    names, i = [], 0
    while (q := _api.cr_units_quantity(i)) is not None:
        names.append(q.decode())
        i += 1
    return tuple(names)


_UNITS = _units_names()


def units(**inputs):
    keys = [k.encode() for k in inputs]
    names = (ctypes.c_char_p * max(len(keys), 1))(*keys)
    vals = np.array([float(v) for v in inputs.values()] or [0.0])
    out = np.empty(len(_UNITS))
    err = ctypes.create_string_buffer(512)
    st = _api.cr_units_table(len(keys), names, vals.ctypes.data, out.ctypes.data, err, 512)
    if st:
        msg = err.value.decode("utf-8", "replace")
        raise ValueError(msg) if st == _api.CR_EINVAL else NumericalError(msg)
    return dict(zip(_UNITS, out.tolist()))


def grid(a, b, n, log=False):
    """colres.grid(a, b, n, log=False) -> float (n,): the commands' grid of
    n points from a to b, evenly (log: geometrically) spaced, the same
    doubles as `colres sweep --from a --to b --points n [--log]` and
    `colres heatmap --x NAME:a:b[:log]` use."""
    out = np.empty(int(n))
    err = ctypes.create_string_buffer(256)
    st = _api.cr_grid(float(a), float(b), int(n), 1 if log else 0, out.ctypes.data, err, 256)
    if st:
        raise ValueError(err.value.decode("utf-8", "replace"))
    return out


def warnings(**params):
    """colres.warnings(**params) -> list of str: the warnings the commands
    print on stderr at these parameters (`colres: warning: ...`); the
    functions here print none."""
    with _Model(params) as m:
        buf = ctypes.create_string_buffer(4096)
        _api.cr_model_warnings(m.h, buf, 4096)
        return buf.value.decode("utf-8", "replace").splitlines()


map.__doc__ = _docs.MAP
steady.__doc__ = _docs.STEADY
sweep.__doc__ = _docs.SWEEP
heatmap.__doc__ = _docs.HEATMAP
evolve.__doc__ = _docs.EVOLVE
trajectory.__doc__ = _docs.TRAJECTORY
validity.__doc__ = _docs.VALIDITY
units.__doc__ = _docs.UNITS
