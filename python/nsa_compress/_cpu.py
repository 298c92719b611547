"""ctypes binding of the native CPU implementation (python/native, libnsa_compress_cpu.so): the
ops' contracts computed on the host, bit-exact, vectorised and multi-threaded.

The library is found at NSA_COMPRESS_CPU_LIB (a path that must name a file), else beside this
module (where a pip build puts it) or in another folder of the package's __path__ (an editable
install's site-packages/nsa_compress/), else at build_out/native/ of the checkout this package lives
in (`cmake -S python/native -B build_out/native && cmake --build build_out/native`). It is
checked as the aclnn library is (nsa_compress._elf) before it is loaded.

Arrays are passed as strided views in place, whatever their span, when their strides are
multiples of the item size and their innermost stride is one element (or their last dim has one
element); others are copied to a contiguous array first. Outputs are contiguous arrays, of
memory no live array shares (large ones may reuse a buffer of an earlier call that nothing refers
to any more: _output_buffers).
The library checks every argument with the op's own rule sources before it touches an element
and returns the aclnn status and message of the first broken rule, raised here as
NsaCompressError.
"""
import ctypes
import os
import sys
import threading
from pathlib import Path

import numpy as np

from . import _elf, _output_buffers
from ._binding import NsaCompressError
from ._library import LibraryInvalid, LibraryNotFound

LIBRARY_NAME = "libnsa_compress_cpu.so"
ENV_LIBRARY = "NSA_COMPRESS_CPU_LIB"
_CHECKOUT_ROOT = Path(__file__).resolve().parents[2]
# aclDataType codes (include/nsa_compress_cpu.h).
DTYPE_CODES = {"float32": 0, "float16": 1, "bfloat16": 27, "int32": 3, "int64": 9}
MESSAGE_BYTES = 4096
V2_ENTRY = "nsa_cpu_compress_with_cache_v2"


class _Tensor(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("dtype", ctypes.c_int32), ("rank", ctypes.c_int32),
                ("shape", ctypes.POINTER(ctypes.c_int64)), ("strides", ctypes.POINTER(ctypes.c_int64))]


class _Windows(ctypes.Structure):
    _fields_ = [("act_seq_len", ctypes.POINTER(ctypes.c_int64)), ("act_seq_len_count", ctypes.c_int64),
                ("layout", ctypes.c_char_p), ("act_seq_len_type", ctypes.c_int64), ("block", ctypes.c_int64),
                ("stride", ctypes.c_int64), ("threads", ctypes.c_int32)]


def package_folders():
    """The folders of the package nsa_compress: this module's own, and every other folder on the
    package's __path__ (an editable install from scikit-build-core puts the library in
    site-packages/nsa_compress/ and keeps the modules in the checkout, both on __path__)."""
    folders = [Path(__file__).resolve().parent]
    package = sys.modules.get(__package__)
    for folder in getattr(package, "__path__", None) or ():
        folder = Path(folder).resolve()
        if folder not in folders:
            folders.append(folder)
    return folders


def candidates(environ=None):
    """(where, path) pairs in search order."""
    environ = os.environ if environ is None else environ
    found = []
    if environ.get(ENV_LIBRARY):
        found.append((ENV_LIBRARY, Path(environ[ENV_LIBRARY])))
    for folder in package_folders():
        found.append(("package folder", folder / LIBRARY_NAME))
    found.append(("checkout build_out", _CHECKOUT_ROOT / "build_out" / "native" / LIBRARY_NAME))
    return found


def locate(environ=None):
    """(where, path) of the library to load; NSA_COMPRESS_CPU_LIB naming no file is an error."""
    tried = candidates(environ)
    for where, path in tried:
        if path.is_file():
            return where, path.resolve()
        if where == ENV_LIBRARY:
            raise LibraryNotFound(f"{LIBRARY_NAME} from the {where} {str(path)!r} is not a file")
    listing = "\n  ".join(f"{where}: {path}" for where, path in tried)
    raise LibraryNotFound(f"{LIBRARY_NAME} (the CPU implementation) not found; looked at\n  {listing}\n"
                          "Install the package (pip install ./python, which compiles it), build it in the checkout "
                          "(cmake -S python/native -B build_out/native && cmake --build build_out/native), "
                          f"set {ENV_LIBRARY}, or run on the simulator (backend='simulator').")


