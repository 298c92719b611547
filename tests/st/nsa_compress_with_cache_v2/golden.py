"""Numpy golden of aclnnNsaCompressWithCacheV2 (nsa_compress_with_cache/docs/aclnnNsaCompressWithCacheV2.md):
which windows a step emits, which of them write which cache row, and the caches after the step.
The windows are gathered through the block table (the first entry point's golden.paged_window) and
summed by the forward op's ordered golden, so the first entry point, the forward op and V2 share one
arithmetic.

The rules, read from the reference independently of any kernel:
- batch b emits the windows i whose end i*d + l lies in (prev_b, L_b], in ascending i; the k-th
  goes to row slots[b, k];
- prev_b < 0 or L_b < prev_b: the batch emits nothing;
- k >= S, a negative slot, a slot >= R, or a page of the window outside the pool or past the
  table's row: the window does not write;
- several windows naming one row: the last in (batch, k) order takes it, even when it is itself
  skipped for a bad page.
"""
import numpy as np

from ..nsa_compress_with_cache.golden import paged_window
from ..nsa_compress.golden import ordered_golden


def emitted_windows(prev, length, l, d):
    """The window indices ending in (prev, length], ascending; none for a broken pair."""
    if prev < 0 or length < prev or length < l:
        return range(0)
    first = max(prev + 1 - l, 0)
    return range((first + d - 1) // d, (length - l) // d + 1)


def window_pages_inside(table, batch, start, l, page_size, pages):
    entries = range(start // page_size, (start + l - 1) // page_size + 1)
    return all(entry < table.shape[1] and 0 <= int(table[batch, entry]) < pages for entry in entries)


def named_windows(prev, lengths, slots, l, d):
    """[(batch, window, slot)] of every emitted window with a slot column, in (batch, k) order."""
    named = []
    for b, length in enumerate(lengths):
        for k, i in enumerate(emitted_windows(int(prev[b]), int(length), l, d)):
            if k < slots.shape[1]:
                named.append((b, i, int(slots[b, k])))
    return named


def window_writers(prev, lengths, slots, table, pages, rows, l, d, page_size):
    """[(batch, window, slot)] of the windows the step writes, by the rules above."""
    named = [entry for entry in named_windows(prev, lengths, slots, l, d) if 0 <= entry[2] < rows]
    last_of_slot = {slot: position for position, (_, _, slot) in enumerate(named)}
    return [(b, i, slot) for position, (b, i, slot) in enumerate(named)
            if last_of_slot[slot] == position and window_pages_inside(table, b, i * d, l, page_size, pages)]


def golden_caches(caches, pools, weights, table, prev, lengths, slots, l, d, dtype):
    """Each cache's bits after the step (one per pool: K, or K and V), and the writers."""
    page_size, pages = pools[0].shape[1], pools[0].shape[0]
    written = window_writers(prev, lengths, np.asarray(slots), table, pages, caches[0].shape[0], l, d, page_size)
    results = []
    for cache, pool, weight in zip(caches, pools, weights):
        expected = np.array(cache, copy=True)
        if written:
            tokens = np.concatenate([paged_window(pool, table, b, i * d + l, l, page_size) for b, i, _ in written])
            ends = np.arange(1, len(written) + 1, dtype=np.int64) * l
            for (_, _, slot), row in zip(written, ordered_golden(tokens, weight, ends, l, d, dtype)):
                expected[slot] = row
        results.append(expected)
    return results, written
