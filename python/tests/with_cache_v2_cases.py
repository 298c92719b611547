"""Cases of the decode op's second entry point (aclnnNsaCompressWithCacheV2) for the Python tests:
K (and V) pools with a shuffled block table, lengths before and after the step, a slot table with
one column per new window, and caches of arbitrary 16-bit patterns (NaN payloads included) so that
"untouched" means the same bytes. The expected caches come from the system tests' V2 golden."""
import importlib
from dataclasses import dataclass

import numpy as np

from helpers import as_dtype, random_bits

golden_v2 = importlib.import_module("tests.st.nsa_compress_with_cache_v2.golden")


@dataclass
class V2Case:
    dtype: str
    pools: list       # bits: [blocks, P, N, D] each (K, or K and V)
    weights: list     # bits: [l, N] each
    slots: np.ndarray  # int32 [>= B, S]
    prev: np.ndarray   # int64 [B]
    lengths: np.ndarray  # int64 [B]
    table: np.ndarray  # int32 [>= B, W]
    caches: list       # bits: [R, N, D] each, before the call
    l: int
    d: int

    @property
    def page_size(self):
        return self.pools[0].shape[1]

    def expected(self):
        """(each cache's bits after the call, [(batch, window, slot)] written) by the golden."""
        return golden_v2.golden_caches(self.caches, self.pools, self.weights, self.table, self.prev, self.lengths,
                                       self.slots, self.l, self.d, self.dtype)

    def run(self, backend, caches=None):
        """The NumPy call on typed copies of the caches (or on `caches`); returns the caches."""
        import nsa_compress
        caches = [as_dtype(c.copy(), self.dtype) for c in self.caches] if caches is None else caches
        value = {}
        if len(self.pools) == 2:
            value = dict(value=as_dtype(self.pools[1], self.dtype), value_weight=as_dtype(self.weights[1], self.dtype),
                         value_cache=caches[1])
        result = nsa_compress.compress_with_cache_v2(
            as_dtype(self.pools[0], self.dtype), as_dtype(self.weights[0], self.dtype), self.slots, self.prev,
            self.lengths, self.table, self.l, self.d, self.page_size, cache=caches[0], backend=backend, **value)
        assert (result is caches[0]) if len(caches) == 1 else (result[0] is caches[0] and result[1] is caches[1])
        return caches


def v2_case(rng, dtype, P, N, D, l, d, batches, pages_per_batch, rows, columns, step, pools=1):
    """Each batch owns pages_per_batch shuffled pages; its length after the step is random in
    [0, capacity] (most of them just past a window's end when `step` is given, most at least l for a prefill) and before it `step`
    tokens fewer (at least 0; step None: 0, a prefill); slots
    are distinct rows while they last, then repeat."""
    blocks = batches * pages_per_batch + 2
    table = rng.permutation(blocks)[:batches * pages_per_batch].reshape(batches, pages_per_batch).astype(np.int32)
    lengths = rng.integers(0, pages_per_batch * P + 1, batches).astype(np.int64)
    if step is not None:  # about 60% of the batches complete a window in the step
        ends = l + d * rng.integers(0, (pages_per_batch * P - l) // d + 1, batches)
        due = np.minimum(ends + rng.integers(0, step, batches), pages_per_batch * P)
        lengths = np.where(rng.random(batches) < 0.6, due, lengths).astype(np.int64)
    else:  # most prefills hold at least one window
        long = rng.integers(l, pages_per_batch * P + 1, batches)
        lengths = np.where(rng.random(batches) < 0.8, long, lengths).astype(np.int64)
    prev = np.zeros(batches, np.int64) if step is None else np.maximum(lengths - step, 0)
    slots = rng.permutation(max(rows, batches * columns))[:batches * columns] % rows
    caches = [rng.integers(0, 1 << 16, (rows, N, D), dtype=np.uint16) for _ in range(pools)]
    return V2Case(dtype, [random_bits(rng, (blocks, P, N, D), dtype) for _ in range(pools)],
                  [random_bits(rng, (l, N), dtype, 0.2) for _ in range(pools)],
                  slots.reshape(batches, columns).astype(np.int32), prev, lengths, table, caches, l, d)
