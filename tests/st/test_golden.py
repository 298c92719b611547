"""The goldens against a scalar reference written loop by loop (small sizes only), the ulp and
the bound, and bf16 rounding on known values (test_bf16_cast.py cross-checks the bf16 cast against
TensorFlow, PyTorch and an integer reference on every upper half of a float32)."""
import ml_dtypes
import numpy as np
import pytest

from golden import (float64_golden, ordered_golden, output_rows, overflow_threshold, to_bits, to_float32,
                    tolerance, ulp, windows)

DTYPES = ["float16", "bfloat16"]


def scalar_golden(x_bits, w_bits, act_seq_len, seq_type, l, d, dtype):
    """The contract read literally: every sequence, window, head, dim and j, one at a time."""
    x = to_float32(x_bits, dtype)
    w = to_float32(w_bits, dtype)
    _, N, D = x.shape
    rows = []
    begin = 0
    for value in act_seq_len:
        end = begin + value if seq_type == 1 else value
        length = end - begin
        count = (length - l) // d + 1 if length >= l else 0
        for i in range(count):
            row = np.zeros((N, D), dtype=np.float32)
            for n in range(N):
                for e in range(D):
                    acc = np.float32(0.0)
                    for j in range(l):
                        product = np.float32(w[j, n] * x[begin + i * d + j, n, e])
                        acc = np.float32(acc + product)
                    row[n, e] = acc
            rows.append(row)
        begin = end
    out = np.array(rows, dtype=np.float32).reshape(len(rows), N, D)
    return to_bits(out, dtype)


def _random_bits(rng, shape, dtype, spread=6):
    values = rng.standard_normal(shape).astype(np.float32) * np.exp2(rng.integers(-spread, spread + 1, shape))
    return to_bits(values.astype(np.float32), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seq_type,act_seq_len,l,d", [
    (0, [10, 10, 60, 93], 32, 16),      # zero-length and short sequences, then two long ones
    (1, [0, 47, 48, 16, 3], 16, 16),    # lengths: l+d-1 (one window), l+d (two), exactly l
    (0, [64], 48, 32),                  # d not dividing l
])
def test_ordered_golden_matches_scalar_loops(dtype, seq_type, act_seq_len, l, d):
    rng = np.random.default_rng(len(act_seq_len) * 7 + l)
    T = act_seq_len[-1] if seq_type == 0 else sum(act_seq_len)
    x = _random_bits(rng, (T, 2, 16), dtype)
    w = _random_bits(rng, (l, 2), dtype, spread=2)
    ends = np.cumsum(act_seq_len) if seq_type == 1 else act_seq_len
    expected = scalar_golden(x, w, act_seq_len, seq_type, l, d, dtype)
    assert np.array_equal(ordered_golden(x, w, ends, l, d, dtype), expected)


