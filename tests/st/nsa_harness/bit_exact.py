"""The rule every op's results are compared with against its ordered golden (the ops' contracts,
"Special values"): a NaN matches any NaN, whatever its sign and payload, because IEEE 754 leaves
them open and a device's vector unit need not propagate them as the host does; every other
element must have the golden's exact bits, so infinities keep their sign, +0 and -0 differ and
subnormals are compared digit for digit. A NaN where the golden has a number, or a number where
it has a NaN, is a mismatch."""
import numpy as np

# (exponent field, mantissa field) masks of each 16-bit dtype: a NaN has every exponent bit set
# and a mantissa other than zero (all exponent bits and a zero mantissa are the infinities).
FIELDS = {"float16": (0x7C00, 0x03FF), "bfloat16": (0x7F80, 0x007F)}


def is_nan(bits, dtype):
    """Which raw 16-bit patterns of `dtype` are NaNs."""
    exponent, mantissa = FIELDS[dtype]
    bits = np.asarray(bits, dtype=np.uint16)
    return ((bits & exponent) == exponent) & ((bits & mantissa) != 0)


def mismatches(got, expected, dtype):
    """Flat indices of the elements of `got` that break the rule against `expected` (both raw
    16-bit patterns of the same shape)."""
    got = np.asarray(got, dtype=np.uint16).reshape(-1)
    expected = np.asarray(expected, dtype=np.uint16).reshape(-1)
    both_nan = is_nan(got, dtype) & is_nan(expected, dtype)
    return np.flatnonzero((got != expected) & ~both_nan)


def matches(got, expected, dtype):
    """True when every element of `got` follows the rule against `expected`."""
    return np.shape(got) == np.shape(expected) and mismatches(got, expected, dtype).size == 0
