"""Legal system-test cases of the decode op: fixed and edge cases listed in YAML, seeded random
cases, and the page-straddle grid. A case is a Spec (shapes, lengths, slots, block table, views,
seed); build() draws its data and returns the call with the expected cache storage.

Views: `pool_view: kv` reads the paged pool as the V half of a [blocks, 2, P, N, D] buffer (a
strided pool the op must read in place); `cache_view: rows` places each cache row in a [R, 2, N, D]
buffer (rows apart), `cache_view: heads` pads every head of a row (heads apart): a strided cache the
op must update in place, leaving every other element as it was.
"""
import math
import random
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Optional

import numpy as np
import yaml

from .golden import batch_lengths, golden_cache, is_due
from .runner import Call
from ..nsa_harness.numerics import to_bits
from ..nsa_harness.views import contiguous_strides, storage_elements, view_indices

CASES_DIR = Path(__file__).resolve().parent / "cases"
# The page-straddle grid: page sizes, and window length / step pairs.
GRID_PAGES = (16, 32, 64, 128, 256)
GRID_WINDOWS = ((16, 16), (32, 16), (48, 16), (64, 32), (128, 64))


@dataclass(frozen=True)
class Spec:
    name: str
    dtype: str
    N: int
    D: int
    l: int
    d: int
    lengths: tuple
    P: int = 0                      # page size; 0: a TND input
    seq_type: int = 1
    slots: Optional[tuple] = None   # default: batch b writes row b
    rows: Optional[int] = None      # R, default: the batch count (at least 1)
    table: Optional[tuple] = None   # rows of page ids; default: drawn, each batch its own pages
    pages: Optional[int] = None     # pool pages; default: what the drawn table needs
    layout: str = "TND"
    pool_view: str = "contiguous"
    cache_view: str = "contiguous"
    seed: int = 0

    def describe(self):
        return f"{self.name}: {self.dtype} N={self.N} D={self.D} l={self.l} d={self.d} P={self.P} " \
               f"lengths={list(self.lengths)} views={self.pool_view}/{self.cache_view}"


@dataclass
class Built:
    call: Call
    expected: np.ndarray       # the cache storage after the call
    written: list              # [(batch, slot)]
    due: int                   # batches due on the host: a launch happens when > 0


def load(file):
    entries = yaml.safe_load((CASES_DIR / file).read_text())["cases"]
    return [Spec(**{k: tuple(v) if isinstance(v, list) else v for k, v in entry.items()}) for entry in entries]


def drawn_table(spec, rng):
    """A block table giving every batch its own pages, in a shuffled order."""
    width = max(1, max(math.ceil(length / spec.P) for length in spec.lengths))
    return rng.permutation(len(spec.lengths) * width).astype(np.int32).reshape(len(spec.lengths), width)


def pool_of(spec, rng, table):
    """(storage bits, view shape, strides, offset) of the input."""
    if spec.P == 0:
        shape = (max(1, int(sum(spec.lengths))), spec.N, spec.D)
    else:
        pages = spec.pages if spec.pages is not None else int(table.max(initial=0)) + 1
        shape = (pages, spec.P, spec.N, spec.D)
    if spec.pool_view == "kv":
        storage_shape = (shape[0], 2) + shape[1:]
        strides = (2 * math.prod(shape[1:]),) + contiguous_strides(shape[1:])
        storage = to_bits(rng.uniform(-2, 2, storage_shape), spec.dtype)
        return storage.reshape(-1), shape, strides, math.prod(shape[1:])
    return to_bits(rng.uniform(-2, 2, shape), spec.dtype).reshape(-1), shape, None, None


def cache_of(spec, rng, rows):
    """(storage bits, strides, offset) of the cache [R, N, D] view."""
    shape = (rows, spec.N, spec.D)
    if spec.cache_view == "rows":
        storage = to_bits(rng.uniform(-8, 8, (rows, 2, spec.N, spec.D)), spec.dtype).reshape(-1)
        return storage, (2 * spec.N * spec.D, spec.D, 1), spec.N * spec.D
    if spec.cache_view == "heads":
        strides = (spec.N * (spec.D + 16), spec.D + 16, 1)
        storage = to_bits(rng.uniform(-8, 8, (rows, spec.N, spec.D + 16)), spec.dtype).reshape(-1)
        return storage[:storage_elements(shape, strides)], strides, 0
    return to_bits(rng.uniform(-8, 8, shape), spec.dtype).reshape(-1), None, None


