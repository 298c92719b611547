"""Numpy goldens of NsaCompressGrad (nsa_compress_grad/docs/design.md, "Arithmetic contract"),
vectorised over tokens, windows, heads and dims.

- input_grad / weight_grad: the bit-exact contract. Every float32 operation is one numpy float32
  ufunc (`a * b`, `a + b`), rounded once, never fused, in the contract's order:
  inputGrad: per token, its windows in ascending order, acc = +0 + p_0 + p_1 ...;
  weightGrad: per group of G windows and lane e, acc = +0 + p_first + ...; the D lanes reduced by
  adding the D/8 blocks of 8 into block 0 in ascending order, then lanes m + (m+4), m + (m+2),
  0 + 1; the groups' partials added to +0 in ascending group order; one RNE cast each.
- input_grad_float64 / weight_grad_float64: the (nearly) exact sums and the sums of the products'
  magnitudes, and the tolerances of the design's error bound.

The packed functions take a TND input (tokens [T, N, D], cumulative ends); layout_* take any
layout and return inputGrad in the input's own shape (padding tokens: +0).
"""
import numpy as np

from ..nsa_harness.numerics import to_bits, to_float32, ulp
from ..nsa_harness.sequences import as_bsnd, batch_lengths, packed_sequences, windows

# Windows per weightGrad group: a constant of the contract, shared with the kernel's tiling.
GROUP_WINDOWS = 16
# Elements one vectorised step may hold (the goldens chunk larger problems).
_CHUNK_ELEMENTS = 1 << 24


# The sums' warnings are silenced: inf - inf and inf * 0 are NaN by contract, and np.where
# evaluates the sums of the lanes it then discards, which may overflow.
def _quiet():
    return np.errstate(invalid="ignore", over="ignore")



