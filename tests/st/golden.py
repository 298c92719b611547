"""Goldens for NsaCompress, vectorised over tokens, heads and dims.

ordered_golden follows the bit-exact contract: fp32 product, fp32 running sum from +0.0 in
ascending j, one round-to-nearest-even cast to the output dtype. float64_golden and
tolerance give the bound a device result must meet: ulp_out(g) + l * 2^-23 * sum_j |w_j x_j|.
"""
import ml_dtypes
import numpy as np

DTYPES = {"float16": np.float16, "bfloat16": ml_dtypes.bfloat16}
# Explicit mantissa bits and smallest normal exponent of each output dtype.
FORMATS = {"float16": (10, -14), "bfloat16": (7, -126)}


def to_float32(bits, dtype):
    """Raw 16-bit patterns -> float32 (exact)."""
    return np.asarray(bits, dtype=np.uint16).view(DTYPES[dtype]).astype(np.float32)


def to_bits(values, dtype):
    """float32 -> raw 16-bit patterns of `dtype`, rounding to nearest even (overflow gives inf,
    which the contract expects, so numpy's warning about it is silenced)."""
    with np.errstate(over="ignore"):
        return np.asarray(values, dtype=np.float32).astype(DTYPES[dtype]).view(np.uint16)


def cumulative_ends(values, seq_type):
    values = np.asarray(values, dtype=np.int64)
    return np.cumsum(values) if seq_type == 1 else values


def window_starts(ends, l, d):
    """First token of every window, in output order (a Python loop over sequences only)."""
    starts, begin = [], 0
    for end in np.asarray(ends, dtype=np.int64).tolist():
        if end - begin >= l:
            starts.append(np.arange(begin, end - l + 1, d, dtype=np.int64))
        begin = end
    return np.concatenate(starts) if starts else np.zeros(0, dtype=np.int64)


def output_rows(ends, l, d):
    return int(window_starts(ends, l, d).size)


def ordered_golden(x_bits, w_bits, ends, l, d, dtype):
    """Output bits [K, N, D] of the contract's arithmetic."""
    x = to_float32(x_bits, dtype)
    w = to_float32(w_bits, dtype)
    starts = window_starts(ends, l, d)
    acc = np.zeros((starts.size,) + x.shape[1:], dtype=np.float32)
    for j in range(l):
        product = w[j][None, :, None] * x[starts + j]   # float32 * float32, rounded to float32
        acc = acc + product                               # float32 sum, rounded to float32
    return to_bits(acc, dtype)


def float64_golden(x_bits, w_bits, ends, l, d, dtype):
    """(g, s): the exact-ish float64 result and sum_j |w_j x_j| per output element."""
    x = to_float32(x_bits, dtype).astype(np.float64)
    w = to_float32(w_bits, dtype).astype(np.float64)
    starts = window_starts(ends, l, d)
    total = np.zeros((starts.size,) + x.shape[1:], dtype=np.float64)
    magnitude = np.zeros_like(total)
    for j in range(l):
        product = w[j][None, :, None] * x[starts + j]
        total += product
        magnitude += np.abs(product)
    return total, magnitude


def ulp(values, dtype):
    """Spacing of `dtype` at |values| (subnormal spacing below the normal range)."""
    mantissa_bits, min_exponent = FORMATS[dtype]
    magnitude = np.abs(values)
    exponent = np.floor(np.log2(np.where(magnitude > 0, magnitude, 1.0)))
    exponent = np.maximum(np.where(magnitude > 0, exponent, min_exponent), min_exponent)
    return np.ldexp(1.0, (exponent - mantissa_bits).astype(np.int64))


def tolerance(g, magnitude, l, dtype):
    return ulp(g, dtype) + l * 2.0 ** -23 * magnitude
