"""The data of a grad case: outputGrad [K, N, D], the packed input tokens [T, N, D] and the
weight [l, N] as float32 values of one kind (rounded to the dtype by the caller), and the packed
tokens placed into a batched layout with NaN padding.

Kinds:
- random: magnitudes spread over 2^-6 .. 2^6, so that float32 sums round often.
- ones: every value 1 (inputGrad counts windows, weightGrad is K * D).
- integers: small integers: exact products and sums, so a wrong token, window or head shows plainly.
- extreme: signed zeros, subnormals and magnitudes whose sums overflow the output dtype.
- negative-zeros: outputGrad is -0 on the even heads and the input and weight are positive there,
  so every product of those heads is -0 and the contract's +0 + (-0) + ... gives +0; a kernel that
  starts from -0 or assigns the first product writes 0x8000.
- cancel: spikes that cancel in exact arithmetic, so the float32 order of both sums shows in the
  16-bit results (see _cancelling).
- specials: NaNs, infinities, subnormals and final-cast overflow, each on its own heads (see
  _special).
"""
import numpy as np

from .golden import from_bsnd
from ..nsa_harness import special_values
from ..nsa_harness.numerics import to_bits, to_float32

VALUE_KINDS = ("random", "ones", "integers", "extreme", "negative-zeros", "cancel", "specials")
# Quiet NaNs: a padding token the kernel reads turns weightGrad into NaN.
NAN_BITS = {"float16": 0x7E00, "bfloat16": 0x7FC0}
# The magnitudes of the cancel kind: (small low, small high, spike low, spike high) exponents.
# A spike must be about 2^13 (float16) or 2^15 (bfloat16) times the small sum it wipes out for the
# loss to reach the 16-bit result; float16's spikes stay small enough that sums do not overflow.
CANCEL_EXPONENTS = {"float16": (-10, -6, 3, 9), "bfloat16": (-10, -4, 10, 24)}
SPIKE_SHARE = 0.4


def values(kind, dtype, geometry, rng):
    """float32 (outputGrad [K, N, D], tokens [T, N, D], weight [l, N]) of one kind.

    `geometry` gives N, D, l, d, the packed sequences' lengths (lengths()) and the windows (starts
    and the window index inside its sequence: windows())."""
    N, D, l = geometry.N, geometry.D, geometry.l
    starts, _, index = geometry.windows()
    shapes = {"dy": (starts.size, N, D), "x": (int(sum(geometry.lengths)), N, D), "w": (l, N)}
    if kind == "ones":
        return tuple(np.ones(shapes[name], np.float32) for name in ("dy", "x", "w"))
    if kind == "integers":
        return (rng.integers(-4, 5, shapes["dy"]).astype(np.float32),
                rng.integers(-8, 9, shapes["x"]).astype(np.float32),
                rng.integers(-4, 5, shapes["w"]).astype(np.float32))
    if kind == "extreme":
        return _extreme(dtype, shapes, rng)
    if kind == "random":
        def spread(shape):
            return (rng.standard_normal(shape, dtype=np.float32) *
                    np.exp2(rng.integers(-6, 7, shape)).astype(np.float32))
        w = rng.uniform(-1.0, 1.0, shapes["w"]).astype(np.float32) * \
            np.exp2(rng.integers(-3, 2, shapes["w"])).astype(np.float32)
        return spread(shapes["dy"]), spread(shapes["x"]), w
    if kind == "negative-zeros":
        dy = rng.standard_normal(shapes["dy"]).astype(np.float32)
        dy[:, 0::2, :] = -0.0
        return (dy, rng.uniform(0.25, 2.0, shapes["x"]).astype(np.float32),
                rng.uniform(0.25, 2.0, shapes["w"]).astype(np.float32))
    if kind == "cancel":
        return _cancelling(dtype, geometry, shapes, starts, index, rng)
    if kind == "specials":
        return _special(dtype, geometry.N, shapes, rng)
    raise ValueError(f"unknown value kind {kind!r} (one of {VALUE_KINDS})")


