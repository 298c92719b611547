"""The grad goldens against a scalar reference that reads the contract literally (small sizes),
the float64 bound, the zero gradients, the layouts, and that a golden summing in another order
(or with boundaries that move with the core count) is caught by the bit-exact comparison."""
import numpy as np
import pytest

from .golden import (GROUP_WINDOWS, combine_groups, from_bsnd, group_count, input_grad, input_grad_float64,
                         input_grad_tolerance, layout_grads, layout_grads_float64, reduce_lanes,
                         token_windows, weight_grad, weight_grad_float64, weight_grad_partials,
                         weight_grad_tolerance)
from ..nsa_harness.numerics import to_bits, to_float32
from ..nsa_harness.sequences import as_bsnd, batch_lengths, windows

DTYPES = ["float16", "bfloat16"]
f32 = np.float32


def _random_bits(rng, shape, dtype, spread=6):
    values = rng.standard_normal(shape).astype(np.float32) * np.exp2(rng.integers(-spread, spread + 1, shape))
    return to_bits(values.astype(np.float32), dtype)


def _ends(act_seq_len, seq_type):
    return np.cumsum(act_seq_len) if seq_type == 1 else np.asarray(act_seq_len)


def scalar_sequences(act_seq_len, seq_type, l, d):
    """[(begin, length, first output row)] of every sequence, one at a time."""
    out, begin, row = [], 0, 0
    for value in act_seq_len:
        end = begin + value if seq_type == 1 else value
        length = end - begin
        count = (length - l) // d + 1 if length >= l else 0
        out.append((begin, length, row, count))
        begin, row = end, row + count
    return out


def scalar_input_grad(dy_bits, w_bits, act_seq_len, seq_type, l, d, dtype, T):
    """design.md's inputGrad loop, token by token, window by window."""
    dy, w = to_float32(dy_bits, dtype), to_float32(w_bits, dtype)
    N, D = w.shape[1], dy.shape[2]
    out = np.zeros((T, N, D), dtype=np.float32)
    for begin, length, row0, count in scalar_sequences(act_seq_len, seq_type, l, d):
        for r in range(length):
            covering = [i for i in range(count) if i * d <= r < i * d + l]
            for n in range(N):
                for e in range(D):
                    acc = f32(0.0)
                    for i in covering:                                 # ascending
                        acc = f32(acc + f32(w[r - i * d, n] * dy[row0 + i, n, e]))
                    out[begin + r, n, e] = acc
    return to_bits(out, dtype)


