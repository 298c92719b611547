"""Finding and loading the installed aclnn library (libcust_opapi.so) and the ACL runtime under it.

Order for libcust_opapi.so (the first that names an existing file wins):
  1. an explicit path (load(path=...)),
  2. the environment variable NSA_COMPRESS_OPAPI_LIB,
  3. each folder on LD_LIBRARY_PATH (set_env.bash puts <vendor>/op_api/lib there), then
     <path>/op_api/lib for each <path> on ASCEND_CUSTOM_OPP_PATH (also set by set_env.bash),
  4. build_out/install/vendors/customize/op_api/lib of the checkout this package lives in.

Each library file is checked before it is loaded (nsa_compress._elf: an ELF shared library of this
interpreter's class and machine, read with bounded reads); one that is not is refused with
LibraryInvalid, naming the file and the rule or variable that named it. The backend is "sim" when
the library needs the simulator's runtime (libascend_sim.so among its DT_NEEDED entries, read by
the same parser), else "cann". On sim, libascend_sim.so is loaded first with RTLD_GLOBAL, since
libcust_opapi.so names it but carries no path to it: NSA_COMPRESS_RUNTIME_LIB, else the folders
on LD_LIBRARY_PATH, else <build_out>/simulator/lib beside the install the library came from
(build.sh's layout). On cann, the toolkit's libascendcl.so and libnnopbase.so are loaded by name
(CANN's set_env.sh puts them on LD_LIBRARY_PATH).
"""
import ctypes
import os
from pathlib import Path

from . import _elf

OPAPI_NAME = "libcust_opapi.so"
SIM_RUNTIME_NAME = "libascend_sim.so"
CANN_RUNTIME_NAMES = ("libascendcl.so", "libnnopbase.so")
ENV_OPAPI = "NSA_COMPRESS_OPAPI_LIB"
ENV_RUNTIME = "NSA_COMPRESS_RUNTIME_LIB"
VENDOR = "customize"

# python/nsa_compress/_library.py -> the repository root, when running from a checkout.
_CHECKOUT_ROOT = Path(__file__).resolve().parents[2]
# How errors name a path given as load(path=...), session(library=...) or the API's library=.
EXPLICIT = "library argument"


class LibraryNotFound(OSError):
    """No libcust_opapi.so (or its runtime) where the search looked; the message lists where."""


class LibraryInvalid(LibraryNotFound):
    """A file the search found is no shared library this interpreter can load; the message names
    the file, what named it and why."""


def _path_list(value):
    return [part for part in (value or "").split(os.pathsep) if part]


def opapi_candidates(path=None, environ=None):
    """(where, path) pairs in search order; `where` says which rule produced the path."""
    environ = os.environ if environ is None else environ
    candidates = []
    if path is not None:
        candidates.append((EXPLICIT, Path(path)))
    if environ.get(ENV_OPAPI):
        candidates.append((ENV_OPAPI, Path(environ[ENV_OPAPI])))
    for folder in _path_list(environ.get("LD_LIBRARY_PATH")):
        candidates.append(("LD_LIBRARY_PATH", Path(folder) / OPAPI_NAME))
    for folder in _path_list(environ.get("ASCEND_CUSTOM_OPP_PATH")):
        candidates.append(("ASCEND_CUSTOM_OPP_PATH", Path(folder) / "op_api" / "lib" / OPAPI_NAME))
    checkout = _CHECKOUT_ROOT / "build_out" / "install" / "vendors" / VENDOR / "op_api" / "lib" / OPAPI_NAME
    candidates.append(("checkout build_out", checkout))
    return candidates


def locate_opapi(path=None, environ=None):
    """(where, path) of the libcust_opapi.so to load. An explicit path or NSA_COMPRESS_OPAPI_LIB
    that names no file is an error rather than a reason to look further: the caller asked for that
    library."""
    candidates = opapi_candidates(path, environ)
    for where, candidate in candidates:
        if candidate.is_file():
            return where, candidate.resolve()
        if where in (EXPLICIT, ENV_OPAPI):
            raise LibraryNotFound(f"{OPAPI_NAME} from the {where} {str(candidate)!r} is not a file")
    tried = "\n  ".join(f"{where}: {candidate}" for where, candidate in candidates)
    raise LibraryNotFound(f"{OPAPI_NAME} not found; looked at\n  {tried}\n"
                          "Source the run package's set_env.bash, set NSA_COMPRESS_OPAPI_LIB, or pass library=PATH.")