def _extreme(dtype, shapes, rng):
    if dtype == "float16":
        # Signed zeros, subnormals, and sums past 65504 (inf).
        dy_set = [0.0, -0.0, 6e-8, -3e-6, 1e-4, 6e4, -6e4, 1.5, -2.25]
        x_set = [0.0, -0.0, 6e-8, 3e-5, -1e-4, 2e4, -3e4, 0.75, -2.0]
        w_set = [-0.0, 0.5, -1.0, 2.0, 3e-5, 6e-8]
    else:
        # Signed zeros, products below float32's normal range (2e-40), and large magnitudes whose
        # products (1e30) and sums stay finite in float32, so that no inf - inf makes a NaN.
        dy_set = [0.0, -0.0, 1e-20, -3e-19, 1e15, -2e15, 1.5, -2.25, 1e-39]
        x_set = [0.0, -0.0, 2e-20, 5e-19, -1e15, 3e14, 0.75, -2.0, 1e-39]
        w_set = [-0.0, 0.5, -1.0, 2.0, 1e-20, 3e5]
    return tuple(rng.choice(np.array(choices, np.float32), size=shapes[name])
                 for name, choices in (("dy", dy_set), ("x", x_set), ("w", w_set)))


def _special(dtype, N, shapes, rng):
    """NaNs, infinities, subnormals and final-cast overflow on their own heads
    (nsa_harness/special_values.py), over moderate values that cannot overflow float32:
    - NaN heads: some NaNs of any sign and payload in outputGrad and the input;
    - infinity heads: +-inf in outputGrad, weights of both signs and some zero, inputs some zero,
      so that both gradients hold +inf, -inf, inf - inf = NaN and inf * 0 = NaN;
    - subnormal heads: half of outputGrad, the input and the weight subnormals of the dtype;
    - overflow heads: input and weight 1 and outputGrad zero but for column 0 of windows 0, 1 and
      2, which hold P, Q and NUDGE * P (the head's sign): weightGrad sums past the overflow
      threshold, and so does inputGrad where windows 0 and 1 overlap (P + Q, a tie that rounds to
      infinity).
    """
    def moderate(shape):
        return rng.standard_normal(shape).astype(np.float32) * np.exp2(rng.integers(-4, 5, shape)).astype(np.float32)

    dy, x = moderate(shapes["dy"]), moderate(shapes["x"])
    w = special_values.sprinkle(rng.uniform(-1.0, 1.0, shapes["w"]).astype(np.float32),
                                np.zeros(shapes["w"], np.float32), 0.15, rng)
    nan_heads = special_values.heads_of(special_values.NAN_HEADS, N)
    dy[:, nan_heads] = special_values.sprinkle(dy[:, nan_heads], special_values.nans(dy[:, nan_heads].shape, rng),
                                               0.05, rng)
    x[:, nan_heads] = special_values.sprinkle(x[:, nan_heads], special_values.nans(x[:, nan_heads].shape, rng),
                                              0.01, rng)
    inf_heads = special_values.heads_of(special_values.INFINITY_HEADS, N)
    dy[:, inf_heads] = special_values.sprinkle(dy[:, inf_heads], special_values.infinities(dy[:, inf_heads].shape, rng),
                                               0.1, rng)
    x[:, inf_heads] = special_values.sprinkle(x[:, inf_heads], np.zeros(x[:, inf_heads].shape, np.float32), 0.1, rng)
    sub_heads = special_values.heads_of(special_values.SUBNORMAL_HEADS, N)
    for name, array in (("dy", dy), ("x", x), ("w", w)):
        part = array[:, sub_heads]
        array[:, sub_heads] = special_values.sprinkle(part * np.float32(2.0 ** -8),
                                                      special_values.subnormals(dtype, part.shape, rng), 0.5, rng)
    over_heads = special_values.heads_of(special_values.OVERFLOW_HEADS, N)
    big, half_largest = special_values.overflow_pair(dtype)
    signs = np.where(over_heads // special_values.HEAD_CLASSES % 2 == 0, 1.0, -1.0).astype(np.float32)
    x[:, over_heads], w[:, over_heads], dy[:, over_heads] = 1.0, 1.0, 0.0
    for o, value in enumerate((big, half_largest, big * np.float32(special_values.NUDGE))[:shapes["dy"][0]]):
        dy[o, over_heads, 0] = signs * value
    return dy, x, w


def _spikes(dtype, shape, low, high, rng):
    """Random-signed values of magnitude 2^low .. 2^high, exact in `dtype` (so -spike is too)."""
    spikes = (rng.choice([-1.0, 1.0], shape) * rng.uniform(1.0, 1.9, shape) *
              np.exp2(rng.integers(low, high + 1, shape))).astype(np.float32)
    return to_float32(to_bits(spikes, dtype), dtype)


def _cancelling(dtype, geometry, shapes, starts, index, rng):
    """Small values with spikes that cancel in pairs: the odd heads for inputGrad, the even heads
    for weightGrad (which sums a head's D columns, so the two structures must not share a head).

    The weight is constant per head. Windows pair up inside their sequence (i even with i + 1).
    - inputGrad (odd heads): some columns of a pair's outputGrad rows carry +Y and -Y. A token
      covered by both windows of a pair gets c*Y - c*Y = 0 exactly, but added in the contract's
      order after the small product of an earlier window, the pair wipes the low bits of that
      partial sum, which another order (or an fp32 workspace summed by atomics) keeps.
    - weightGrad (even heads): a pair's outputGrad rows are equal, and tokens pair up from each
      sequence's start (r with r + d, r // d even), some carrying +H and -H. For j with j // d
      even, window i reads token r and window i + 1 token r + d: the products cancel inside the
      group's lane sums, or across two groups' partials when the pair straddles a group boundary,
      again wiping whatever small sum came before. A window without a partner (the last of a
      sequence with an odd count) gets +0 there.
    """
    small_low, small_high, spike_low, spike_high = CANCEL_EXPONENTS[dtype]

    def small(shape):
        return (rng.standard_normal(shape).astype(np.float32) *
                np.exp2(rng.integers(small_low, small_high + 1, shape)).astype(np.float32))

    dy, x = small(shapes["dy"]), small(shapes["x"])
    w = np.repeat(to_float32(to_bits(rng.uniform(0.5, 2.0, (1, geometry.N)), dtype), dtype), geometry.l, axis=0)
    # Window pairs (o, o + 1) of one sequence: o with an even index i whose next window exists.
    o = np.flatnonzero((index % 2 == 0) & (np.append(index[1:], 0) == index + 1))
    heads = np.arange(geometry.N)[:, None]
    odd, even = heads % 2 == 1, heads % 2 == 0
    spikes = _spikes(dtype, (o.size, geometry.N, geometry.D), spike_low, spike_high, rng)
    chosen = (rng.random(spikes.shape) < SPIKE_SHARE) & odd
    dy[o] = np.where(chosen, spikes, dy[o])
    dy[o + 1] = np.where(chosen, -spikes, np.where(even, dy[o], dy[o + 1]))
    # A sequence's last window without a partner would read spikes nothing cancels, and its
    # products would drown the small sums: its even heads' outputGrad is +0.
    unpaired = np.setdiff1d(np.arange(index.size), np.concatenate((o, o + 1)))
    dy[unpaired[:, None], np.flatnonzero(even[:, 0])[None, :]] = 0.0
    # Token pairs (t, t + d) of one sequence, t's offset r with r // d even.
    lengths = np.asarray(geometry.lengths, dtype=np.int64)
    begins = np.repeat(np.cumsum(lengths) - lengths, lengths)
    offset = np.arange(shapes["x"][0], dtype=np.int64) - begins
    ends = np.repeat(np.cumsum(lengths), lengths)
    t = np.flatnonzero((offset // geometry.d % 2 == 0) & (np.arange(shapes["x"][0]) + geometry.d < ends))
    spikes = _spikes(dtype, (t.size, geometry.N, geometry.D), spike_low, spike_high, rng)
    chosen = (rng.random(spikes.shape) < SPIKE_SHARE) & even
    x[t] = np.where(chosen, spikes, x[t])
    x[t + geometry.d] = np.where(chosen, -spikes, x[t + geometry.d])
    return dy, x, w


def place_tokens(tokens_bits, layout, lengths, S, dtype):
    """The packed tokens' bits [T, N, D] in the layout's shape: TND as they are; a batched layout
    holds batch b's len_b tokens first, then NaN padding up to S."""
    if layout == "TND":
        return tokens_bits
    N, D = tokens_bits.shape[1:]
    bsnd = np.full((len(lengths), S, N, D), NAN_BITS[dtype], dtype=np.uint16)
    begin = 0
    for b, length in enumerate(lengths):
        bsnd[b, :length] = tokens_bits[begin:begin + length]
        begin += length
    return from_bsnd(bsnd, layout)
