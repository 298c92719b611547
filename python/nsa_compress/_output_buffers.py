"""The CPU backend's output arrays: large buffers the caller has let go of are handed out again.

A fresh buffer of tens of MiB is memory the operating system zeroes page by page when it is first
written, and for the grad (whose inputGrad is as large as the input) that takes as long as the
op itself. Calls in a loop ask for outputs of the same sizes every time, so the last MAX_KEPT
large buffers handed out are kept, and one is handed out again once nothing else refers to it: no
array, view or tensor made from it is alive, which its reference count tells (numpy views and
torch.from_numpy tensors all hold a reference to the array that owns the memory). Its old
contents do not matter: the ops write every element of their outputs.

Buffers below MIN_BYTES are left to numpy: glibc's malloc keeps freed blocks of up to 32 MiB in
its heap (its mmap threshold rises to the largest block freed, up to that bound) and reuses them
without page faults already. The memory held beyond the caller's own is at most MAX_KEPT outputs.
NSA_COMPRESS_REUSE_OUTPUTS=0 turns the reuse off: every output is fresh memory.
"""
import os
import sys
import threading

import numpy as np

MIN_BYTES = 32 << 20
MAX_KEPT = 2
ENV_SWITCH = "NSA_COMPRESS_REUSE_OUTPUTS"

_kept = []  # 1-D uint16 views of owning arrays (_aligned), the most recently handed out last
_lock = threading.Lock()


def _aligned(size, alignment=64):
    """`size` uint16 elements starting on a cache line (numpy gives 16 bytes), so that the library
    can write them with aligned non-temporal stores: a view of a larger owning array, which every
    view of it refers to as its base as well."""
    spare = np.empty(size + alignment // 2, np.uint16)
    skip = (-spare.ctypes.data % alignment) // 2
    return spare[skip:skip + size]


def _references(buffers, index):
    """References to the array owning buffers[index]'s memory: every view of it holds one."""
    return sys.getrefcount(buffers[index].base)


def _unreferenced_count():
    """What _references gives for a buffer only the list refers to (the interpreter's own
    temporary references included), measured rather than assumed."""
    return _references([_aligned(1)], 0)


_UNREFERENCED = _unreferenced_count()


def enabled():
    return os.environ.get(ENV_SWITCH, "1") != "0"


def empty_uint16(shape):
    """A contiguous uint16 array of `shape` with unspecified contents."""
    size = int(np.prod(shape, dtype=np.int64))
    if size * 2 < MIN_BYTES or not enabled():
        return np.empty(shape, np.uint16)
    with _lock:
        for index in range(len(_kept)):
            if _kept[index].size == size and _references(_kept, index) == _UNREFERENCED:
                buffer = _kept.pop(index)
                _kept.append(buffer)
                return buffer.reshape(shape)
        buffer = _aligned(size)
        _kept.append(buffer)
        del _kept[:-MAX_KEPT]
        return buffer.reshape(shape)
