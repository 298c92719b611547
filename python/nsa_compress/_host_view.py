"""How a host array reaches the op: its geometry (dtype, shape, strides and offset in elements over
a storage of `storage_elements`) and the host memory that storage is uploaded from.

A view is passed in place, with no host copy, when its strides are non-negative multiples of
the item size and the span of memory from its first element to its last is at most twice its own
bytes: the span is uploaded as it lies and the op reads the view from it. Any other array is made
contiguous for the upload only (a staging copy freed as soon as it is uploaded): negative or
unaligned strides, which the op cannot express, and sparse views, whose span would cost more
device memory than their contiguous copy and its staging together.
"""
import contextlib
from collections import namedtuple

import numpy as np

# int32 and int64: the decode op's slot mapping and block table (int64 reaches the op, which refuses it).
ITEM_SIZES = {"float32": 4, "float16": 2, "bfloat16": 2, "int32": 4, "int64": 8}
# The most memory a view may span, in multiples of its own bytes, and still be passed in place.
IN_PLACE_SPAN_FACTOR = 2

Geometry = namedtuple("Geometry", "dtype shape strides offset storage_elements")


def row_major_strides(shape):
    strides, step = [], 1
    for size in reversed(shape):
        strides.insert(0, step)
        step *= max(size, 1)
    return strides


def contiguous_geometry(shape, dtype):
    """The geometry of a fresh contiguous tensor, such as an op's output."""
    shape = [int(size) for size in shape]
    return Geometry(dtype, shape, row_major_strides(shape), 0, int(np.prod(shape, dtype=np.int64)))


def storage_bytes(geometry):
    return geometry.storage_elements * ITEM_SIZES[geometry.dtype]


def _span_elements(shape, strides):
    return 1 + sum((size - 1) * stride for size, stride in zip(shape, strides))


class HostView:
    """A host array and the geometry the op sees it in (see the module's docstring)."""

    def __init__(self, array, dtype):
        array = np.asarray(array)
        itemsize = ITEM_SIZES[dtype]
        if array.dtype.itemsize != itemsize:
            raise TypeError(f"a {dtype} array has {itemsize}-byte elements, got {array.dtype} ({array.dtype.itemsize})")
        self.array, self.in_place = array, False
        shape = [int(size) for size in array.shape]
        geometry = contiguous_geometry(shape, dtype)
        # An empty array's strides address nothing and numpy gives them as 0, which an op's tiling
        # may refuse as overlapping elements: the row-major strides describe the same view.
        if array.size and all(stride >= 0 and stride % itemsize == 0 for stride in array.strides):
            strides = [int(stride) // itemsize for stride in array.strides]
            span = _span_elements(shape, strides)
            if span <= IN_PLACE_SPAN_FACTOR * array.size:
                self.in_place = True
                geometry = Geometry(dtype, shape, strides, 0, span)
        self.geometry = geometry
        self.dtype, self.shape, self.strides, self.offset, self.storage_elements = geometry

    @contextlib.contextmanager
    def host_storage(self):
        """(address, nbytes) of the storage's host memory, valid inside the block: the array's own
        memory in place (with non-negative strides element 0 is the lowest address and the last
        element the highest, so the span lies inside the array's buffer), else a contiguous copy
        that is freed on leaving the block."""
        if self.in_place:
            yield self.array.ctypes.data, storage_bytes(self.geometry)
        else:
            staging = np.ascontiguousarray(self.array)
            yield staging.ctypes.data, staging.nbytes
