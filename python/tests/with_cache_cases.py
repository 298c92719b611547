"""Cases of the decode op (NsaCompressWithCache) for the Python tests: a paged pool and its block
table, or packed TND tokens, batch lengths some of which complete a window, slots, and a cache
filled with arbitrary 16-bit patterns (NaN payloads included) so that "untouched" means the same
bytes. The expected cache comes from the system tests' golden (tests/st/nsa_compress_with_cache)."""
import importlib
from dataclasses import dataclass, field

import numpy as np

from helpers import as_dtype, random_bits

golden = importlib.import_module("tests.st.nsa_compress_with_cache.golden")


@dataclass
class Case:
    dtype: str
    pool: np.ndarray          # bits: [blocks, P, N, D], or [T, N, D] (TND)
    weight: np.ndarray        # bits: [l, N]
    slots: np.ndarray         # int32 [>= B]
    table: object             # int32 [>= B, W], or None (TND)
    lengths: list             # per batch (act_seq_len_type 1)
    cache: np.ndarray         # bits: [R, N, D], the cache before the call
    l: int
    d: int
    page_size: int = field(default=0)

    def expected(self):
        """(the cache's bits after the call, [(batch, slot)] written) by the golden."""
        return golden.golden_cache(self.cache, self.pool, self.weight, self.table, self.lengths, 1, self.slots,
                                   self.l, self.d, self.dtype)

    def numpy_args(self):
        """compress_with_cache's positional arguments, typed arrays."""
        return (as_dtype(self.pool, self.dtype), as_dtype(self.weight, self.dtype), self.slots, self.l, self.d,
                self.page_size)


def due_length(rng, l, d, most):
    """A length that completes a window, at most `most` (at least l)."""
    return l + d * int(rng.integers(0, (most - l) // d + 1))


def lengths_of(rng, batches, l, d, most, due_share=0.6):
    """Batch lengths in [0, most], about due_share of them completing a window."""
    lengths = []
    for _ in range(batches):
        if rng.random() < due_share:
            lengths.append(due_length(rng, l, d, most))
        else:
            length = int(rng.integers(0, most + 1))
            lengths.append(length + 1 if golden.is_due(length, l, d) and length < most else length)
    return lengths


def paged(rng, dtype, P, N, D, l, d, batches, pages_per_batch, rows, slots=None, lengths=None):
    """A paged case: every batch's table row a random set of pages of a shuffled pool."""
    blocks = batches * pages_per_batch + 3
    table = rng.permutation(blocks)[:batches * pages_per_batch].reshape(batches, pages_per_batch).astype(np.int32)
    if lengths is None:
        lengths = lengths_of(rng, batches, l, d, pages_per_batch * P)
    if slots is None:
        slots = rng.permutation(rows)[:batches].astype(np.int32) if rows >= batches else \
            rng.integers(0, rows, batches).astype(np.int32)
    cache = rng.integers(0, 1 << 16, (rows, N, D), dtype=np.uint16)
    return Case(dtype, random_bits(rng, (blocks, P, N, D), dtype), random_bits(rng, (l, N), dtype, 0.2),
                np.asarray(slots, np.int32), table, list(lengths), cache, l, d, P)


def packed(rng, dtype, N, D, l, d, batches, most, rows):
    """A TND case: the batches' tokens one after another."""
    lengths = lengths_of(rng, batches, l, d, most)
    slots = rng.permutation(rows)[:batches].astype(np.int32)
    cache = rng.integers(0, 1 << 16, (rows, N, D), dtype=np.uint16)
    return Case(dtype, random_bits(rng, (sum(lengths), N, D), dtype), random_bits(rng, (l, N), dtype, 0.2), slots,
                None, lengths, cache, l, d, 1)


# (P, N, D, l, d, batches, pages per batch, cache rows): page sizes that are and are not multiples
# of 16, windows straddling pages, l up to 128, N up to 128, D up to 256.
PAGED_GEOMETRIES = [(16, 2, 32, 32, 16, 6, 4, 9), (64, 4, 128, 64, 32, 5, 3, 8), (5, 1, 16, 16, 16, 4, 6, 4),
                    (24, 3, 48, 48, 16, 7, 5, 12), (128, 8, 64, 128, 64, 3, 2, 5), (32, 128, 16, 16, 16, 3, 2, 3),
                    (16, 1, 256, 32, 32, 4, 3, 6)]
