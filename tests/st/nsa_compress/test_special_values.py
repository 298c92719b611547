"""The special-value cases (edge.yaml, values: specials) reach every class they are there for,
and the verdict on them follows the contract's rule: the kernel's own result passes, and so does
the same result with every NaN's sign and payload changed, while a NaN for a number, a number
for a NaN, an infinity of the other sign or a subnormal one step off is refused."""
import numpy as np
import pytest

from .cases import load_listed
from .checks import check_legal
from .golden import ordered_golden, to_float32, window_starts
from .runner import run
from ..nsa_harness import bit_exact, special_values

SPECIAL_CASES = [case for case in load_listed("edge.yaml") if case.values == "specials"]


def _heads(klass, case):
    return special_values.heads_of(klass, case.N)


def _golden_values(case):
    x, w = case.data()
    out = to_float32(ordered_golden(x, w, case.ends(), case.l, case.d, case.dtype), case.dtype)
    return to_float32(x, case.dtype), to_float32(w, case.dtype), out.reshape(case.K, case.N, case.D)


def test_both_dtypes_have_a_special_case():
    assert {case.dtype for case in SPECIAL_CASES} == {"float16", "bfloat16"}


@pytest.mark.parametrize("case", SPECIAL_CASES, ids=lambda case: case.name)
def test_special_cases_reach_every_class(case):
    x, w, out = _golden_values(case)
    nan_heads, inf_heads = _heads(special_values.NAN_HEADS, case), _heads(special_values.INFINITY_HEADS, case)
    sub_heads, over_heads = _heads(special_values.SUBNORMAL_HEADS, case), _heads(special_values.OVERFLOW_HEADS, case)
    x_bits, _ = case.data()
    nan_inputs = x_bits.reshape(x.shape)[:, nan_heads][bit_exact.is_nan(x_bits.reshape(x.shape)[:, nan_heads],
                                                                          case.dtype)]
    assert np.unique(nan_inputs & 0x8000).size == 2          # NaNs of both signs
    assert np.isnan(out[:, nan_heads]).any() and np.isfinite(out[:, nan_heads]).any()
    assert (out[:, inf_heads] == np.inf).any() and (out[:, inf_heads] == -np.inf).any()
    # inf - inf: a NaN output of a window whose products hold both infinities.
    with np.errstate(invalid="ignore"):                    # inf * 0 is NaN by contract
        products = w[None, :, inf_heads, None] * x[window_starts(case.ends(), case.l, case.d)[:, None] +
                                                   np.arange(case.l)][:, :, inf_heads]
    both = (products == np.inf).any(axis=1) & (products == -np.inf).any(axis=1)
    assert (both & np.isnan(out[:, inf_heads])).any()
    assert special_values.is_subnormal(x[:, sub_heads], case.dtype).any()
    assert special_values.is_subnormal(w[:, sub_heads], case.dtype).any()
    # Overflow in the final cast: finite inputs, every output an infinity.
    assert np.isfinite(x[:, over_heads]).all() and np.isinf(out[:, over_heads]).all()


def _spoiled(out_bits, where, new_bits):
    spoiled = out_bits.copy()
    spoiled[where] = new_bits
    return spoiled


@pytest.mark.parametrize("case", SPECIAL_CASES, ids=lambda case: case.name)
def test_the_verdict_takes_any_nan_and_refuses_every_other_difference(case, example_binary, tmp_path):
    x, w = case.data()
    result = run(case.call(), x, w, tmp_path)
    check_legal(case, x, w, result)
    out = result.output.copy()
    nan = bit_exact.is_nan(out, case.dtype)
    _, _, golden = _golden_values(case)
    golden = golden.reshape(-1)
    result.output = special_values.with_other_nans(out, case.dtype)
    assert bit_exact.is_nan(result.output, case.dtype).sum() == nan.sum()
    assert not np.array_equal(result.output, out)
    check_legal(case, x, w, result)
    finite = np.flatnonzero(np.isfinite(golden) & (golden != 0))
    subnormal = np.flatnonzero(special_values.is_subnormal(golden, case.dtype))
    plus_inf = np.flatnonzero(golden == np.inf)
    one = 0x3C00 if case.dtype == "float16" else 0x3F80
    wrong = {"a NaN for a number": (finite[0], bit_exact.FIELDS[case.dtype][0] | 1),
             "a number for a NaN": (np.flatnonzero(nan)[0], one),
             "an infinity of the other sign": (plus_inf[0], out[plus_inf[0]] ^ 0x8000)}
    if subnormal.size:
        wrong["a subnormal one step off"] = (subnormal[0], out[subnormal[0]] + 1)
    for name, (where, bits) in wrong.items():
        result.output = _spoiled(out, where, bits)
        with pytest.raises(AssertionError, match="differ from the ordered float32 golden"):
            check_legal(case, x, w, result)
