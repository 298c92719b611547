"""Numpy golden of NsaCompressWithCache (nsa_compress_with_cache/docs/design.md): which batches
write which cache row, and the windows they write, gathered token by token through the block
table (or from the packed TND tokens). The window sums are the forward op's ordered golden
(tests/st/nsa_compress/golden.py), called on the gathered windows: the decode op promises the
forward's bits for the same window, so the two share one arithmetic.

Which batches write (the contract's rules, read independently of the kernel):
- batch b is due when its length L_b >= l and (L_b - l) % d == 0;
- a negative slot skips b; a slot >= R skips b;
- a page id of the window outside [0, blocks) skips b (paged);
- when several due batches name one slot, only the highest-index one writes it (a later due batch
  with that slot takes the row even when it is itself skipped for a bad page).
"""
import numpy as np

from ..nsa_compress.golden import ordered_golden


def batch_lengths(act_seq_len, seq_type):
    """Per-batch lengths of a list of lengths (type 1) or cumulative ends (type 0)."""
    values = np.asarray(act_seq_len, dtype=np.int64)
    return values if seq_type == 1 else np.diff(np.concatenate([[0], values]))


def is_due(length, l, d):
    return length >= l and (length - l) % d == 0


def writers(lengths, slots, table, pages, rows, l, d, page_size):
    """[(batch, slot)] of the batches whose windows the op writes, by the rules above."""
    due = [b for b, length in enumerate(lengths) if is_due(int(length), l, d)]
    result = []
    for b in due:
        slot = int(slots[b])
        if slot < 0 or slot >= rows:
            continue
        if any(int(slots[later]) == slot for later in due if later > b):
            continue
        if table is not None:
            start = int(lengths[b]) - l
            entries = range(start // page_size, (start + l - 1) // page_size + 1)
            if any(entry >= table.shape[1] or not 0 <= int(table[b, entry]) < pages for entry in entries):
                continue
        result.append((b, slot))
    return result


def paged_window(pool, table, batch, length, l, page_size):
    """Tokens [length - l, length) of `batch`, [l, N, D], each from its page of `pool`."""
    tokens = range(length - l, length)
    return np.stack([pool[table[batch, t // page_size], t % page_size] for t in tokens])


def window_of(pool, table, lengths, batch, l, page_size):
    """The batch's last window: through the block table, or from packed TND tokens."""
    length = int(lengths[batch])
    if table is not None:
        return paged_window(pool, table, batch, length, l, page_size)
    offset = int(np.sum(lengths[:batch]))
    return pool[offset + length - l:offset + length]


def golden_cache(cache_view, pool, weight, table, act_seq_len, seq_type, slots, l, d, dtype):
    """The cache view's bits after the call: the written rows replaced, every other one kept."""
    lengths = batch_lengths(act_seq_len, seq_type)
    page_size = pool.shape[1] if table is not None else 0
    pages = pool.shape[0] if table is not None else 0
    written = writers(lengths, slots, table, pages, cache_view.shape[0], l, d, page_size)
    expected = np.array(cache_view, copy=True)
    if not written:
        return expected, written
    windows = np.concatenate([window_of(pool, table, lengths, b, l, page_size) for b, _ in written])
    ends = np.arange(1, len(written) + 1, dtype=np.int64) * l
    rows = ordered_golden(windows, weight, ends, l, d, dtype)
    for (_, slot), row in zip(written, rows):
        expected[slot] = row
    return expected, written