def _load():
    where, path = locate()
    try:
        _elf.needed_libraries(path)
        library = ctypes.CDLL(str(path))
    except (_elf.NotLoadable, OSError) as error:
        raise LibraryInvalid(f"{LIBRARY_NAME} from the {where} {str(path)!r} cannot be loaded: {error}") from None
    tensor, windows = ctypes.POINTER(_Tensor), ctypes.POINTER(_Windows)
    library.nsa_cpu_compress.argtypes = [tensor, tensor, tensor, windows, ctypes.c_char_p, ctypes.c_size_t]
    library.nsa_cpu_compress_grad.argtypes = [tensor] * 5 + [windows, ctypes.c_char_p, ctypes.c_size_t]
    library.nsa_cpu_compress_with_cache.argtypes = [tensor] * 5 + [windows, ctypes.c_int64, ctypes.c_char_p,
                                                                   ctypes.c_size_t]
    library.nsa_cpu_compress.restype = library.nsa_cpu_compress_grad.restype = ctypes.c_int
    library.nsa_cpu_compress_with_cache.restype = ctypes.c_int
    _declare_with_cache_v2(library, tensor)
    library.nsa_cpu_default_threads.restype = ctypes.c_int
    library.nsa_cpu_isa.restype = ctypes.c_char_p
    library.path = path
    return library


def _declare_with_cache_v2(library, tensor):
    """The V2 decode entry, when the library has it: a library built before it keeps its other
    ops, and a V2 call on it raises a RuntimeError naming the library (nsa_compress_with_cache_v2)."""
    entry = getattr(library, V2_ENTRY, None)
    if entry is not None:
        entry.argtypes = [tensor] * 8 + [ctypes.c_int64] * 3 + [tensor, tensor, ctypes.c_int32, ctypes.c_char_p,
                                                                 ctypes.c_size_t]
        entry.restype = ctypes.c_int


_library = None
_library_lock = threading.Lock()


def library():
    """The loaded library, loaded on first use."""
    global _library
    with _library_lock:
        if _library is None:
            _library = _load()
        return _library


def instruction_set():
    """The instruction set the library's calls use now: "avx512", "avx2" or "baseline" (the best
    the CPU has, capped by the environment variable NSA_COMPRESS_CPU_ISA). All give the same bits."""
    return library().nsa_cpu_isa().decode()


def _int64s(values):
    return (ctypes.c_int64 * max(len(values), 1))(*values)


def _passable(array):
    """`array` itself when the library can stride through it, else a contiguous copy."""
    itemsize = array.dtype.itemsize
    if array.size == 0:
        return np.ascontiguousarray(array)
    rows_contiguous = array.ndim == 0 or array.shape[-1] == 1 or array.strides[-1] == itemsize
    if rows_contiguous and all(stride % itemsize == 0 for stride in array.strides):
        return array
    return np.ascontiguousarray(array)


