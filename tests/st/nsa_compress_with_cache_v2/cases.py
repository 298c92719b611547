"""Legal system-test cases of aclnnNsaCompressWithCacheV2: fixed and edge cases listed in YAML,
seeded random cases, and the page-straddle grid. A case is a Spec (shapes, the lengths before and
after the step, slot rows, block table, K alone or K and V, seed); build() draws its data and
returns the call with each cache's expected storage.

The caches start as random values with NaNs and infinities sprinkled in, so that the rows no
window writes must come back bit for bit, special patterns included. `pool_view: kv` reads each
pool as one half of a [blocks, 2, P, N, D] buffer (K the first, V the second, as a serving stack's
combined KV pages): strided pools the op must read in place. `cache_view: rows` places each cache
row in a [R, 2, N, D] buffer (rows apart): strided caches the op must update in place, leaving
every other element as it was.
"""
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np
import yaml

from .golden import emitted_windows, golden_caches
from .runner import Call
from ..nsa_harness.numerics import to_bits
from ..nsa_harness.special_values import infinities, nans, sprinkle
from ..nsa_harness.views import storage_elements, view_indices

CASES_DIR = Path(__file__).resolve().parent / "cases"
# The page-straddle grid: page sizes, and window length / step pairs.
GRID_PAGES = (16, 32, 64, 128, 256)
GRID_WINDOWS = ((16, 16), (32, 16), (48, 16), (64, 32), (128, 64))
# Rows past the ones the default slots name: rows no window writes.
SPARE_ROWS = 2


@dataclass(frozen=True)
class Spec:
    name: str
    dtype: str
    N: int
    D: int
    l: int
    d: int
    P: int
    prev: tuple                     # prevSeqLen
    lengths: tuple                  # actSeqLen
    S: Optional[int] = None         # slot columns; default: the most windows a batch emits (at least 1)
    slots: Optional[tuple] = None   # [B][S] rows; default: each emitted window its own row, in order
    rows: Optional[int] = None      # R; default: the rows the default slots name, plus SPARE_ROWS
    table: Optional[tuple] = None   # rows of page ids; default: drawn, each batch its own pages
    pages: Optional[int] = None     # pool pages; default: what the table names
    value: bool = False             # a V pool, weight and cache besides K's
    pool_view: str = "contiguous"
    cache_view: str = "contiguous"
    seed: int = 0

    def describe(self):
        return f"{self.name}: {self.dtype} N={self.N} D={self.D} l={self.l} d={self.d} P={self.P} " \
               f"prev={list(self.prev)} lengths={list(self.lengths)} S={self.S} value={self.value}"


@dataclass
class Built:
    call: Call
    expected: np.ndarray            # the K cache storage after the call
    expected_value: Optional[np.ndarray]
    written: list                   # [(batch, window, row)]
    cache_index: np.ndarray         # the storage index of each element of the [R, N, D] view


def frozen(value):
    """A YAML value with every list, nested ones too, as a tuple (a Spec is hashable)."""
    return tuple(frozen(item) for item in value) if isinstance(value, list) else value


def load(file):
    entries = yaml.safe_load((CASES_DIR / file).read_text())["cases"]
    return [Spec(**{key: frozen(value) for key, value in entry.items()}) for entry in entries]


def window_counts(spec):
    return [len(emitted_windows(int(p), int(length), spec.l, spec.d)) for p, length in zip(spec.prev, spec.lengths)]


def default_slots(spec, columns):
    """Window k of batch b gets the next free row, in (batch, k) order; columns past a batch's
    windows hold -1."""
    slots = np.full((len(spec.lengths), columns), -1, np.int32)
    row = 0
    for b, count in enumerate(window_counts(spec)):
        for k in range(min(count, columns)):
            slots[b, k] = row
            row += 1
    return slots, row


def drawn_table(spec, rng):
    """A block table giving every batch its own pages, in a shuffled order."""
    width = max(1, max((math.ceil(max(length, 0) / spec.P) for length in spec.lengths), default=1))
    return rng.permutation(len(spec.lengths) * width).astype(np.int32).reshape(len(spec.lengths), width)


def pool_of(spec, rng, shape, half):
    """(storage bits, strides, offset) of a [blocks, P, N, D] pool view: contiguous, or half
    `half` of a [blocks, 2, P, N, D] buffer."""
    if spec.pool_view != "kv":
        return to_bits(rng.uniform(-2, 2, shape), spec.dtype).reshape(-1), None, None
    page = math.prod(shape[1:])
    storage = to_bits(rng.uniform(-2, 2, (shape[0], 2) + shape[1:]), spec.dtype).reshape(-1)
    strides = (2 * page, spec.N * spec.D, spec.D, 1)
    # The example's storage ends with the view's last element: K's half drops the buffer's last V page.
    return storage[:storage_elements(shape, strides, half * page)], strides, half * page


def cache_of(spec, rng, rows):
    """(storage bits, strides, offset) of a [R, N, D] cache view, NaNs and infinities among its values."""
    values = rng.uniform(-8, 8, (rows, 2, spec.N, spec.D))
    values = sprinkle(sprinkle(values, nans(values.shape, rng), 0.05, rng), infinities(values.shape, rng), 0.05, rng)
    storage = to_bits(values, spec.dtype).reshape(-1)
    if spec.cache_view == "rows":
        return storage, (2 * spec.N * spec.D, spec.D, 1), spec.N * spec.D
    return storage[:rows * spec.N * spec.D], None, None