def build(spec):
    rng = np.random.default_rng(spec.seed)
    batches = len(spec.lengths)
    table = None
    if spec.P:
        table = np.array(spec.table, np.int32) if spec.table is not None else drawn_table(spec, rng)
    pool_storage, shape, pool_strides, pool_offset = pool_of(spec, rng, table)
    rows = spec.rows if spec.rows is not None else max(1, batches)
    slots = np.array(spec.slots if spec.slots is not None else range(batches), np.int32)
    weight = to_bits(rng.uniform(-1, 1, (spec.l, spec.N)), spec.dtype)
    cache_storage, cache_strides, cache_offset = cache_of(spec, rng, rows)
    cache_shape = (rows, spec.N, spec.D)
    act_seq_len = tuple(int(v) for v in (np.cumsum(spec.lengths) if spec.seq_type == 0 else spec.lengths))
    call = Call(dtype=spec.dtype, shape=shape, input_storage=pool_storage, weight_storage=weight,
                cache_shape=cache_shape, cache_storage=cache_storage, slots=slots, table=table,
                act_seq_len=act_seq_len, block=spec.l, stride=spec.d, seq_type=spec.seq_type, layout=spec.layout,
                input_strides=pool_strides, input_offset=pool_offset, cache_strides=cache_strides,
                cache_offset=cache_offset)
    pool = pool_storage[view_indices(shape, pool_strides, pool_offset or 0)]
    cache_index = view_indices(cache_shape, cache_strides, cache_offset or 0)
    rows_after, written = golden_cache(cache_storage[cache_index], pool, weight, table, act_seq_len,
                                       spec.seq_type, slots, spec.l, spec.d, spec.dtype)
    expected = cache_storage.copy()
    expected[cache_index] = rows_after
    assert expected.size == storage_elements(cache_shape, cache_strides, cache_offset or 0)
    lengths = batch_lengths(act_seq_len, spec.seq_type) if act_seq_len else ()
    due = sum(is_due(int(length), spec.l, spec.d) for length in lengths)
    return Built(call, expected, written, due)


def grid_specs():
    """Every page size of GRID_PAGES with every window of GRID_WINDOWS, in both dtypes by turns:
    one batch per window start k * d for k = 0 .. lcm(P, d) / d + l / d, so that the windows start
    at every offset a page admits, straddle page ends, and span several pages when l > P."""
    specs = []
    for i, (page, (l, d)) in enumerate((p, w) for p in GRID_PAGES for w in GRID_WINDOWS):
        count = math.lcm(page, d) // d + l // d + 1
        specs.append(Spec(name=f"grid-P{page}-l{l}-d{d}", dtype=("float16", "bfloat16")[i % 2], N=2, D=32, l=l, d=d,
                          lengths=tuple(l + k * d for k in range(count)), P=page, seed=1000 + i))
    return specs


def random_spec(seed):
    """A random legal paged or TND call: mixed due and not-due batches, slots that skip (-1),
    collide or leave rows untouched, any page size, sometimes strided views."""
    r = random.Random(seed)
    l = r.choice((16, 32, 48, 64, 128))
    d = r.choice([s for s in (16, 32, 48, 64) if s <= l])
    batches = r.randint(1, 24)
    lengths = tuple(l + r.randint(0, 6) * d if r.random() < 0.6 else r.randint(0, 3 * l) for _ in range(batches))
    rows = batches + r.randint(0, 4)
    slots = list(r.sample(range(rows), batches))
    for b in range(batches):
        roll = r.random()
        slots[b] = -1 if roll < 0.1 else (slots[r.randrange(batches)] if roll < 0.2 else slots[b])
    paged = r.random() < 0.8
    return Spec(name=f"random-{seed}", dtype=r.choice(("float16", "bfloat16")), N=r.choice((1, 2, 3, 4, 8, 16)),
                D=r.choice((16, 32, 48, 64, 128)), l=l, d=d, lengths=lengths,
                P=r.choice((1, 3, 5, 16, 24, 32, 64, 128)) if paged else 0, seq_type=r.choice((0, 1)),
                slots=tuple(slots), rows=rows, layout=r.choice(("TND", "BSND", "BNSD", "BSH", "SBH")) if paged else "TND",
                pool_view=r.choice(("contiguous", "kv")), cache_view=r.choice(("contiguous", "rows", "heads")),
                seed=seed)


def random_specs(count):
    return [random_spec(7000 + i) for i in range(count)]


def with_seed(spec, seed):
    return replace(spec, seed=seed)
