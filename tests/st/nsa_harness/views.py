"""Tensor views on a one-dimensional storage, as the example creates them with aclCreateTensor:
a view shape, strides and a storage offset, all in elements.

A view's storage is offset + 1 + sum((size_i - 1) * stride_i) elements (0 for an empty view):
what the example's --input / --weight files hold and what its --output file receives. Element
[i_0, .., i_k] of the view is storage element offset + sum(i_j * stride_j).
"""
import numpy as np


def contiguous_strides(shape):
    strides = []
    step = 1
    for size in reversed(shape):
        strides.append(step)
        step *= int(size)
    return tuple(reversed(strides))


def resolved_strides(shape, strides):
    return tuple(int(s) for s in strides) if strides is not None else contiguous_strides(shape)


def storage_elements(shape, strides=None, offset=0):
    """The storage a view lives in, exactly as the example computes it (Python integers)."""
    strides = resolved_strides(shape, strides)
    if any(int(size) == 0 for size in shape):
        return 0
    return int(offset) + 1 + sum((int(size) - 1) * int(stride) for size, stride in zip(shape, strides))


def view_indices(shape, strides=None, offset=0):
    """The storage index of every view element, an int64 array of the view's shape."""
    strides = resolved_strides(shape, strides)
    index = np.full(tuple(int(s) for s in shape), int(offset), dtype=np.int64)
    for axis, (size, stride) in enumerate(zip(shape, strides)):
        along = np.arange(int(size), dtype=np.int64) * int(stride)
        index += along.reshape((1,) * axis + (-1,) + (1,) * (len(shape) - axis - 1))
    return index


def read_view(storage, shape, strides=None, offset=0):
    """The view's elements [shape] out of `storage`."""
    return np.asarray(storage)[view_indices(shape, strides, offset)]


def place(storage, logical, shape, strides=None, offset=0):
    """Writes `logical` into the view of `storage` (in place) and returns the view as it now reads:
    where view elements share a storage element (a stride of 0, or strides that make rows
    overlap) the last write wins, and the view then reads back something else than `logical`."""
    index = view_indices(shape, strides, offset)
    storage[index.reshape(-1)] = np.asarray(logical).reshape(-1)
    return storage[index]


def outside_mask(storage_size, shape, strides=None, offset=0):
    """True for the storage elements the view does not cover."""
    mask = np.ones(int(storage_size), dtype=bool)
    mask[view_indices(shape, strides, offset).reshape(-1)] = False
    return mask


def is_injective(shape, strides=None, offset=0):
    """Whether no two view elements share a storage element."""
    index = view_indices(shape, strides, offset).reshape(-1)
    return np.unique(index).size == index.size


def laid_out_strides(shape, order, pads=None, inner=1):
    """Strides of a view whose dims sit in storage in `order` (outermost first, the last entry
    innermost, with stride `inner`), each dim's extent followed by pads[dim] unused elements:
    stride[next outer] = stride[dim] * size[dim] + pads[dim]. order = range(rank), no pads and
    inner = 1 give the contiguous strides."""
    pads = pads or [0] * len(shape)
    strides = [0] * len(shape)
    step = int(inner)
    for dim in reversed(list(order)):
        strides[dim] = step
        step = step * max(int(shape[dim]), 1) + int(pads[dim])
    return tuple(strides)