def slots_and_rows(spec):
    columns = spec.S if spec.S is not None else max([1] + window_counts(spec))
    if spec.slots is not None:
        slots = np.array(spec.slots, np.int32).reshape(len(spec.slots), -1)
        named = int(slots.max(initial=-1)) + 1
    else:
        slots, named = default_slots(spec, columns)
    return slots, spec.rows if spec.rows is not None else max(1, named + SPARE_ROWS)


def build(spec):
    rng = np.random.default_rng(spec.seed)
    table = np.array(spec.table, np.int32) if spec.table is not None else drawn_table(spec, rng)
    pages = spec.pages if spec.pages is not None else int(table.max(initial=0)) + 1
    shape = (pages, spec.P, spec.N, spec.D)
    slots, rows = slots_and_rows(spec)
    pool_views = [pool_of(spec, rng, shape, half) for half in range(1 + spec.value)]
    pools = [storage[view_indices(shape, strides, offset or 0)] for storage, strides, offset in pool_views]
    weights = [to_bits(rng.uniform(-1, 1, (spec.l, spec.N)), spec.dtype) for _ in range(1 + spec.value)]
    caches = [cache_of(spec, rng, rows) for _ in range(1 + spec.value)]
    cache_shape = (rows, spec.N, spec.D)
    strides, offset = caches[0][1], caches[0][2]
    cache_index = view_indices(cache_shape, strides, offset or 0)
    after, written = golden_caches([storage[cache_index] for storage, _, _ in caches], pools, weights, table,
                                   np.array(spec.prev), np.array(spec.lengths), slots, spec.l, spec.d, spec.dtype)
    expected = []
    for (storage, _, _), rows_after in zip(caches, after):
        full = storage.copy()
        full[cache_index] = rows_after
        assert full.size == storage_elements(cache_shape, strides, offset or 0)
        expected.append(full)
    value = spec.value or None
    call = Call(dtype=spec.dtype, shape=shape, input_storage=pool_views[0][0], weight_storage=weights[0],
                cache_shape=cache_shape, cache_storage=caches[0][0], slots=slots, table=table, prev=spec.prev,
                act=spec.lengths, block=spec.l, stride=spec.d, input_strides=pool_views[0][1],
                input_offset=pool_views[0][2], cache_strides=strides, cache_offset=offset,
                value_input=value and pool_views[1][0], value_input_strides=value and pool_views[1][1],
                value_input_offset=value and pool_views[1][2], value_weight=value and weights[1],
                value_cache=value and caches[1][0], value_cache_strides=value and strides,
                value_cache_offset=value and offset)
    return Built(call, expected[0], expected[1] if spec.value else None, written, cache_index)


def grid_specs():
    """Every page size of GRID_PAGES with every window of GRID_WINDOWS, in both dtypes by turns,
    every third with V: one prefill batch whose windows start at k * d for k = 0 .. lcm(P, d) / d
    + l / d, so that they start at every offset a page admits, straddle page ends, and span several
    pages when l > P; and a decode step of a second batch ending on a page boundary."""
    specs = []
    for i, (page, (l, d)) in enumerate((p, w) for p in GRID_PAGES for w in GRID_WINDOWS):
        count = math.lcm(page, d) // d + l // d + 1
        prefill = l + (count - 1) * d
        decode = l + d * (page // d)
        specs.append(Spec(name=f"grid-P{page}-l{l}-d{d}", dtype=("float16", "bfloat16")[i % 2], N=1, D=16, l=l, d=d,
                          P=page, prev=(0, decode - 1), lengths=(prefill, decode), value=i % 3 == 0, seed=1000 + i))
    return specs


def random_batch(r, l, d):
    """(prev, L) of one batch: a decode step, several tokens, a prefill, a chunk, nothing new or a
    broken pair (prev > L, or prev < 0)."""
    length = r.randint(0, 4 * l)
    kind = r.choice(("decode", "tokens", "prefill", "chunk", "idle", "broken"))
    prev = {"decode": length - 1, "tokens": length - r.randint(1, 3 * d), "prefill": 0,
            "chunk": r.randint(0, length), "idle": length, "broken": r.choice((length + r.randint(1, 9), -1))}[kind]
    return max(prev, 0) if kind != "broken" else prev, length


def random_spec(seed):
    """A random legal call: mixed batch kinds, slots that skip (-1), collide, pass R or run out
    (S below the windows), any page size, K or K and V, sometimes a strided cache."""
    r = random.Random(seed)
    l = r.choice((16, 32, 48, 64, 128))
    d = r.choice([s for s in (16, 32, 48, 64) if s <= l])
    batches = r.randint(1, 6)
    prev, lengths = zip(*(random_batch(r, l, d) for _ in range(batches)))
    columns = r.randint(1, 5)
    rows = r.randint(1, batches * columns + 2)
    slots = [[r.choice((-1, rows, r.randrange(rows))) if r.random() < 0.2 else r.randrange(rows)
              for _ in range(columns)] for _ in range(batches)]
    return Spec(name=f"random-{seed}", dtype=r.choice(("float16", "bfloat16")), N=r.choice((1, 2, 3, 4, 8)),
                D=r.choice((16, 32, 48, 64)), l=l, d=d, P=r.choice((1, 3, 5, 16, 24, 32, 64, 128)), prev=prev,
                lengths=lengths, S=columns, slots=tuple(map(tuple, slots)), rows=rows, value=r.random() < 0.5,
                pool_view=r.choice(("contiguous", "kv")), cache_view=r.choice(("contiguous", "rows")), seed=seed)


def random_specs(count):
    return [random_spec(9000 + i) for i in range(count)]