def test_windows_follow_the_formula():
    starts, sequences, window_index = windows([47, 47, 100, 100, 101], 32, 16)
    # lengths 47 (1 window), 0, 53 (2 windows: 47, 63), 0, 1 (none)
    assert starts.tolist() == [0, 47, 63]
    assert sequences.tolist() == [0, 2, 2]
    assert window_index.tolist() == [0, 0, 1]
    assert output_rows([10, 20], 32, 16) == 0
    rng = np.random.default_rng(2)
    for _ in range(200):
        lengths = rng.integers(0, 300, rng.integers(1, 8))
        l = int(rng.choice([16, 32, 64, 128]))
        d = int(rng.choice([s for s in (16, 32, 64, 128) if s <= l]))
        expected = sum((L - l) // d + 1 for L in lengths.tolist() if L >= l)
        assert output_rows(np.cumsum(lengths), l, d) == expected


def test_sum_starts_from_positive_zero():
    # Every product -0.0: the contract's acc = +0.0 + (-0.0) + ... is +0.0, not -0.0.
    x = to_bits(np.full((16, 1, 16), -0.0, dtype=np.float32), "float16")
    w = to_bits(np.ones((16, 1), dtype=np.float32), "float16")
    assert np.all(ordered_golden(x, w, [16], 16, 16, "float16") == 0x0000)


@pytest.mark.parametrize("dtype,x_set,w_set", [
    # fp16: signed zeros, subnormals, sums past 65504
    ("float16", [0.0, -0.0, 6e-8, -3e-6, 6e4, -6e4, 1.5], [-0.0, 0.5, -1.0, 2.0, 6e-8]),
    # bf16: products below float32's normal range, where the product itself rounds
    ("bfloat16", [0.0, -0.0, 1e-20, -3e-19, 1e30, 1.5, 1e-39], [-0.0, 0.5, -1.0, 1e-20, 3e5]),
])
def test_ordered_golden_matches_scalar_loops_on_extreme_values(dtype, x_set, w_set):
    rng = np.random.default_rng(9)
    x = to_bits(rng.choice(np.array(x_set, np.float32), size=(80, 2, 16)), dtype)
    w = to_bits(rng.choice(np.array(w_set, np.float32), size=(32, 2)), dtype)
    expected = scalar_golden(x, w, [40, 80], 0, 32, 16, dtype)
    assert np.array_equal(ordered_golden(x, w, [40, 80], 32, 16, dtype), expected)


def test_bf16_rounds_to_nearest_even():
    one_and_half_ulp = 1.0 + 2.0 ** -8              # halfway between 1 and 1 + 2^-7: ties to 1 (even)
    three_halves_ulp = 1.0 + 3 * 2.0 ** -8          # halfway between 1 + 2^-7 and 1 + 2^-6: ties to 1 + 2^-6
    values = np.array([one_and_half_ulp, three_halves_ulp, -one_and_half_ulp, 1.0 + 2.0 ** -8 + 2.0 ** -20,
                       3.4e38, -0.0], dtype=np.float32)
    assert to_bits(values, "bfloat16").tolist() == [0x3F80, 0x3F82, 0xBF80, 0x3F81, 0x7F80, 0x8000]


def test_fp16_rounds_to_nearest_even_and_overflows():
    values = np.array([1.0 + 2.0 ** -11, 1.0 + 3 * 2.0 ** -11, 65519.0, 65520.0, 2.0 ** -25, 2.0 ** -25 * 3],
                      dtype=np.float32)
    assert to_bits(values, "float16").tolist() == [0x3C00, 0x3C02, 0x7BFF, 0x7C00, 0x0000, 0x0002]


@pytest.mark.parametrize("dtype", DTYPES)
def test_ulp_is_the_spacing_of_the_format(dtype):
    # For every positive finite value v of the format, the next value up minus v is ulp(v).
    bits = np.arange(0, 0x7C00 if dtype == "float16" else 0x7F80, dtype=np.uint16)[:-1]
    values = to_float32(bits, dtype).astype(np.float64)
    spacing = to_float32(bits + 1, dtype).astype(np.float64) - values
    assert np.array_equal(ulp(values, dtype), spacing)
    # and values just below a power of two keep the smaller binade's ulp
    assert ulp(np.array([np.nextafter(2.0, 0)]), dtype)[0] == ulp(np.array([1.0]), dtype)[0]


def test_ulp_floors_and_overflow_threshold():
    assert ulp(np.array([0.0]), "float16")[0] == 2.0 ** -24
    assert ulp(np.array([0.0]), "bfloat16")[0] == 2.0 ** -133
    assert ulp(np.array([1.0]), "float16")[0] == 2.0 ** -10
    assert ulp(np.array([1.0]), "bfloat16")[0] == 2.0 ** -7
    assert overflow_threshold("float16") == 65520.0
    assert overflow_threshold("bfloat16") == float(ml_dtypes.finfo(ml_dtypes.bfloat16).max) + 2.0 ** 119


@pytest.mark.parametrize("dtype", DTYPES)
def test_ordered_golden_is_inside_the_float64_bound(dtype):
    # The device bound must hold for the contract's own result, or it could not judge a device.
    rng = np.random.default_rng(5)
    lengths = [300, 0, 17, 129]
    ends = np.cumsum(lengths)
    x = _random_bits(rng, (sum(lengths), 3, 32), dtype)
    for l, d in ((16, 16), (128, 16), (64, 48)):
        w = _random_bits(rng, (l, 3), dtype, spread=2)
        got = to_float32(ordered_golden(x, w, ends, l, d, dtype), dtype).astype(np.float64)
        g, magnitude = float64_golden(x, w, ends, l, d, dtype)
        assert np.all(np.abs(got - g) <= tolerance(g, magnitude, l, dtype))


def test_bound_is_the_documented_formula():
    x = to_bits(np.ones((16, 1, 16), np.float32), "float16")
    w = to_bits(np.ones((16, 1), np.float32), "float16")
    g, magnitude = float64_golden(x, w, [16], 16, 16, "float16")
    assert g[0, 0, 0] == 16.0 and magnitude[0, 0, 0] == 16.0
    assert tolerance(g, magnitude, 16, "float16")[0, 0, 0] == 2.0 ** -6 + 16 * 2.0 ** -23 * 16

