"""The sequences of an NSA op's input, as every op's golden reads them: actSeqLen as cumulative
ends, the batched layouts' batches as [B, S, N, D] views and valid lengths, the sequences packed
back to back, and the windows of the packed sequences in output order (start token, sequence,
window index), all with numpy array operations."""
import numpy as np

from .layouts import BATCHED_LAYOUTS, axes


def cumulative_ends(act_seq_len, seq_type):
    """actSeqLen as cumulative ends: type 0 already is, type 1 (lengths) is turned into a cumsum."""
    values = np.asarray(act_seq_len, dtype=np.int64).reshape(-1)
    return np.cumsum(values) if seq_type == 1 else values


def as_bsnd(x, layout, heads):
    """A batched layout's logical input as [B, S, N, D] (a numpy view where the layout allows one).
    BSH and SBH hold H = N * D with the heads outermost: h = n * D + e."""
    x = np.asarray(x)
    if layout not in BATCHED_LAYOUTS:
        raise ValueError(f"{layout!r} is not a batched layout ({', '.join(BATCHED_LAYOUTS)})")
    order = axes(layout)
    if "H" in order:
        h = order.index("H")
        x = x.reshape(x.shape[:h] + (heads, x.shape[h] // heads) + x.shape[h + 1:])
        order = order[:h] + ("N", "D") + order[h + 1:]
    return x.transpose([order.index(axis) for axis in "BSND"])


def batch_lengths(act_seq_len, seq_type, B, S):
    """The valid length of each batch: actSeqLen's lengths (type 1) or the steps of its cumulative
    sums (type 0); every batch is full (S) when actSeqLen is None (a null list)."""
    if act_seq_len is None:
        return np.full(B, S, dtype=np.int64)
    values = np.asarray(act_seq_len, dtype=np.int64).reshape(-1)
    lengths = values if seq_type == 1 else np.diff(values, prepend=0)
    if lengths.size != B or lengths.min(initial=0) < 0 or lengths.max(initial=0) > S:
        raise ValueError(f"actSeqLen {values.tolist()} (type {seq_type}) does not give {B} lengths in [0, {S}]")
    return lengths


def packed_sequences(x, layout, act_seq_len, seq_type, heads):
    """(tokens [T, N, D], cumulative ends): the input's sequences packed back to back, in order.
    TND already is; a batched layout contributes the first len_b tokens of batch b."""
    if layout == "TND":
        return np.asarray(x), cumulative_ends(act_seq_len, seq_type)
    bsnd = as_bsnd(x, layout, heads)
    B, S, N, D = bsnd.shape
    lengths = batch_lengths(act_seq_len, seq_type, B, S)
    tokens = np.concatenate([bsnd[b, :lengths[b]] for b in range(B)] + [np.zeros((0, N, D), bsnd.dtype)])
    return tokens, np.cumsum(lengths)


def windows(ends, l, d):
    """(start token, sequence index, window index) of every output row, in output order.

    Sequence b covers [ends[b-1], ends[b]) and yields floor((L_b - l) / d) + 1 windows when
    L_b >= l, else none; all of it is computed with array operations.
    """
    ends = np.asarray(ends, dtype=np.int64).reshape(-1)
    begins = np.concatenate(([0], ends[:-1])).astype(np.int64)
    lengths = ends - begins
    counts = np.where(lengths >= l, (lengths - l) // d + 1, 0)
    sequence = np.repeat(np.arange(ends.size, dtype=np.int64), counts)
    first_row = np.cumsum(counts) - counts
    window = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(first_row, counts)
    return begins[sequence] + window * d, sequence, window


def window_starts(ends, l, d):
    return windows(ends, l, d)[0]


def output_rows(ends, l, d):
    """K: the number of output rows."""
    return int(window_starts(ends, l, d).size)
