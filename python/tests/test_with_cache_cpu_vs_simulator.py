"""The CPU implementation and the simulator (the decode op's kernel on the hardware model, through
aclnnNsaCompressWithCache) on the same random calls: the same cache bits, with hostile device values
mixed in (negative and out-of-range slots, duplicate slots, page ids outside the pool), which the
golden tests check one rule at a time. Illegal calls: test_with_cache_illegal."""
import numpy as np
import pytest

import nsa_compress
from helpers import as_dtype
from with_cache_cases import paged

SEEDS = range(12)


def _hostile(rng, case):
    """Some slots negative, past the cache or repeated; some page ids outside the pool."""
    rows, blocks = case.cache.shape[0], case.pool.shape[0]
    for b in range(len(case.lengths)):
        kind = rng.integers(6)
        if kind == 0:
            case.slots[b] = -int(rng.integers(1, 1 << 31))
        elif kind == 1:
            case.slots[b] = rows + int(rng.integers(0, 1 << 20))
        elif kind == 2:
            case.slots[b] = case.slots[int(rng.integers(len(case.lengths)))]
        elif kind == 3:
            case.table[b, int(rng.integers(case.table.shape[1]))] = int(rng.choice([-1, blocks, 1 << 30]))
    return case


def _run(case, backend):
    cache = as_dtype(case.cache.copy(), case.dtype)
    nsa_compress.compress_with_cache(*case.numpy_args(), cache=cache, block_table=case.table,
                                     act_seq_len=case.lengths, backend=backend)
    return cache.view(np.uint16)


@pytest.mark.parametrize("seed", SEEDS)
def test_same_bits_on_random_hostile_calls(seed):
    rng = np.random.default_rng([seed, 25])
    dtype = ("float16", "bfloat16")[seed % 2]
    P = int(rng.choice([3, 8, 16, 40, 64]))
    l = 16 * int(rng.integers(1, 5))
    d = 16 * int(rng.integers(1, l // 16 + 1))
    N, D = int(rng.integers(1, 6)), 16 * int(rng.integers(1, 9))
    batches, pages = int(rng.integers(1, 40)), -(-(l + 3 * d) // P)
    case = _hostile(rng, paged(rng, dtype, P, N, D, l, d, batches, pages, int(rng.integers(1, 2 * batches + 2))))
    want, _ = case.expected()
    cpu, simulator = _run(case, "cpu"), _run(case, "simulator")
    np.testing.assert_array_equal(cpu, simulator)
    np.testing.assert_array_equal(cpu, want)
