"""Which implementation a call runs on: "cpu", the native CPU implementation (python/native,
nsa_compress._cpu), by default; "simulator", the aclnn library through the ACL runtime
(nsa_compress._binding: the simulator's hardware model on this machine, the NPU with a CANN
build), on request: a backend= argument, else the environment variable NSA_COMPRESS_BACKEND,
read at every call."""
import os

ENV_BACKEND = "NSA_COMPRESS_BACKEND"
CPU, SIMULATOR = "cpu", "simulator"
BACKENDS = (CPU, SIMULATOR)


def resolve(backend=None, environ=None):
    """The backend of a call: `backend` when given, else NSA_COMPRESS_BACKEND when set and not
    empty, else "cpu". A value that names no backend is a ValueError naming where it came from."""
    environ = os.environ if environ is None else environ
    source = "backend"
    if backend is None:
        backend, source = environ.get(ENV_BACKEND, "").strip() or CPU, ENV_BACKEND
    if not isinstance(backend, str) or backend not in BACKENDS:
        raise ValueError(f"{source} is {backend!r}; it must be one of {', '.join(map(repr, BACKENDS))}")
    return backend
