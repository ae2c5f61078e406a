"""libcolres through ctypes: find the shared library and declare the
functions of colres/colres.h used here (handles and plain arrays only)."""

import ctypes
import os

_HERE = os.path.dirname(os.path.abspath(__file__))


def _candidates():
    """Where the library may be, in order: $COLRES_LIBRARY (the build tree's
    tests set it), the path `make install` recorded, the same path relative
    to this package (an install staged with DESTDIR), then the loader's
    search path."""
    env = os.environ.get("COLRES_LIBRARY")
    if env:
        yield env
        return
    try:
        from . import _install
    except ImportError:
        _install = None
    if _install is not None:
        yield os.path.join(_install.LIBDIR, _install.DLNAME)
        rel = os.path.relpath(_install.LIBDIR, _install.PYTHONDIR)
        yield os.path.normpath(os.path.join(_HERE, os.pardir, rel, _install.DLNAME))
    yield "libcolres.so.0"


def _load():
    tried = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            tried.append(path + " (no such file)")
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            tried.append(f"{path} ({e})")
    raise ImportError("colres: libcolres not found; tried " + "; ".join(tried) +
                      ". Install colres (make install) or set COLRES_LIBRARY to libcolres.so")


lib = _load()

_P = ctypes.c_void_p
_S = ctypes.c_char_p
_Z = ctypes.c_size_t
_UL = ctypes.c_ulong
_I = ctypes.c_int


def _fn(name, res, *args):
    f = getattr(lib, name)
    f.restype = res
    f.argtypes = list(args)
    return f


cr_version = _fn("cr_version", _S)
cr_model_new = _fn("cr_model_new", _P)
cr_model_free = _fn("cr_model_free", None, _P)
cr_model_error = _fn("cr_model_error", _S, _P)
cr_model_set = _fn("cr_model_set", _I, _P, _S, _S)
cr_model_get = _fn("cr_model_get", _I, _P, _S, ctypes.POINTER(ctypes.c_double))
cr_model_validate = _fn("cr_model_validate", _I, _P)
cr_model_warnings = _fn("cr_model_warnings", _I, _P, ctypes.c_char_p, _Z)
cr_model_levels = _fn("cr_model_levels", _I, _P)
cr_model_cancel = _fn("cr_model_cancel", None, _P, _I)
cr_model_map = _fn("cr_model_map", _I, _P, _P)
cr_model_steady = _fn("cr_model_steady", _I, _P, _P)
cr_model_thermal = _fn("cr_model_thermal", _I, _P, _P)
cr_model_first_order = _fn("cr_model_first_order", _I, _P, _P)
cr_model_evolve = _fn("cr_model_evolve", _I, _P, _S, _P, _P, _Z, _P)
cr_trajectory_rows = _fn("cr_trajectory_rows", _Z, _UL, _UL)
cr_model_trajectory = _fn("cr_model_trajectory", _I, _P, _S, _P, _UL, _UL, _UL, _P, _P, _P)
cr_model_sweep = _fn("cr_model_sweep", _I, _P, _S, _P, _Z, _P, _P, _P, _P)
cr_model_heatmap = _fn("cr_model_heatmap", _I, _P, _S, _P, _Z, _S, _P, _Z, _S, _P)
cr_model_validity = _fn("cr_model_validity", _I, _P, _P)
cr_units_quantity = _fn("cr_units_quantity", _S, _I)
cr_units_table = _fn("cr_units_table", _I, _Z, ctypes.POINTER(_S), _P, _P, _S, _Z)
cr_grid = _fn("cr_grid", _I, ctypes.c_double, ctypes.c_double, _Z, _I, _P, _S, _Z)
CR_UNITS_COUNT = 27

# colres/status.h
CR_OK, CR_ENUMERIC, CR_EINVAL, CR_ENOMEM, CR_EIO, CR_ECANCEL = range(6)