def find_opapi(path=None, environ=None):
    """The libcust_opapi.so to load (see locate_opapi)."""
    return locate_opapi(path, environ)[1]


def needed_libraries(path, name, where):
    """The DT_NEEDED names of the library `name` found at `path` by `where`; LibraryInvalid when
    the file is no shared library this interpreter can load."""
    try:
        return _elf.needed_libraries(path)
    except (_elf.NotLoadable, OSError) as error:
        raise LibraryInvalid(f"{name} from the {where} {str(path)!r} cannot be loaded: {error}") from None


def needs_sim_runtime(opapi_path, where="given path"):
    """Whether the library's dynamic section names the simulator runtime (what ldd would show as
    'libascend_sim.so => not found' when it is not on the library path)."""
    return SIM_RUNTIME_NAME in needed_libraries(opapi_path, OPAPI_NAME, where)


def locate_sim_runtime(opapi_path, environ=None):
    """(where, path) of the libascend_sim.so to load before `opapi_path`."""
    environ = os.environ if environ is None else environ
    candidates = []
    if environ.get(ENV_RUNTIME):
        candidates.append((ENV_RUNTIME, Path(environ[ENV_RUNTIME])))
    candidates += [("LD_LIBRARY_PATH", Path(folder) / SIM_RUNTIME_NAME)
                   for folder in _path_list(environ.get("LD_LIBRARY_PATH"))]
    # <build_out>/install/vendors/<vendor>/op_api/lib/libcust_opapi.so -> <build_out>/simulator/lib
    opapi = Path(opapi_path).resolve()
    if len(opapi.parents) > 5:
        beside_install = opapi.parents[5] / "simulator" / "lib" / SIM_RUNTIME_NAME
        candidates.append((f"install beside {opapi.name}", beside_install))
    for where, candidate in candidates:
        if candidate.is_file():
            return where, candidate.resolve()
    tried = "\n  ".join(str(candidate) for _, candidate in candidates)
    raise LibraryNotFound(f"{opapi} is a simulator build and needs {SIM_RUNTIME_NAME}; not found at\n  {tried}\n"
                          f"Set {ENV_RUNTIME} or put the simulator's lib folder on LD_LIBRARY_PATH.")


def _open(path, name, where):
    """ctypes.CDLL of a checked library; the loader's refusal (a missing dependency) names it too."""
    try:
        return ctypes.CDLL(str(path), mode=ctypes.RTLD_GLOBAL)
    except OSError as error:
        raise LibraryInvalid(f"{name} from the {where} {str(path)!r} cannot be loaded: {error}") from None


class Loaded:
    """The loaded libraries: `opapi` (ctypes.CDLL), `runtimes` (loaded before it), the backend."""

    def __init__(self, opapi_path, backend, runtimes, opapi):
        self.opapi_path = opapi_path
        self.backend = backend
        self.runtimes = runtimes
        self.opapi = opapi

    def symbol(self, name):
        """A C function by name: from libcust_opapi.so or, failing that, from the runtimes."""
        for library in (self.opapi, *self.runtimes):
            try:
                return getattr(library, name)
            except AttributeError:
                continue
        raise AttributeError(f"no library of {self.opapi_path} exports {name}")


def load(path=None, environ=None):
    where, opapi_path = locate_opapi(path, environ)
    runtimes = []
    if needs_sim_runtime(opapi_path, where):
        backend = "sim"
        runtime_where, runtime_path = locate_sim_runtime(opapi_path, environ)
        needed_libraries(runtime_path, SIM_RUNTIME_NAME, runtime_where)
        runtimes.append(_open(runtime_path, SIM_RUNTIME_NAME, runtime_where))
    else:
        backend = "cann"
        for name in CANN_RUNTIME_NAMES:
            try:
                runtimes.append(ctypes.CDLL(name, mode=ctypes.RTLD_GLOBAL))
            except OSError as error:
                raise LibraryNotFound(f"{OPAPI_NAME} from the {where} {str(opapi_path)!r} does not need "
                                      f"{SIM_RUNTIME_NAME}, so it is taken for a CANN build, whose {name} did not "
                                      f"load: {error}") from None
    opapi = _open(opapi_path, OPAPI_NAME, where)
    return Loaded(opapi_path, backend, runtimes, opapi)