def scalar_weight_grad(dy_bits, x_bits, act_seq_len, seq_type, l, d, dtype):
    """design.md's weightGrad steps 1-4, scalar by scalar."""
    dy, x = to_float32(dy_bits, dtype), to_float32(x_bits, dtype)
    N, D = x.shape[1], x.shape[2]
    starts = [begin + i * d for begin, _, _, count in scalar_sequences(act_seq_len, seq_type, l, d)
              for i in range(count)]
    K = len(starts)
    out = np.zeros((l, N), dtype=np.float32)
    for j in range(l):
        for n in range(N):
            s = f32(0.0)
            for g in range((K + GROUP_WINDOWS - 1) // GROUP_WINDOWS):
                a = [f32(0.0)] * D
                for o in range(g * GROUP_WINDOWS, min(K, (g + 1) * GROUP_WINDOWS)):
                    for e in range(D):
                        a[e] = f32(a[e] + f32(dy[o, n, e] * x[starts[o] + j, n, e]))
                blk = a[0:8]
                for k in range(1, D // 8):
                    blk = [f32(blk[m] + a[8 * k + m]) for m in range(8)]
                h = [f32(blk[m] + blk[m + 4]) for m in range(4)]
                q = [f32(h[m] + h[m + 2]) for m in range(2)]
                s = f32(s + f32(q[0] + q[1]))
            out[j, n] = s
    return to_bits(out, dtype)


# Sequence lists: zero-length and short sequences, exact fits, d not dividing l, and more than
# two groups of windows (K > 2 * 16) so that the group boundaries and the group sum matter,
# a group boundary inside a sequence and one at a sequence boundary.
SCALAR_CASES = [
    (0, [10, 10, 60, 93], 32, 16, 16),
    (1, [0, 47, 48, 16, 3], 16, 16, 32),
    (0, [64], 48, 32, 16),
    (1, [700, 5, 600, 1000], 16, 16, 16),     # K = 43 + 37 + 62 = 142: nine groups, across sequences
    (1, [288, 100], 32, 16, 16),              # K = 17 + 5: the second sequence starts in group 1
    (1, [1100, 17], 32, 16, 16),              # K = 67: four groups of 16 and one of 3
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seq_type,act_seq_len,l,d,D", SCALAR_CASES)
def test_goldens_match_scalar_loops(dtype, seq_type, act_seq_len, l, d, D):
    rng = np.random.default_rng(len(act_seq_len) * 7 + l + D)
    ends = _ends(act_seq_len, seq_type)
    T, N = int(ends[-1]), 2
    K = windows(ends, l, d)[0].size
    x = _random_bits(rng, (T, N, D), dtype)
    w = _random_bits(rng, (l, N), dtype, spread=2)
    dy = _random_bits(rng, (K, N, D), dtype)
    assert np.array_equal(input_grad(dy, w, ends, l, d, dtype),
                          scalar_input_grad(dy, w, act_seq_len, seq_type, l, d, dtype, T))
    assert np.array_equal(weight_grad(dy, x, ends, l, d, dtype),
                          scalar_weight_grad(dy, x, act_seq_len, seq_type, l, d, dtype))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seq_type,act_seq_len,l,d,D", SCALAR_CASES + [(1, [3000, 2500], 64, 16, 256)])
def test_goldens_within_the_float64_bound(dtype, seq_type, act_seq_len, l, d, D):
    rng = np.random.default_rng(3 + l + D)
    ends = _ends(act_seq_len, seq_type)
    T, N = int(ends[-1]), 3
    K = windows(ends, l, d)[0].size
    # small values, so that the weightGrad sums (K * D products) stay far from fp16's largest value
    x = _random_bits(rng, (T, N, D), dtype, spread=3)
    w = _random_bits(rng, (l, N), dtype, spread=2)
    dy = to_bits(to_float32(_random_bits(rng, (K, N, D), dtype, spread=3), dtype) / 64, dtype)
    dx = to_float32(input_grad(dy, w, ends, l, d, dtype), dtype).astype(np.float64)
    g, m = input_grad_float64(dy, w, ends, l, d, dtype)
    assert np.all(np.abs(dx - g) <= input_grad_tolerance(g, m, l, d, dtype))
    dw = to_float32(weight_grad(dy, x, ends, l, d, dtype), dtype).astype(np.float64)
    g, m = weight_grad_float64(dy, x, ends, l, d, dtype)
    assert np.all(np.isfinite(dw))
    assert np.all(np.abs(dw - g) <= weight_grad_tolerance(g, m, K, D, dtype))


def test_uncovered_tokens_and_k_zero_give_positive_zero():
    rng = np.random.default_rng(5)
    # lengths 20 (< l), 40 (one window, tail 8 tokens), 0, 31 (< l)
    act, l, d, D = [20, 40, 0, 31], 32, 16, 16
    ends = np.cumsum(act)
    x = _random_bits(rng, (int(ends[-1]), 2, D), "float16")
    w = _random_bits(rng, (l, 2), "float16")
    dy = _random_bits(rng, (1, 2, D), "float16")
    dx = input_grad(dy, w, ends, l, d, "float16")
    covered = np.zeros(int(ends[-1]), dtype=bool)
    covered[20:52] = True
    assert np.all(dx[~covered] == 0) and np.any(dx[covered] != 0)
    none = [20, 31]
    ends = np.cumsum(none)
    empty = np.zeros((0, 2, D), dtype=np.uint16)
    assert np.all(input_grad(empty, w, ends, l, d, "float16") == 0)
    assert input_grad(empty, w, ends, l, d, "float16").shape == (51, 2, D)
    assert np.all(weight_grad(empty, x[:51], ends, l, d, "float16") == 0)
    assert weight_grad(empty, x[:51], ends, l, d, "float16").shape == (l, 2)


def test_sums_start_from_positive_zero():
    # Every product -0: the contract's +0 + (-0) + ... is +0, in both gradients.
    l, d, D, N = 16, 16, 16, 1
    ends = np.array([32])
    x = to_bits(np.full((32, N, D), -0.0, np.float32), "float16")
    w = to_bits(np.full((l, N), 1.0, np.float32), "float16")
    dy = to_bits(np.full((2, N, D), -0.0, np.float32), "float16")
    # w * dy = 1 * -0 = -0 for dX; dy * x = -0 * -0 = +0, so make x positive for dW's -0 products
    assert np.all(input_grad(dy, w, ends, l, d, "float16") == 0)
    x = to_bits(np.full((32, N, D), 1.0, np.float32), "float16")
    assert np.all(weight_grad(dy, x, ends, l, d, "float16") == 0)


def test_lane_reduction_order():
    # Values whose fp32 sums depend on the order: 2^24 absorbs a 1 unless the 1s meet first.
    a = np.zeros(16, dtype=np.float32)
    a[0], a[8], a[4], a[12] = 2.0 ** 24, 1.0, 1.0, 1.0
    # blocks: blk = a[0:8] + a[8:16] -> blk[0] = 2^24 + 1 = 2^24 (tie to even), blk[4] = 1 + 1 = 2
    # halves: h[0] = 2^24 + 2; quarters and the last add keep 2^24 + 2
    assert reduce_lanes(a) == np.float32(2.0 ** 24 + 2)
    assert float(np.sum(a.astype(np.float64))) == 2.0 ** 24 + 3      # the exact sum differs
    rng = np.random.default_rng(9)
    for D in (16, 32, 48, 256):
        v = (rng.standard_normal((50, D)) * np.exp2(rng.integers(-20, 20, (50, D)))).astype(np.float32)
        expected = []
        for row in v:
            blk = list(row[0:8])
            for k in range(1, D // 8):
                blk = [f32(blk[m] + row[8 * k + m]) for m in range(8)]
            h = [f32(blk[m] + blk[m + 4]) for m in range(4)]
            q = [f32(h[m] + h[m + 2]) for m in range(2)]
            expected.append(f32(q[0] + q[1]))
        assert np.array_equal(reduce_lanes(v), np.array(expected, dtype=np.float32))


def _big_case(dtype="float16", seed=11):
    """Random data of moderate size plus two windows whose products are +2^24 and -2^24 at one
    (n, e) for every j: one in the first group, one in the last. What the sum of the values
    between them keeps depends on when the two meet, so a golden of another order gives other
    bits after the cast; the float64 bound still holds for it."""
    rng = np.random.default_rng(seed)
    act, l, d, D, N = [2000, 1500, 900], 32, 16, 64, 2
    ends = np.cumsum(act)
    starts = windows(ends, l, d)[0]
    K = starts.size
    x = to_float32(_random_bits(rng, (int(ends[-1]), N, D), dtype, spread=2), dtype)
    w = _random_bits(rng, (l, N), dtype, spread=1)
    dy = to_float32(_random_bits(rng, (K, N, D), dtype, spread=2), dtype)
    for o, sign in ((0, 1.0), (K - 1, -1.0)):
        dy[o, 1, 5] = sign * 2.0 ** 11
        x[starts[o]:starts[o] + l, 1, 5] = 2.0 ** 13
    return to_bits(x, dtype), w, to_bits(dy, dtype), ends, l, d, D, K


def per_core_weight_grad(dy_bits, x_bits, ends, l, d, dtype, cores):
    """A plausible but wrong design: each core sums a contiguous, balanced range of windows, and
    the cores' partials are added in core order. Its boundaries move with the core count."""
    dy, x = to_float32(dy_bits, dtype), to_float32(x_bits, dtype)
    starts = windows(ends, l, d)[0]
    K = starts.size
    bounds = [K * c // cores for c in range(cores + 1)]
    total = np.zeros((l, x.shape[1]), dtype=np.float32)
    for c in range(cores):
        lanes = np.zeros((l,) + x.shape[1:], dtype=np.float32)
        for o in range(bounds[c], bounds[c + 1]):
            lanes = lanes + dy[o][None] * x[starts[o] + np.arange(l)]
        total = total + reduce_lanes(lanes)
    return to_bits(total, dtype)


def test_core_count_dependent_order_is_caught():
    x, w, dy, ends, l, d, D, K = _big_case()
    golden = weight_grad(dy, x, ends, l, d, "float16")
    on_20 = per_core_weight_grad(dy, x, ends, l, d, "float16", 20)
    on_48 = per_core_weight_grad(dy, x, ends, l, d, "float16", 48)
    g, m = weight_grad_float64(dy, x, ends, l, d, "float16")
    bound = weight_grad_tolerance(g, m, K, D, "float16")
    for other in (on_20, on_48):
        # within the float64 bound, yet not the contract's bits: the bit-exact check catches it
        assert np.all(np.abs(to_float32(other, "float16") - g) <= bound)
        assert not np.array_equal(other, golden)
    assert not np.array_equal(on_20, on_48)      # the reason for fixed groups


def test_wrong_orders_are_caught():
    x, w, dy, ends, l, d, D, K = _big_case(seed=12)
    golden = weight_grad(dy, x, ends, l, d, "float16")
    partials = weight_grad_partials(dy, x, ends, l, d, "float16")
    reversed_groups = np.zeros_like(partials[0])
    for g in reversed(range(partials.shape[0])):
        reversed_groups = reversed_groups + partials[g]
    assert np.array_equal(to_bits(combine_groups(partials), "float16"), golden)
    assert not np.array_equal(to_bits(reversed_groups, "float16"), golden)


def descending_input_grad(dy_bits, w_bits, ends, l, d, dtype):
    """A wrong inputGrad golden: each token's windows in descending order."""
    dy, w = to_float32(dy_bits, dtype), to_float32(w_bits, dtype)
    row0, r, first, last = token_windows(ends, l, d)
    acc = np.zeros((r.size,) + dy.shape[1:], dtype=np.float32)
    for k in reversed(range(-(-l // d))):
        i = first + k
        valid = i <= last
        o, j = np.where(valid, row0 + i, 0), np.where(valid, r - i * d, 0)
        acc = np.where(valid[:, None, None], acc + w[j][:, :, None] * dy[o], acc)
    return to_bits(acc, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
def test_wrong_input_grad_order_is_caught(dtype):
    # l = 4d: rows 48..63 lie in windows 0..3; dy is +2048 in window 0 and -2048 in window 2, so
    # what survives of window 1's small values depends on the order.
    rng = np.random.default_rng(23)
    l, d, D, N = 64, 16, 16, 1
    ends = np.array([112])
    w = to_bits(np.ones((l, N), np.float32), dtype)
    dy = to_float32(_random_bits(rng, (4, N, D), dtype, spread=4), dtype) / 256
    dy[0], dy[2] = 2048.0, -2048.0
    dy = to_bits(dy, dtype)
    golden = input_grad(dy, w, ends, l, d, dtype)
    wrong = descending_input_grad(dy, w, ends, l, d, dtype)
    assert not np.array_equal(wrong, golden)
    g, m = input_grad_float64(dy, w, ends, l, d, dtype)
    bound = input_grad_tolerance(g, m, l, d, dtype)
    assert np.all(np.abs(to_float32(wrong, dtype) - g) <= bound)
    assert np.all(np.abs(to_float32(golden, dtype) - g) <= bound)


def test_group_count():
    assert GROUP_WINDOWS == 16    # the contract's G (design.md); the kernel's tiling must agree
    assert [group_count(k) for k in (0, 1, 15, 16, 17, 32, 33, 1023)] == [0, 1, 1, 1, 2, 2, 3, 64]


def scalar_layout_input_grad(dy_bits, w_bits, x_shape, layout, act_seq_len, seq_type, l, d, dtype):
    """inputGrad in the input's shape by explicit index arithmetic per batch, token and head."""
    heads = np.asarray(w_bits).shape[1]
    bsnd_shape = as_bsnd(np.zeros(x_shape, np.uint8), layout, heads).shape
    B, S, N, D = bsnd_shape
    lengths = batch_lengths(act_seq_len, seq_type, B, S)
    dy, w = to_float32(dy_bits, dtype), to_float32(w_bits, dtype)
    out = np.zeros(x_shape, dtype=np.float32)
    row0 = 0
    for b in range(B):
        count = (lengths[b] - l) // d + 1 if lengths[b] >= l else 0
        for s in range(lengths[b]):
            for n in range(N):
                acc = np.zeros(D, np.float32)
                for i in range(count):
                    if i * d <= s < i * d + l:
                        acc = acc + w[s - i * d, n] * dy[row0 + i, n]
                if layout == "BSND":
                    out[b, s, n] = acc
                elif layout == "BNSD":
                    out[b, n, s] = acc
                elif layout == "BSH":
                    out[b, s, n * D:(n + 1) * D] = acc
                else:
                    out[s, b, n * D:(n + 1) * D] = acc
        row0 += count
    return to_bits(out, dtype)


@pytest.mark.parametrize("layout", ["BSND", "BNSD", "BSH", "SBH"])
def test_layout_input_grad_puts_tokens_back(layout):
    rng = np.random.default_rng(17)
    B, S, N, D, l, d = 3, 70, 2, 16, 32, 16
    shape = {"BSND": (B, S, N, D), "BNSD": (B, N, S, D), "BSH": (B, S, N * D), "SBH": (S, B, N * D)}[layout]
    act = [70, 0, 45]
    K = sum((L - l) // d + 1 for L in act if L >= l)
    x = _random_bits(rng, shape, "bfloat16")
    w = _random_bits(rng, (l, N), "bfloat16", spread=2)
    dy = _random_bits(rng, (K, N, D), "bfloat16")
    dx, dw = layout_grads(dy, x, w, layout, act, 1, l, d, "bfloat16")
    assert dx.shape == shape and dw.shape == (l, N)
    assert np.array_equal(dx, scalar_layout_input_grad(dy, w, shape, layout, act, 1, l, d, "bfloat16"))
    (g, m), (gw, mw) = layout_grads_float64(dy, x, w, layout, act, 1, l, d, "bfloat16")
    assert np.all(np.abs(to_float32(dx, "bfloat16") - g) <= input_grad_tolerance(g, m, l, d, "bfloat16"))
    assert np.all(np.abs(to_float32(dw, "bfloat16") - gw) <= weight_grad_tolerance(gw, mw, K, D, "bfloat16"))
    # weightGrad only sees the valid tokens: padding may hold anything
    bsnd = as_bsnd(x, layout, N).copy()
    noisy = bsnd.copy()
    noisy[0, 70:] = 0x7C00
    noisy[2, 45:] = 0x7E00
    _, dw_noisy = layout_grads(dy, from_bsnd(noisy, layout), w, layout, act, 1, l, d, "bfloat16")
    assert np.array_equal(dw_noisy, dw)
