"""The grad's special-value cases (edge.yaml, values: specials) reach every class they are there
for in both gradients, and the verdict on them follows the contract's rule: the kernel's own
result passes, and so does the same result with every NaN's sign and payload changed, while a
NaN for a number, a number for a NaN or an infinity of the other sign is refused."""
import numpy as np
import pytest

from .cases import load_listed
from .checks import check_legal
from .golden import layout_grads
from .runner import run
from ..nsa_harness import bit_exact, special_values
from ..nsa_harness.numerics import to_float32

SPECIAL_CASES = [case for case in load_listed("edge.yaml") if case.values == "specials"]


def _grads(case, data):
    """The golden's (inputGrad in the input's shape, weightGrad [l, N]) bits."""
    return layout_grads(data.dy, data.x, data.w, case.layout, case.act_seq_len(), case.call_seq_type(), case.l,
                        case.d, case.dtype)


def _by_head(case, bits):
    """inputGrad bits in the input's layout as [..., N, D] values per head, heads on axis -2."""
    values = to_float32(bits, case.dtype)
    if case.layout == "BNSD":
        return np.moveaxis(values, 1, 2)
    return values.reshape(values.shape[:-1] + (case.N, case.D)) if case.layout in ("BSH", "SBH") else values


def test_both_dtypes_have_a_special_case():
    assert {case.dtype for case in SPECIAL_CASES} == {"float16", "bfloat16"}


@pytest.mark.parametrize("case", SPECIAL_CASES, ids=lambda case: case.name)
def test_special_cases_reach_every_class(case):
    data = case.data()
    dx_bits, dw_bits = _grads(case, data)
    dx, dw = _by_head(case, dx_bits), to_float32(dw_bits, case.dtype)
    heads = {klass: special_values.heads_of(klass, case.N) for klass in range(special_values.HEAD_CLASSES)}
    nan_heads, inf_heads = heads[special_values.NAN_HEADS], heads[special_values.INFINITY_HEADS]
    sub_heads, over_heads = heads[special_values.SUBNORMAL_HEADS], heads[special_values.OVERFLOW_HEADS]
    assert np.isnan(dx[..., nan_heads, :]).any() and np.isnan(dw[:, nan_heads]).any()
    for grad in (dx[..., inf_heads, :], dw[:, inf_heads]):
        assert np.isnan(grad).any()                          # inf - inf or inf * 0: no NaN is an input there
    assert (dx[..., inf_heads, :] == np.inf).any() and (dx[..., inf_heads, :] == -np.inf).any()
    dy, tokens, w = (to_float32(bits, case.dtype) for bits in (data.dy, data.tokens, data.w))
    assert not np.isnan(dy[:, inf_heads]).any() and not np.isnan(w[:, inf_heads]).any()
    for values in (dy[:, sub_heads], tokens[:, sub_heads], w[:, sub_heads]):
        assert special_values.is_subnormal(values, case.dtype).any()
    # Overflow in the final cast: finite inputs, weightGrad infinite everywhere, inputGrad where
    # windows 0 and 1 overlap.
    assert np.isfinite(dy[:, over_heads]).all() and np.isfinite(tokens[:, over_heads]).all()
    assert np.isinf(dw[:, over_heads]).all() and np.isinf(dx[..., over_heads, :]).any()


@pytest.mark.parametrize("case", SPECIAL_CASES, ids=lambda case: case.name)
def test_the_verdict_takes_any_nan_and_refuses_every_other_difference(case, example_binary, tmp_path):
    data = case.data()
    result = run(case.call(), {"output_grad": data.dy, "input": data.x, "weight": data.w}, tmp_path)
    check_legal(case, data, result)
    dx, dw = result.input_grad.copy(), result.weight_grad.copy()
    result.input_grad = special_values.with_other_nans(dx, case.dtype)
    result.weight_grad = special_values.with_other_nans(dw, case.dtype)
    assert not np.array_equal(result.input_grad, dx) and not np.array_equal(result.weight_grad, dw)
    check_legal(case, data, result)
    nan_bits, one = bit_exact.FIELDS[case.dtype][0] | 1, 0x3C00 if case.dtype == "float16" else 0x3F80
    for output, got in (("input_grad", dx), ("weight_grad", dw)):
        values = to_float32(got, case.dtype)
        wrong = {"a NaN for a number": (np.flatnonzero(np.isfinite(values))[0], nan_bits),
                 "a number for a NaN": (np.flatnonzero(np.isnan(values))[0], one),
                 "an infinity of the other sign": (np.flatnonzero(np.isinf(values))[0], None)}
        for name, (where, bits) in wrong.items():
            spoiled = got.copy()
            spoiled[where] = got[where] ^ 0x8000 if bits is None else bits
            result.input_grad, result.weight_grad = (spoiled, dw) if output == "input_grad" else (dx, spoiled)
            with pytest.raises(AssertionError, match="differ from the ordered float32 golden"):
                check_legal(case, data, result)
