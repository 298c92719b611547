"""The V2 golden (golden.py) against what it must agree with before any V2 kernel is compared
with it: the first entry point's golden for one-token steps with one slot column (two independent
statements of the writer rules), the forward op's windows for a prefill, and itself for a prefill
split into chunks."""
import numpy as np
import pytest

from ..nsa_compress_with_cache.golden import golden_cache
from .golden import emitted_windows, golden_caches, window_writers
from ..nsa_compress.golden import ordered_golden
from ..nsa_harness.numerics import to_bits

N, D, PAGE = 2, 16, 16


def random_pool(rng, pages, dtype):
    return to_bits(rng.standard_normal((pages, PAGE, N, D)).astype(np.float32), dtype)


def random_weight(rng, l, dtype):
    return to_bits(rng.standard_normal((l, N)).astype(np.float32), dtype)


@pytest.mark.parametrize("seed", range(6))
def test_one_token_steps_with_one_slot_column_are_the_first_entry_point(seed):
    rng = np.random.default_rng(seed)
    l, d, pages, batches, rows = 32, 16, 24, 40, 9
    pool, weight = random_pool(rng, pages, "float16"), random_weight(rng, l, "float16")
    # Half the batches complete a window; slots collide, some are negative or past the cache; a few
    # pages lie outside the pool.
    due = l + d * rng.integers(0, 3, batches)
    lengths = np.where(rng.random(batches) < 0.5, due, rng.integers(0, 4 * PAGE + 1, batches))
    slots = rng.integers(-2, rows + 2, batches)
    table = rng.integers(0, pages, (batches, 4))
    table[rng.integers(0, batches, 3), rng.integers(0, 4, 3)] = rng.choice([-1, pages], 3)
    cache = to_bits(rng.standard_normal((rows, N, D)).astype(np.float32), "float16")
    first, first_written = golden_cache(cache, pool, weight, table, lengths, 1, slots, l, d, "float16")
    (second,), second_written = golden_caches([cache], [pool], [weight], table, lengths - 1, lengths,
                                              slots[:, None], l, d, "float16")
    assert [(b, slot) for b, _, slot in second_written] == first_written
    assert len(first_written) > 0
    np.testing.assert_array_equal(second, first)


def prefill_case(seed, dtype):
    """Batches with their own pages, a table in shuffled page order, and a slot table giving window
    i of batch b the row offsets[b] + i (what a caller derives from the window index)."""
    rng = np.random.default_rng(seed)
    l, d = 48, 16
    lengths = rng.integers(l, 5 * PAGE + 1, 5)
    per_batch = 6
    pages = np.arange(per_batch * lengths.size)
    rng.shuffle(pages)
    table = pages.reshape(lengths.size, per_batch)
    counts = np.array([len(emitted_windows(0, int(length), l, d)) for length in lengths])
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rows = int(counts.sum())
    pool = random_pool(rng, pages.size, dtype)
    weight = random_weight(rng, l, dtype)
    return l, d, lengths, table, offsets, rows, pool, weight


def slot_columns(prev, lengths, offsets, l, d, columns):
    slots = np.full((lengths.size, columns), -1, np.int64)
    for b in range(lengths.size):
        for k, i in enumerate(emitted_windows(int(prev[b]), int(lengths[b]), l, d)):
            slots[b, k] = offsets[b] + i
    return slots


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_a_prefill_writes_the_forward_op_windows(dtype):
    l, d, lengths, table, offsets, rows, pool, weight = prefill_case(3, dtype)
    prev = np.zeros_like(lengths)
    cache = np.zeros((rows, N, D), np.uint16)
    (written,), writers = golden_caches([cache], [pool], [weight], table, prev, lengths,
                                        slot_columns(prev, lengths, offsets, l, d, 8), l, d, dtype)
    assert len(writers) == rows
    tokens = np.concatenate([pool[table[b]].reshape(-1, N, D)[:length] for b, length in enumerate(lengths)])
    forward = ordered_golden(tokens, weight, np.cumsum(lengths), l, d, dtype)
    np.testing.assert_array_equal(written, forward)


@pytest.mark.parametrize("seed", range(4))
def test_a_chunked_prefill_writes_what_one_shot_prefill_writes(seed):
    l, d, lengths, table, offsets, rows, pool, weight = prefill_case(seed, "bfloat16")
    rng = np.random.default_rng(100 + seed)
    cache = np.zeros((rows, N, D), np.uint16)
    zero = np.zeros_like(lengths)
    (one_shot,), _ = golden_caches([cache], [pool], [weight], table, zero, lengths,
                                   slot_columns(zero, lengths, offsets, l, d, 8), l, d, "bfloat16")
    chunked, prev = cache, zero
    while np.any(prev < lengths):
        step = np.minimum(prev + rng.integers(1, 40, lengths.size), lengths)
        (chunked,), _ = golden_caches([chunked], [pool], [weight], table, prev, step,
                                      slot_columns(prev, step, offsets, l, d, 8), l, d, "bfloat16")
        prev = step
    np.testing.assert_array_equal(chunked, one_shot)


def test_the_writer_rules_on_a_hand_made_step():
    """l=32, d=16, two slot columns. Batch 0 (0 -> 64) emits windows 0, 1, 2, the third past the
    columns; batch 1 (47 -> 48) window 1; batch 2 (62 -> 64) window 2, its row past R=4; batch 3
    (70 -> 60) is a broken pair. Row 3 is named by batch 0's window 0 and then batch 1's window 1,
    which takes it; batch 3's row 0 is never named by a window."""
    prev, lengths = np.array([0, 47, 62, 70]), np.array([64, 48, 64, 60])
    slots = np.array([[3, 1], [3, -1], [9, 0], [0, 0]])
    table = np.arange(16).reshape(4, 4)
    written = window_writers(prev, lengths, slots, table, 16, 4, 32, 16, 16)
    assert written == [(0, 1, 1), (1, 1, 3)]