class _Call:
    """The ctypes arguments of one call; holds every array and buffer they point into."""

    def __init__(self):
        self.keep = []

    def tensor(self, array, dtype):
        array = _passable(np.asarray(array))
        itemsize = array.dtype.itemsize
        shape, strides = _int64s(array.shape), _int64s([s // itemsize for s in array.strides])
        if array.size == 0:  # numpy gives empty arrays zero strides; the row-major ones mean the same
            strides = _int64s(_row_major(array.shape))
        tensor = _Tensor(array.ctypes.data if array.size else None, DTYPE_CODES[dtype], array.ndim, shape, strides)
        self.keep += [array, shape, strides, tensor]
        return ctypes.byref(tensor)

    def windows(self, act_seq_len, layout, block, stride, seq_type):
        values = None if act_seq_len is None else _int64s(act_seq_len)
        windows = _Windows(values, 0 if act_seq_len is None else len(act_seq_len),
                           None if layout is None else layout.encode(), seq_type, block, stride, 0)
        self.keep += [values, windows]
        return ctypes.byref(windows)


def _row_major(shape):
    strides, step = [], 1
    for size in reversed(shape):
        strides.insert(0, step)
        step *= max(int(size), 1)
    return strides


def _check(status, function, message):
    if status != 0:
        raise NsaCompressError(function, status, message.value.decode(errors="replace"))


def nsa_compress(x, x_dtype, w, w_dtype, out_shape, act_seq_len, layout, block, stride, seq_type):
    """The forward on the CPU: the output's elements as a contiguous uint16 array of out_shape."""
    lib = library()
    call, message = _Call(), ctypes.create_string_buffer(MESSAGE_BYTES)
    out = _output_buffers.empty_uint16(out_shape)
    status = lib.nsa_cpu_compress(call.tensor(x, x_dtype), call.tensor(w, w_dtype), call.tensor(out, x_dtype),
                                  call.windows(act_seq_len, layout, block, stride, seq_type), message, MESSAGE_BYTES)
    _check(status, "nsa_cpu_compress", message)
    return out


def nsa_compress_grad(dy, dy_dtype, x, x_dtype, w, w_dtype, act_seq_len, layout, block, stride, seq_type):
    """The grad on the CPU: (inputGrad, weightGrad) as contiguous uint16 arrays in x's and w's shapes."""
    lib = library()
    call, message = _Call(), ctypes.create_string_buffer(MESSAGE_BYTES)
    dx, dw = _output_buffers.empty_uint16(np.shape(x)), _output_buffers.empty_uint16(np.shape(w))
    status = lib.nsa_cpu_compress_grad(call.tensor(dy, dy_dtype), call.tensor(x, x_dtype), call.tensor(w, w_dtype),
                                       call.tensor(dx, x_dtype), call.tensor(dw, w_dtype),
                                       call.windows(act_seq_len, layout, block, stride, seq_type), message,
                                       MESSAGE_BYTES)
    _check(status, "nsa_cpu_compress_grad", message)
    return dx, dw


def nsa_compress_with_cache(x, x_dtype, w, w_dtype, slots, slots_dtype, table, table_dtype, cache, cache_dtype,
                            act_seq_len, layout, block, stride, seq_type, page_size):
    """The decode op on the CPU, writing into `cache` (a writable array) in place: the library
    writes through its strides, or into a contiguous copy that is copied back when the library
    cannot stride through it. `table` None is no block table; act_seq_len None a null list."""
    lib = library()
    call, message = _Call(), ctypes.create_string_buffer(MESSAGE_BYTES)
    target = _passable(cache)
    status = lib.nsa_cpu_compress_with_cache(
        call.tensor(x, x_dtype), call.tensor(w, w_dtype), call.tensor(slots, slots_dtype),
        None if table is None else call.tensor(table, table_dtype), call.tensor(target, cache_dtype),
        call.windows(act_seq_len, layout, block, stride, seq_type), page_size, message, MESSAGE_BYTES)
    _check(status, "nsa_cpu_compress_with_cache", message)
    if target is not cache:
        np.copyto(cache, target)


def nsa_compress_with_cache_v2(operands, caches, block, stride, page_size):
    """aclnnNsaCompressWithCacheV2 on the CPU. operands: (x, w, value, value_weight, slots, prev,
    lengths, table), each an (array, op dtype name) pair or None (the V pair when no V pool);
    caches: (cache, value_cache), each a writable (array, dtype) pair or None, written in place
    (through their strides, or through a contiguous copy copied back)."""
    lib = library()
    entry = getattr(lib, V2_ENTRY, None)
    if entry is None:
        raise RuntimeError(f"{lib.path} exports no {V2_ENTRY}: it was built before the V2 decode op; rebuild it "
                           "(cmake --build of python/native, or pip install ./python)")
    call, message = _Call(), ctypes.create_string_buffer(MESSAGE_BYTES)
    targets = [None if pair is None else _passable(pair[0]) for pair in caches]
    tensors = [None if pair is None else call.tensor(*pair) for pair in operands]
    outputs = [None if target is None else call.tensor(target, pair[1]) for target, pair in zip(targets, caches)]
    status = entry(*tensors, block, stride, page_size, *outputs, 0, message, MESSAGE_BYTES)
    _check(status, V2_ENTRY, message)
    for target, pair in zip(targets, caches):
        if target is not None and target is not pair[0]:
            np.copyto(pair[0], target)
