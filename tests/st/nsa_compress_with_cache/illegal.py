"""Illegal calls of the decode op: each a mutation of one legal paged (or TND) call, with the
status phase one must return and words its message must hold (the parameter, the value, the
rule). A refused call writes nothing: the example writes no output file."""
from dataclasses import dataclass, replace

import numpy as np

from .cases import Spec, build

NULLPTR = 161001
INVALID = 161002

BASE = Spec(name="illegal-base", dtype="float16", N=2, D=16, l=32, d=16, lengths=(48, 40), P=16,
            slots=(1, 0), rows=3, table=((2, 0, 3), (1, 1, 1)), pages=4, seed=99)
TND_BASE = Spec(name="illegal-tnd", dtype="float16", N=2, D=16, l=32, d=16, lengths=(48, 40), seed=98)


@dataclass(frozen=True)
class IllegalCase:
    name: str
    status: int
    words: tuple
    spec: Spec = BASE
    mutate: object = None       # Call -> Call, after build

    def call(self):
        call = build(self.spec).call
        return self.mutate(call) if self.mutate else call


def _set(**fields):
    return lambda call: replace(call, **fields)


def _extra(*flags):
    return lambda call: replace(call, extra=list(flags))


def _input_shape(shape):
    return lambda call: replace(call, shape=shape, input_storage=np.zeros(int(np.prod(shape)), np.uint16))


CASES = [
    IllegalCase("null-act-seq-len", NULLPTR, ("actSeqLenOptional", "null"), mutate=_set(act_seq_len=None)),
    IllegalCase("null-block-table-paged", NULLPTR, ("blockTableOptional", "null", "paged"), mutate=_set(table=None)),
    IllegalCase("stride-zero", INVALID, ("compressStride is 0", "multiple of 16"), mutate=_set(stride=0)),
    IllegalCase("stride-past-block", INVALID, ("compressStride is 48", "compressBlockSize=32"), mutate=_set(stride=48)),
    IllegalCase("block-144", INVALID, ("compressBlockSize is 144", "[16, 128]"),
                mutate=lambda c: replace(c, block=144, weight_shape=(144, 2),
                                         weight_storage=np.zeros(288, np.uint16))),
    IllegalCase("block-not-16", INVALID, ("compressBlockSize is 24",),
                mutate=lambda c: replace(c, block=24, stride=16, weight_shape=(24, 2),
                                         weight_storage=np.zeros(48, np.uint16))),
    IllegalCase("page-size-differs", INVALID, ("pageBlockSize is 32", "input.shape[1]", "16"),
                mutate=_set(page_block_size=32)),
    IllegalCase("page-size-zero", INVALID, ("pageBlockSize is 0",), mutate=_set(page_block_size=0)),
    IllegalCase("type-2", INVALID, ("actSeqLenType is 2",), mutate=_set(seq_type=2)),
    IllegalCase("negative-length", INVALID, ("actSeqLen[1] is -5", "negative"), mutate=_set(act_seq_len=(48, -5))),
    IllegalCase("decreasing-ends", INVALID, ("actSeqLen[1] is 40", "non-decreasing"),
                mutate=_set(act_seq_len=(48, 40), seq_type=0)),
    IllegalCase("length-past-table", INVALID, ("batch 0", "length of 64", "48 tokens", "blockTable.shape[1]=3"),
                mutate=_set(act_seq_len=(64, 40))),
    IllegalCase("slots-shorter-than-batches", INVALID, ("slotMapping length", "is 1", "B=2"),
                mutate=lambda c: replace(c, slots=c.slots[:1])),
    IllegalCase("table-rows-short", INVALID, ("blockTableOptional rows", "is 1", "B=2"),
                mutate=lambda c: replace(c, table=c.table[:1])),
    IllegalCase("slot-int64", INVALID, ("slotMapping dtype is", "INT64", "INT32"),
                mutate=lambda c: replace(c, slots=c.slots.astype(np.int64), extra=["--slot-dtype", "int64"])),
    IllegalCase("table-int64", INVALID, ("blockTableOptional dtype is", "INT64", "INT32"),
                mutate=lambda c: replace(c, table=c.table.astype(np.int64), extra=["--block-table-dtype", "int64"])),
    IllegalCase("input-float32", INVALID, ("input dtype is", "FLOAT"),
                mutate=lambda c: replace(c, dtype="float32", input_storage=np.zeros(c.input_storage.size, np.uint32),
                                         extra=["--weight-dtype", "float16", "--cache-dtype", "float16"])),
    IllegalCase("cache-dtype-differs", INVALID, ("outputCache dtype is", "BF16"), mutate=_extra("--cache-dtype", "bfloat16")),
    IllegalCase("input-5-dims", INVALID, ("input shape is", "paged pool [blocks, P, N, D]"),
                mutate=lambda c: replace(_input_shape((4, 16, 2, 16, 1))(c), weight_shape=(32, 2))),
    IllegalCase("dim-272", INVALID, ("input head dim D (input.shape[3]) is 272",),
                mutate=lambda c: replace(_input_shape((4, 16, 2, 272))(c), cache_shape=(3, 2, 272),
                                         cache_storage=np.zeros(3 * 2 * 272, np.uint16))),
    IllegalCase("heads-129", INVALID, ("input head number N (input.shape[2]) is 129",),
                mutate=lambda c: replace(_input_shape((4, 16, 129, 16))(c), weight_shape=(32, 129),
                                         weight_storage=np.zeros(32 * 129, np.uint16), cache_shape=(3, 129, 16),
                                         cache_storage=np.zeros(3 * 129 * 16, np.uint16))),
    IllegalCase("empty-pool", INVALID, ("input page count", "is 0"), mutate=_input_shape((0, 16, 2, 16))),
    IllegalCase("weight-shape", INVALID, ("weight shape is", "[compressBlockSize, N] = [32, 2]"),
                mutate=lambda c: replace(c, weight_shape=(32, 3), weight_storage=np.zeros(96, np.uint16))),
    IllegalCase("cache-no-rows", INVALID, ("outputCache shape is", "at least one row"),
                mutate=lambda c: replace(c, cache_shape=(0, 2, 16), cache_storage=np.zeros(0, np.uint16))),
    IllegalCase("cache-wrong-dim", INVALID, ("outputCache shape is", "[R, 2, 16]"),
                mutate=lambda c: replace(c, cache_shape=(3, 2, 32), cache_storage=np.zeros(192, np.uint16))),
    IllegalCase("cache-over-input", INVALID, ("outputCache overlaps input",),
                mutate=_set(cache_in="input")),
    IllegalCase("cache-rows-share", INVALID, ("outputCache", "share addresses"),
                mutate=_set(cache_strides=(0, 16, 1), cache_storage=np.zeros(32, np.uint16))),
    IllegalCase("layout-unknown", INVALID, ("layoutOptional is \"XYZ\"",), mutate=_set(layout="XYZ")),
    IllegalCase("tnd-with-bsnd", INVALID, ("layoutOptional is \"BSND\"", "\"TND\""), spec=TND_BASE,
                mutate=_set(layout="BSND")),
    IllegalCase("tnd-lengths-past-t", INVALID, ("actSeqLen", "past T=88"), spec=TND_BASE,
                mutate=_set(act_seq_len=(48, 41))),
    IllegalCase("tnd-lengths-short-of-t", INVALID, ("actSeqLen lengths sum to 87", "T=input.shape[0]=88"), spec=TND_BASE,
                mutate=_set(act_seq_len=(48, 39))),
]
