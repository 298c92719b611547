"""The values IEEE 754 treats specially, as float32 arrays every op's `specials` value kind is
built from: NaNs of any sign and payload, infinities, the 16-bit dtypes' subnormals, and the pair
of finite values whose sum is exactly where the cast to the dtype overflows.

The kinds give each class its own heads (head n % HEAD_CLASSES), so that a NaN does not hide the
infinities, nor an infinity the subnormals, of the same output element."""
import ml_dtypes
import numpy as np

from .bit_exact import FIELDS, is_nan
from .numerics import DTYPES, FORMATS, overflow_threshold

HEAD_CLASSES = 4
NAN_HEADS, INFINITY_HEADS, SUBNORMAL_HEADS, OVERFLOW_HEADS = range(HEAD_CLASSES)
# A small weight that pushes the overflow pair's sum just past the threshold (P * 2^-17 is far
# below the pair's ulp in either dtype, but exact in float32).
NUDGE = 2.0 ** -17


def heads_of(klass, N):
    """The heads of one class among N heads."""
    return np.arange(N)[np.arange(N) % HEAD_CLASSES == klass]


def nans(shape, rng):
    """Quiet float32 NaNs of random sign and payload, the payload in the mantissa bits float16
    keeps (the bfloat16 cast, ml_dtypes', keeps only the sign of a NaN)."""
    sign = rng.integers(0, 2, shape, dtype=np.uint32) << 31
    payload = rng.integers(0, 1 << 9, shape, dtype=np.uint32) << 13
    return (sign | np.uint32(0x7FC00000) | payload).view(np.float32)


def infinities(shape, rng):
    """+inf or -inf at random."""
    return rng.choice(np.array([np.inf, -np.inf], np.float32), size=shape)


def subnormals(dtype, shape, rng):
    """Random nonzero subnormals of `dtype`, of either sign, as float32 (exact)."""
    mantissa_bits, min_exponent = FORMATS[dtype]
    steps = rng.integers(1, 1 << mantissa_bits, shape)
    signs = rng.choice(np.array([-1.0, 1.0]), size=shape)
    return (signs * steps * 2.0 ** (min_exponent - mantissa_bits)).astype(np.float32)


def overflow_pair(dtype):
    """(P, Q): the largest power of two of `dtype` and half its largest finite value, both exact
    in the dtype, whose float32 sum is exactly the overflow threshold of the cast (a tie that
    rounds to the even neighbour, infinity); adding NUDGE * P passes it."""
    largest = float(ml_dtypes.finfo(DTYPES[dtype]).max)
    power = 2.0 ** np.floor(np.log2(largest))
    assert power + largest / 2 == overflow_threshold(dtype)
    return np.float32(power), np.float32(largest / 2)


def sprinkle(array, replacements, share, rng):
    """`array` with a random `share` of its elements replaced by the same elements of
    `replacements` (an array of its shape)."""
    chosen = rng.random(array.shape) < share
    return np.where(chosen, replacements, array).astype(np.float32)


def is_subnormal(values, dtype):
    """Which float32 values (read from `dtype`'s bits) are subnormals of `dtype`."""
    _, min_exponent = FORMATS[dtype]
    return np.isfinite(values) & (values != 0) & (np.abs(values) < 2.0 ** min_exponent)


def with_other_nans(bits, dtype):
    """Raw 16-bit patterns of `dtype` with every NaN's sign flipped and its payload changed (still
    a NaN), the other elements as they are: what a device may return instead of the host's NaNs."""
    bits = np.asarray(bits, dtype=np.uint16)
    exponent, mantissa = FIELDS[dtype]
    others = (~bits & 0x8000) | exponent | (bits & mantissa) % mantissa + 1
    return np.where(is_nan(bits, dtype), others, bits).astype(np.uint16)
