"""The 16-bit float formats the ops take (float16, bfloat16) as raw bit patterns: conversion to
and from float32 with round-to-nearest-even, the spacing (ulp) tolerances are built from, and
where a cast overflows."""
import ml_dtypes
import numpy as np

DTYPES = {"float16": np.float16, "bfloat16": ml_dtypes.bfloat16}
# (explicit mantissa bits, exponent of the smallest normal number) of each 16-bit output dtype;
# below that exponent the spacing stays at the subnormal step 2^(min_exponent - mantissa_bits).
FORMATS = {"float16": (10, -14), "bfloat16": (7, -126)}


def to_float32(bits, dtype):
    """Raw 16-bit patterns of `dtype` -> float32. Exact: both formats are subsets of float32. NaNs
    are data here, so numpy's warning on casting them is silenced."""
    with np.errstate(invalid="ignore"):
        return np.asarray(bits, dtype=np.uint16).view(DTYPES[dtype]).astype(np.float32)


def to_bits(values, dtype):
    """float32 values -> raw 16-bit patterns of `dtype`, rounding to nearest, ties to even.

    numpy's float16 cast and ml_dtypes' bfloat16 cast (the one TensorFlow uses) both round to
    nearest even and overflow to infinity; the overflow is intended, so its warning is silenced.
    """
    with np.errstate(over="ignore"):
        return np.asarray(values, dtype=np.float32).astype(DTYPES[dtype]).view(np.uint16)


def ulp(values, dtype):
    """Spacing of `dtype` at |values|: 2^(e - mantissa_bits) for |v| in [2^e, 2^(e+1)), with e
    held at the smallest normal exponent for subnormals and zero. frexp reads the exponent
    exactly, where log2 could round a value just below a power of two up to it."""
    mantissa_bits, min_exponent = FORMATS[dtype]
    magnitude = np.abs(np.asarray(values, dtype=np.float64))
    _, frexp_exponent = np.frexp(magnitude)        # magnitude = m * 2^frexp_exponent, m in [0.5, 1)
    exponent = np.where(magnitude > 0, frexp_exponent - 1, min_exponent)
    exponent = np.maximum(exponent, min_exponent)
    return np.ldexp(1.0, (exponent - mantissa_bits).astype(np.int64))


def overflow_threshold(dtype):
    """Smallest magnitude a round-to-nearest-even cast sends to infinity: the largest finite value
    plus half its ulp (a tie there rounds to the even neighbour, which is infinity)."""
    largest = float(ml_dtypes.finfo(DTYPES[dtype]).max)
    return largest + float(ulp(np.array([largest]), dtype)[0]) / 2
