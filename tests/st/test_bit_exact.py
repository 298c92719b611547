"""The comparison rule every op's verdicts use (nsa_harness/bit_exact.py), on hand-made bit
patterns of both dtypes: NaNs match whatever their sign and payload; a NaN against a number, an
infinity of the other sign, -0 against +0 and a subnormal one step off are mismatches."""
import numpy as np
import pytest

from tests.st.nsa_harness import bit_exact

# Per dtype: (quiet NaN, NaN of the other sign and another payload, signalling NaN, +inf, -inf,
# largest finite, smallest subnormal, -0).
PATTERNS = {"float16": (0x7E00, 0xFE01, 0x7C01, 0x7C00, 0xFC00, 0x7BFF, 0x0001, 0x8000),
            "bfloat16": (0x7FC0, 0xFFC1, 0x7F81, 0x7F80, 0xFF80, 0x7F7F, 0x0001, 0x8000)}


def _bits(*values):
    return np.array(values, dtype=np.uint16)


@pytest.mark.parametrize("dtype", sorted(PATTERNS))
def test_nans_match_whatever_their_sign_and_payload(dtype):
    nan, other_nan, signalling, *_ = PATTERNS[dtype]
    assert bit_exact.is_nan(_bits(nan, other_nan, signalling), dtype).all()
    assert bit_exact.matches(_bits(other_nan, signalling, 0x3C00), _bits(nan, nan, 0x3C00), dtype)


@pytest.mark.parametrize("dtype", sorted(PATTERNS))
def test_infinities_are_not_nans(dtype):
    _, _, _, plus_inf, minus_inf, largest, _, _ = PATTERNS[dtype]
    assert not bit_exact.is_nan(_bits(plus_inf, minus_inf, largest, 0), dtype).any()


@pytest.mark.parametrize("dtype", sorted(PATTERNS))
@pytest.mark.parametrize("wrong", ["nan for a number", "number for a nan", "nan for an infinity",
                                   "infinity of the other sign", "negative zero", "subnormal one step off",
                                   "largest finite for infinity"])
def test_every_other_difference_is_a_mismatch(dtype, wrong):
    nan, _, _, plus_inf, minus_inf, largest, smallest_subnormal, minus_zero = PATTERNS[dtype]
    expected_got = {"nan for a number": (0x3C00 if dtype == "float16" else 0x3F80, nan),
                    "number for a nan": (nan, 0x3C00 if dtype == "float16" else 0x3F80),
                    "nan for an infinity": (plus_inf, nan),
                    "infinity of the other sign": (plus_inf, minus_inf),
                    "negative zero": (0x0000, minus_zero),
                    "subnormal one step off": (smallest_subnormal, smallest_subnormal + 1),
                    "largest finite for infinity": (plus_inf, largest)}[wrong]
    expected, got = _bits(0x1234, expected_got[0], nan), _bits(0x1234, expected_got[1], nan)
    assert not bit_exact.matches(got, expected, dtype)
    assert bit_exact.mismatches(got, expected, dtype).tolist() == [1]


def test_shapes_that_differ_do_not_match():
    assert not bit_exact.matches(_bits(1, 2), _bits(1, 2, 3), "float16")
