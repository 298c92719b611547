"""The goldens against a scalar reference written out loop by loop, and bf16 rounding."""
import numpy as np
import pytest

from golden import float64_golden, ordered_golden, to_bits, to_float32, tolerance, ulp, window_starts


def scalar_reference(x_bits, w_bits, ends, l, d, dtype):
    x = to_float32(x_bits, dtype)
    w = to_float32(w_bits, dtype)
    rows, begin = [], 0
    for end in ends:
        start = begin
        while start + l <= end:
            out = np.zeros(x.shape[1:], dtype=np.float32)
            for n in range(x.shape[1]):
                for e in range(x.shape[2]):
                    acc = np.float32(0.0)
                    for j in range(l):
                        acc = np.float32(acc + np.float32(w[j, n] * x[start + j, n, e]))
                    out[n, e] = acc
            rows.append(out)
            start += d
        begin = end
    return to_bits(np.array(rows, dtype=np.float32).reshape((-1,) + x.shape[1:]), dtype)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_ordered_golden_matches_scalar_loops(dtype):
    rng = np.random.default_rng(3)
    T, N, D, l, d = 90, 2, 16, 32, 16
    x = to_bits(rng.standard_normal((T, N, D)).astype(np.float32) * 3, dtype)
    w = to_bits(rng.uniform(-1, 1, (l, N)).astype(np.float32), dtype)
    ends = [10, 10, 60, 90]
    assert np.array_equal(ordered_golden(x, w, ends, l, d, dtype), scalar_reference(x, w, ends, l, d, dtype))


def test_window_starts_and_empty_output():
    assert window_starts([47, 47, 100], 32, 16).tolist() == [0, 47, 63]
    assert window_starts([10, 20], 32, 16).size == 0


def test_signed_zero_sums_start_from_positive_zero():
    x = to_bits(np.full((16, 1, 16), -0.0, dtype=np.float32), "float16")
    w = to_bits(np.ones((16, 1), dtype=np.float32), "float16")
    assert np.all(ordered_golden(x, w, [16], 16, 16, "float16") == 0x0000)


def test_bf16_rounds_to_nearest_even():
    values = np.array([1.0 + 2.0 ** -8, 1.0 + 3 * 2.0 ** -8, -(1.0 + 2.0 ** -8)], dtype=np.float32)
    assert to_bits(values, "bfloat16").tolist() == [0x3F80, 0x3F82, 0xBF80]


def test_tolerance_is_an_ulp_plus_the_accumulation_bound():
    assert ulp(np.array([1.0]), "float16")[0] == 2.0 ** -10
    assert ulp(np.array([0.0]), "float16")[0] == 2.0 ** -24
    assert ulp(np.array([1.0]), "bfloat16")[0] == 2.0 ** -7
    g, m = float64_golden(to_bits(np.ones((16, 1, 16)), "float16"), to_bits(np.ones((16, 1)), "float16"),
                          [16], 16, 16, "float16")
    assert g[0, 0, 0] == 16.0 and m[0, 0, 0] == 16.0
    assert tolerance(g, m, 16, "float16")[0, 0, 0] == 2.0 ** -6 + 16 * 2.0 ** -23 * 16


def test_bf16_cast_agrees_with_tensorflow():
    tf = pytest.importorskip("tensorflow", reason="TensorFlow is not installed; ml_dtypes alone defines bf16 here")
    values = np.random.default_rng(5).standard_normal(10000).astype(np.float32)
    ours = to_bits(values, "bfloat16")
    theirs = tf.bitcast(tf.cast(tf.constant(values), tf.bfloat16), tf.uint16).numpy()
    assert np.array_equal(ours, theirs)