def group_count(K):
    return -(-int(K) // GROUP_WINDOWS)


def token_windows(ends, l, d):
    """For every packed token t: (first output row of its sequence, row r in its sequence, the
    first and last window index i of its sequence covering it; last < first when none)."""
    ends = np.asarray(ends, dtype=np.int64).reshape(-1)
    T = int(ends[-1]) if ends.size else 0
    begins = np.concatenate(([0], ends[:-1])).astype(np.int64)
    lengths = ends - begins
    counts = np.where(lengths >= l, (lengths - l) // d + 1, 0)
    first_row = np.cumsum(counts) - counts
    t = np.arange(T, dtype=np.int64)
    seq = np.searchsorted(ends, t, side="right")          # the sequence with begin <= t < end
    r = t - begins[seq]
    first = np.where(r < l, 0, (r - l) // d + 1)           # nsa::FirstOpenWindow
    last = np.minimum(r // d, counts[seq] - 1)             # LastStartedWindow, clamped to K_b - 1
    return first_row[seq], r, first, last


@_quiet()
def _input_grad_sum(dy, w, ends, l, d, dtype_acc):
    """(sum, magnitude) [T, N, D] in dtype_acc, windows in ascending order, starting from +0."""
    T = int(np.asarray(ends).reshape(-1)[-1]) if np.asarray(ends).size else 0
    N, D = w.shape[1], dy.shape[2] if dy.ndim == 3 else 0
    acc = np.zeros((T, N, D), dtype=dtype_acc)
    magnitude = np.zeros_like(acc)
    if dy.shape[0] == 0 or T == 0:
        return acc, magnitude
    row0, r, first, last = token_windows(ends, l, d)
    for k in range(-(-l // d)):                            # at most ceil(l / d) windows per token
        i = first + k
        valid = (i <= last)[:, None, None]
        o = np.where(i <= last, row0 + i, 0)
        j = np.where(i <= last, r - i * d, 0)
        product = w[j][:, :, None] * dy[o]                 # one rounding in dtype_acc
        acc = np.where(valid, acc + product, acc)          # one rounding; untouched when invalid
        magnitude = np.where(valid, magnitude + np.abs(product), magnitude)
    return acc, magnitude


def input_grad(dy_bits, w_bits, ends, l, d, dtype):
    """inputGrad bits [T, N, D] of the packed tokens, in the contract's order."""
    dy = to_float32(dy_bits, dtype)
    w = to_float32(w_bits, dtype)
    acc, _ = _input_grad_sum(dy, w, ends, l, d, np.float32)
    return to_bits(acc, dtype)


def input_grad_float64(dy_bits, w_bits, ends, l, d, dtype):
    dy = to_float32(dy_bits, dtype).astype(np.float64)
    w = to_float32(w_bits, dtype).astype(np.float64)
    return _input_grad_sum(dy, w, ends, l, d, np.float64)


def reduce_lanes(a):
    """The contract's reduction of the last axis (D lanes, D a multiple of 16) to one value:
    blocks of 8 added into block 0 in ascending order, then m + (m+4), m + (m+2), 0 + 1."""
    D = a.shape[-1]
    blocks = a.reshape(a.shape[:-1] + (D // 8, 8))
    blk = blocks[..., 0, :].copy()
    for k in range(1, D // 8):
        blk = blk + blocks[..., k, :]
    half = blk[..., 0:4] + blk[..., 4:8]
    quarter = half[..., 0:2] + half[..., 2:4]
    return quarter[..., 0] + quarter[..., 1]


def _gathered(x, starts, l):
    """X[start_o + j] for the windows given: [windows, l, N, D]."""
    return x[starts[:, None] + np.arange(l, dtype=np.int64)[None, :]]


@_quiet()
def weight_grad_partials(dy_bits, x_bits, ends, l, d, dtype):
    """P [groups, l, N] (float32): each group's lane sums in ascending window order, reduced."""
    dy = to_float32(dy_bits, dtype)
    x = to_float32(x_bits, dtype)
    starts = windows(ends, l, d)[0]
    K, (N, D) = starts.size, x.shape[1:]
    groups = group_count(K)
    partials = np.zeros((groups, l, N), dtype=np.float32)
    per_group = max(1, l * N * D)
    step = max(1, _CHUNK_ELEMENTS // per_group)
    for g0 in range(0, groups, step):
        g = np.arange(g0, min(groups, g0 + step), dtype=np.int64)
        lanes = np.zeros((g.size, l, N, D), dtype=np.float32)   # a[e] = +0
        for k in range(GROUP_WINDOWS):                           # ascending window order
            o = g * GROUP_WINDOWS + k
            valid = o < K
            if not valid.any():
                break
            oc = np.where(valid, o, 0)
            product = dy[oc][:, None, :, :] * _gathered(x, starts[oc], l)
            lanes = np.where(valid[:, None, None, None], lanes + product, lanes)
        partials[g] = reduce_lanes(lanes)
    return partials


@_quiet()
def combine_groups(partials):
    """The groups' partials added to +0 in ascending group order: [l, N] float32."""
    total = np.zeros(partials.shape[1:], dtype=np.float32)
    for g in range(partials.shape[0]):
        total = total + partials[g]
    return total


def weight_grad(dy_bits, x_bits, ends, l, d, dtype):
    """weightGrad bits [l, N], in the contract's order."""
    return to_bits(combine_groups(weight_grad_partials(dy_bits, x_bits, ends, l, d, dtype)), dtype)


@_quiet()
def weight_grad_float64(dy_bits, x_bits, ends, l, d, dtype):
    """(sum, magnitude) [l, N] in float64 (each product of two 16-bit values is exact)."""
    dy = to_float32(dy_bits, dtype).astype(np.float64)
    x = to_float32(x_bits, dtype).astype(np.float64)
    starts = windows(ends, l, d)[0]
    N, D = x.shape[1:]
    total = np.zeros((l, N))
    magnitude = np.zeros((l, N))
    step = max(1, _CHUNK_ELEMENTS // max(1, l * N * D))
    for o0 in range(0, starts.size, step):
        o = np.arange(o0, min(starts.size, o0 + step))
        product = dy[o][:, None, :, :] * _gathered(x, starts[o], l)
        total += product.sum(axis=(0, 3))
        magnitude += np.abs(product).sum(axis=(0, 3))
    return total, magnitude


def input_grad_tolerance(g, magnitude, l, d, dtype):
    """ulp_out(g) + (ceil(l/d) + 1) * 2^-23 * magnitude (design.md, "Error bound")."""
    return ulp(g, dtype) + (-(-l // d) + 1) * 2.0 ** -23 * magnitude


def weight_grad_tolerance(g, magnitude, K, D, dtype):
    """ulp_out(g) + (min(G, K) + 1 + (D/8 - 1) + 3 + ceil(K/G)) * 2^-23 * magnitude."""
    roundings = min(GROUP_WINDOWS, K) + 1 + (D // 8 - 1) + 3 + group_count(K)
    return ulp(g, dtype) + roundings * 2.0 ** -23 * magnitude


# --- layouts ---------------------------------------------------------------------------------

def from_bsnd(bsnd, layout):
    """A [B, S, N, D] array in the batched layout's own shape (the inverse of as_bsnd)."""
    B, S, N, D = bsnd.shape
    if layout == "BSND":
        return bsnd
    if layout == "BNSD":
        return np.ascontiguousarray(bsnd.transpose(0, 2, 1, 3))
    if layout == "BSH":
        return bsnd.reshape(B, S, N * D)
    if layout == "SBH":
        return np.ascontiguousarray(bsnd.transpose(1, 0, 2, 3)).reshape(S, B, N * D)
    raise ValueError(f"{layout!r} is not a batched layout")


def unpack_tokens(packed, x_shape, layout, act_seq_len, seq_type, heads):
    """Packed per-token rows [T, N, D] put back where the input's tokens are; padding gets 0."""
    if layout == "TND":
        return packed
    shape = as_bsnd(np.zeros(x_shape, dtype=np.uint8), layout, heads).shape
    B, S = shape[0], shape[1]
    lengths = batch_lengths(act_seq_len, seq_type, B, S)
    bsnd = np.zeros(shape, dtype=packed.dtype)
    begin = 0
    for b in range(B):
        bsnd[b, :lengths[b]] = packed[begin:begin + lengths[b]]
        begin += int(lengths[b])
    return from_bsnd(bsnd, layout)


def layout_grads(dy_bits, x_bits, w_bits, layout, act_seq_len, seq_type, l, d, dtype):
    """(inputGrad bits in input's shape, weightGrad bits [l, N]) of the contract, any layout."""
    heads = np.asarray(w_bits).shape[1]
    tokens, ends = packed_sequences(x_bits, layout, act_seq_len, seq_type, heads)
    packed = input_grad(dy_bits, w_bits, ends, l, d, dtype)
    return (unpack_tokens(packed, np.asarray(x_bits).shape, layout, act_seq_len, seq_type, heads),
            weight_grad(dy_bits, tokens, ends, l, d, dtype))


def layout_grads_float64(dy_bits, x_bits, w_bits, layout, act_seq_len, seq_type, l, d, dtype):
    """((g, magnitude) of inputGrad in input's shape, (g, magnitude) of weightGrad)."""
    heads = np.asarray(w_bits).shape[1]
    tokens, ends = packed_sequences(x_bits, layout, act_seq_len, seq_type, heads)
    shape = np.asarray(x_bits).shape
    g, m = input_grad_float64(dy_bits, w_bits, ends, l, d, dtype)
    return ((unpack_tokens(g, shape, layout, act_seq_len, seq_type, heads),
             unpack_tokens(m, shape, layout, act_seq_len, seq_type, heads)),
            weight_grad_float64(dy_bits, tokens, ends, l, d, dtype))

