"""Illegal calls of aclnnNsaCompressWithCacheV2: each a mutation of one legal K-and-V call, with
the status phase one must return (docs: "Status codes") and words its message must hold (the
parameter, the value, the rule)."""
from dataclasses import dataclass, replace

import numpy as np

from .cases import Spec, build

NULLPTR = 161001
INVALID = 161002

BASE = Spec(name="illegal-base", dtype="float16", N=2, D=16, l=32, d=16, P=16, prev=(0, 47), lengths=(48, 48),
            slots=((0, 1), (2, -1)), rows=4, table=((0, 1, 2), (3, 4, 5)), pages=6, value=True, seed=99)


@dataclass(frozen=True)
class IllegalCase:
    name: str
    status: int
    words: tuple
    mutate: object             # Call -> Call

    def call(self):
        return self.mutate(build(BASE).call)


def _set(**fields):
    return lambda call: replace(call, **fields)


def _extra(*flags):
    return lambda call: replace(call, extra=list(flags))


def _zeros(count):
    return np.zeros(count, np.uint16)


CASES = [
    IllegalCase("null-prev-seq-len", NULLPTR, ("prevSeqLen must not be a null pointer",), _set(prev=None)),
    IllegalCase("null-act-seq-len", NULLPTR, ("actSeqLen must not be a null pointer",), _set(act=None)),
    IllegalCase("null-block-table", NULLPTR, ("blockTable must not be a null pointer",), _set(table=None)),
    IllegalCase("value-pool-alone", INVALID, ("valueWeightOptional is a null pointer while another V tensor is given",),
                _set(value_weight=None, value_cache=None)),
    IllegalCase("value-cache-missing", INVALID,
                ("valueCacheOptional is a null pointer while another V tensor is given",), _set(value_cache=None)),
    IllegalCase("value-pool-missing", INVALID,
                ("valueInputOptional is a null pointer while another V tensor is given",), _set(value_input=None)),
    IllegalCase("int32-lengths", INVALID, ("prevSeqLen dtype is", "INT32", "INT64"),
                _extra("--seq-len-dtype", "int32")),
    IllegalCase("value-dtype-differs", INVALID, ("valueInputOptional dtype is", "BF16"),
                _extra("--value-dtype", "bfloat16")),
    IllegalCase("cache-dtype-differs", INVALID, ("outputCache dtype is", "BF16"), _extra("--cache-dtype", "bfloat16")),
    IllegalCase("slot-int64", INVALID, ("slotMapping dtype is", "INT64", "INT32"),
                lambda c: replace(c, slots=c.slots.astype(np.int64), extra=["--slot-dtype", "int64"])),
    IllegalCase("table-int64", INVALID, ("blockTable dtype is", "INT64", "INT32"),
                lambda c: replace(c, table=c.table.astype(np.int64), extra=["--block-table-dtype", "int64"])),
    IllegalCase("slots-one-dim", INVALID, ("slotMapping shape is [2]", "2 dims"),
                lambda c: replace(c, slots=c.slots[:, 0].copy())),
    IllegalCase("page-size-differs", INVALID,
                ("pageBlockSize is 32, it must equal the input page size P (input.shape[1]) = 16",),
                _set(page_block_size=32)),
    IllegalCase("stride-zero", INVALID, ("compressStride is 0",), _set(stride=0)),
    IllegalCase("stride-past-block", INVALID, ("compressStride is 48",), _set(stride=48)),
    IllegalCase("block-144", INVALID, ("compressBlockSize is 144",),
                _set(block=144, weight_storage=_zeros(288), value_weight=_zeros(288))),
    IllegalCase("value-pool-shape", INVALID,
                ("valueInputOptional shape is [6, 16, 1, 16], it must be input's shape [6, 16, 2, 16]",),
                lambda c: replace(c, value_input=_zeros(6 * 16 * 16), extra=["--value-shape", "6,16,1,16"])),
    IllegalCase("prev-length-differs", INVALID,
                ("prevSeqLen length (prevSeqLen.shape[0]) is 3, it must equal the batch count B=2",),
                _set(prev=(0, 47, 1))),
    IllegalCase("no-slot-column", INVALID, ("slotMapping columns (slotMapping.shape[1]) is 0, it must be at least 1",),
                _set(slots=np.zeros((2, 0), np.int32))),
    IllegalCase("slot-rows-short", INVALID,
                ("slotMapping rows (slotMapping.shape[0]) is 1, it must be at least the batch count B=2",),
                lambda c: replace(c, slots=c.slots[:1])),
    IllegalCase("table-rows-short", INVALID,
                ("blockTable rows (blockTable.shape[0]) is 1, it must be at least the batch count B=2",),
                lambda c: replace(c, table=c.table[:1])),
    IllegalCase("cache-over-input", INVALID, ("outputCache overlaps input",), _set(cache_in="input")),
    IllegalCase("value-cache-on-key-cache", INVALID, ("outputCache overlaps valueCacheOptional",),
                _set(value_cache=None, value_cache_in_key_cache=True)),
    IllegalCase("value-cache-rows-shared", INVALID,
                ("valueCacheOptional is a view of shape [4, 2, 16] with strides [0, 16, 1] whose elements share "
                 "addresses",), _set(value_cache=_zeros(32), value_cache_strides=(0, 16, 1))),
    IllegalCase("value-cache-every-second-element", INVALID,
                ("valueCacheOptional is a view of shape [4, 2, 16] with strides [64, 32, 2]",
                 "cannot update in place"), _set(value_cache=_zeros(255), value_cache_strides=(64, 32, 2))),
]
