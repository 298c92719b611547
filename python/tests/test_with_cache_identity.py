"""Per-window bit identity of the decode op with the forward op: every window of a sequence held in a
paged pool, compressed by compress_with_cache (one batch per window, all sharing the sequence's
block-table row, the window i written to slot i), equals the forward's output row i for the same
tokens (nsa_compress.compress on the sequence packed as TND), bit for bit, on each backend."""
import numpy as np
import pytest

import nsa_compress
from helpers import BACKENDS, as_dtype, random_bits

# (P, N, D, l, d, sequence length): windows at every page offset the page size admits.
GEOMETRIES = [(16, 2, 32, 32, 16, 160), (24, 3, 64, 48, 16, 200), (5, 1, 16, 16, 16, 100), (64, 4, 128, 128, 64, 400)]


@pytest.mark.parametrize("geometry", GEOMETRIES, ids=lambda g: "P{}-N{}-D{}-l{}-d{}-L{}".format(*g))
@pytest.mark.parametrize("dtype", ("float16", "bfloat16"))
@pytest.mark.parametrize("backend", BACKENDS)
def test_every_window_equals_the_forward_window(backend, dtype, geometry):
    P, N, D, l, d, length = geometry
    rng = np.random.default_rng([P, N, D, l, d, length, len(dtype)])
    pages = -(-length // P)
    blocks = pages + 4
    sequence = random_bits(rng, (length, N, D), dtype)
    weight = random_bits(rng, (l, N), dtype, 0.2)
    row = rng.permutation(blocks)[:pages].astype(np.int32)
    pool = random_bits(rng, (blocks, P, N, D), dtype)
    for t in range(length):
        pool[row[t // P], t % P] = sequence[t]
    forward = nsa_compress.compress(as_dtype(sequence, dtype), as_dtype(weight, dtype), l, d, [length],
                                    backend=backend)
    windows = forward.shape[0]
    assert windows == (length - l) // d + 1
    # A window at every offset within a page that the stride reaches.
    assert len({(i * d) % P for i in range(windows)}) == len({(i * d) % P for i in range(P * d)})
    table = np.tile(row, (windows, 1))
    cache = as_dtype(np.zeros((windows, N, D), np.uint16), dtype)
    nsa_compress.compress_with_cache(as_dtype(pool, dtype), as_dtype(weight, dtype),
                                     np.arange(windows, dtype=np.int32), l, d, P, cache=cache, block_table=table,
                                     act_seq_len=[l + i * d for i in range(windows)], backend=backend)
    differ = np.flatnonzero(cache.view(np.uint16).reshape(windows, -1) != forward.view(np.uint16).reshape(windows, -1))
    assert differ.size == 0, f"{differ.size} elements differ from the forward's, first in window {differ[0] // (N * D)}"
