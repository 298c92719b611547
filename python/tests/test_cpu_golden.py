"""The CPU implementation (backend="cpu", python/native) against the independent NumPy goldens
of the two contracts (tests/st/<op>/golden.py), bit for bit under the special-values rule (a NaN
matches any NaN, every other element its exact bits): random geometries with empty sequences,
sequences shorter than l, single windows, l == d, every layout, fp16 and bf16, and every value
kind of the grad's system tests, special values included; views; thread counts."""
import numpy as np
import pytest

import nsa_compress
from nsa_compress import _cpu
from cpu_cases import FORWARD_KINDS, LAYOUTS, VALUE_KINDS, Case, Geometry, draw
from helpers import as_dtype
from tests.st.nsa_harness import bit_exact
from tests.st.nsa_harness.numerics import to_bits, to_float32

DTYPES = ("float16", "bfloat16")
SEEDS = range(3)


def assert_bits(got, want, dtype, what):
    got = np.asarray(got).view(np.uint16)
    assert got.shape == want.shape, what
    bad = bit_exact.mismatches(got, want, dtype)
    assert bad.size == 0, (f"{what}: {bad.size} of {want.size} elements differ, first at flat index {bad[0]}: "
                           f"got {got.reshape(-1)[bad[0]]:#06x}, want {want.reshape(-1)[bad[0]]:#06x}")


def forward(case, **kwargs):
    x, w, *rest = case.forward_args()
    return nsa_compress.compress(as_dtype(x, case.dtype), as_dtype(w, case.dtype), *rest, layout=case.layout,
                                 **kwargs)


def grad(case, **kwargs):
    dy, x, w, *rest = case.grad_args()
    return nsa_compress.compress_grad(as_dtype(dy, case.dtype), as_dtype(x, case.dtype), as_dtype(w, case.dtype),
                                      *rest, layout=case.layout, **kwargs)


def forward_golden(golden, case):
    x, w, l, d, act, seq_type = case.forward_args()
    return golden.layout_golden(x, w, case.layout, act, seq_type, l, d, case.dtype)


def grad_golden_bits(grad_golden, case):
    dy, x, w, l, d, act, seq_type = case.grad_args()
    return grad_golden.layout_grads(dy, x, w, case.layout, act, seq_type, l, d, case.dtype)


def case_id(seed, dtype, kind, layout):
    kinds = VALUE_KINDS + ("forward-specials",)
    return np.random.default_rng([seed, DTYPES.index(dtype), kinds.index(kind), LAYOUTS.index(layout)])


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("kind", FORWARD_KINDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_forward_random_cases(golden, dtype, kind, layout, seed):
    case = draw(case_id(seed, dtype, kind, layout), dtype, kind, layout)
    out = forward(case, backend="cpu")
    assert out.dtype == as_dtype(case.x, dtype).dtype
    assert_bits(out, forward_golden(golden, case), dtype, f"output of {case.geometry}")


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("kind", VALUE_KINDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_grad_random_cases(grad_golden, dtype, kind, layout, seed):
    case = draw(case_id(seed, dtype, kind, layout), dtype, kind, layout)
    dx, dw = grad(case, backend="cpu")
    want_dx, want_dw = grad_golden_bits(grad_golden, case)
    assert_bits(dx, want_dx, dtype, f"inputGrad of {case.geometry}")
    assert_bits(dw, want_dw, dtype, f"weightGrad of {case.geometry}")


# Geometries the random draw may miss: (N, D, l, d, lengths).
EDGE_GEOMETRIES = {
    "l==d": (3, 32, 32, 32, [64, 31, 96]),
    "single window": (2, 16, 48, 16, [48]),
    "K=0": (2, 32, 64, 32, [63, 0, 10]),
    "empty sequences": (1, 16, 16, 16, [0, 0, 16, 0, 17, 0]),
    "l/d=8": (2, 16, 128, 16, [300, 129]),
    "D=256, N=1": (1, 256, 16, 16, [40]),
    "N=128": (128, 16, 16, 16, [33]),
    "K=33 groups span sequences": (2, 32, 32, 16, [17, 250, 1, 349]),
}


@pytest.mark.parametrize("name", EDGE_GEOMETRIES)
@pytest.mark.parametrize("kind", ("random", "cancel", "specials", "forward-specials"))
@pytest.mark.parametrize("dtype", DTYPES)
def test_edge_geometries(golden, grad_golden, dtype, kind, name):
    N, D, l, d, lengths = EDGE_GEOMETRIES[name]
    case = draw(np.random.default_rng(len(name)), dtype, kind, "TND", Geometry(N, D, l, d, list(lengths)))
    assert_bits(forward(case), forward_golden(golden, case), dtype, f"output, {name}")
    dx, dw = grad(case)
    want_dx, want_dw = grad_golden_bits(grad_golden, case)
    assert_bits(dx, want_dx, dtype, f"inputGrad, {name}")
    assert_bits(dw, want_dw, dtype, f"weightGrad, {name}")


@pytest.mark.parametrize("dtype", DTYPES)
def test_special_values_reach_the_outputs(golden, grad_golden, dtype):
    # The specials kind is only a test of special values if its goldens hold them: NaN, +-inf,
    # subnormals and signed zeros in the outputs the random tests compare.
    geometry = Geometry(8, 32, 32, 16, [200, 77])
    forward_case = draw(np.random.default_rng(5), dtype, "forward-specials", "TND", geometry)
    grad_case = draw(np.random.default_rng(5), dtype, "specials", "TND", geometry)
    smallest_normal = 2.0 ** (-14 if dtype == "float16" else -126)
    out, (dx, dw) = forward_golden(golden, forward_case), grad_golden_bits(grad_golden, grad_case)
    for bits in (out, dx, dw):
        values = to_float32(bits, dtype)
        assert np.isnan(values).any() and np.isposinf(values).any() and np.isneginf(values).any()
    for bits in (out, dx):  # weightGrad sums K * D products: too many to stay subnormal
        magnitude = np.abs(to_float32(bits, dtype))
        assert ((magnitude > 0) & (magnitude < smallest_normal)).any()


def small_values(rng):
    """x [64, 2, 64], w [32, 2] and dy [3, 2, 64] of one 64-token sequence under l = 32, d = 16:
    small random fp32 values the range tests below plant their chains among."""
    x = rng.standard_normal((64, 2, 64)).astype(np.float32) * 0.5
    w = rng.standard_normal((32, 2)).astype(np.float32) * 0.5
    dy = rng.standard_normal((3, 2, 64)).astype(np.float32) * 0.5
    return x, w, dy


def small_bf16_case(x, w, dy):
    bits = [to_bits(v, "bfloat16") for v in (x, w, dy)]
    return Case("bfloat16", "TND", Geometry(2, 64, 32, 16, [64]), bits[0], bits[1], bits[2], [64], 0)


def overflow_case(rng, extreme_weight):
    """A bf16 case whose chains meet a product that overflows fp32, 2^66 * 2^62: the contract rounds
    it to inf before the sum, where a fused multiply-add would add it exactly to the -2^124 the
    chain holds (2^62 * -2^62) and give a finite sum. The 2^66 is an input and outputGrad value, or
    a weight, every other value lying in [2^-63, 2^63) (where bf16 products are exact): a shortcut
    that fuses steps on operands it judges safe is caught whichever operand it judges by.
    Everything else is small and random."""
    x, w, dy = small_values(rng)
    big, other = (2.0 ** 62, 2.0 ** 66) if extreme_weight else (2.0 ** 66, 2.0 ** 62)
    # forward, window 0 of head 0: rows 0 and 1 (weights 0 and 1) on half the lanes
    w[0, 0], w[1, 0] = 2.0 ** 62, other
    x[0, 0, :32], x[1, 0, :32] = -2.0 ** 62, big
    # inputGrad of token 17, head 1: window 0 (weight 17) then window 1 (weight 1)
    w[17, 1], w[1, 1] = 2.0 ** 62, other
    dy[0, 1, 32:], dy[1, 1, 32:] = -2.0 ** 62, big
    return small_bf16_case(x, w, dy)


@pytest.mark.filterwarnings("ignore:overflow encountered")  # the overflow is the point
@pytest.mark.parametrize("extreme_weight", (False, True), ids=("extreme-values", "extreme-weight"))
def test_products_that_overflow_are_rounded_before_the_sum(golden, grad_golden, extreme_weight):
    case = overflow_case(np.random.default_rng(3), extreme_weight)
    out = forward(case)
    want = forward_golden(golden, case)
    assert np.isposinf(to_float32(want, "bfloat16")).any()  # the golden does hold the overflow
    assert_bits(out, want, "bfloat16", "output")
    dx, dw = grad(case)
    want_dx, want_dw = grad_golden_bits(grad_golden, case)
    assert np.isposinf(to_float32(want_dx, "bfloat16")).any()
    assert_bits(dx, want_dx, "bfloat16", "inputGrad")
    assert_bits(dw, want_dw, "bfloat16", "weightGrad")


@pytest.mark.filterwarnings("ignore:overflow encountered")  # the overflow is the point
@pytest.mark.parametrize("extreme", ("input", "outputGrad"))
def test_weight_grad_products_that_overflow_are_rounded_before_the_sum(grad_golden, extreme):
    # weightGrad's lane chains: window 1's product at position 2, lane 0, 2^66 * 2^62, overflows
    # after window 0's 2^62 * -2^62; the 2^66 is the input's or outputGrad's, the other operand's
    # values all lying in [2^-63, 2^63), as overflow_case's.
    big, other = (2.0 ** 66, 2.0 ** 62) if extreme == "input" else (2.0 ** 62, 2.0 ** 66)
    x, w, dy = small_values(np.random.default_rng(4))
    dy[0, 0, 0], dy[1, 0, 0] = 2.0 ** 62, other
    x[2, 0, 0], x[18, 0, 0] = -2.0 ** 62, big
    case = small_bf16_case(x, w, dy)
    dx, dw = grad(case)
    want_dx, want_dw = grad_golden_bits(grad_golden, case)
    assert np.isposinf(to_float32(want_dw, "bfloat16")[2, 0])
    assert_bits(dw, want_dw, "bfloat16", "weightGrad")
    assert_bits(dx, want_dx, "bfloat16", "inputGrad")


# A chain 2^-62.5 * 2^-58.6 (about 3.24e-37, factors in [2^-63, 2^63)), then 3.14e-16 * 3.61e-29: the
# second product is below fp32's normal range, and rounding it before the sum (the contract) gives
# a bf16 result one step from the fused sum's. Found by a search over such pairs.
TINY_CHAIN = (1.4230153513872246e-19, 2.2768245622195593e-18, 3.139849491518021e-16, 3.609038641386129e-29)


@pytest.mark.parametrize("tiny", ("input", "weight", "outputGrad"))
def test_products_below_the_normal_range_are_rounded_before_the_sum(golden, grad_golden, tiny):
    # The 3.61e-29 (below 2^-63) is the input's, a weight, or outputGrad's, every other value lying
    # in [2^-63, 2^63), as overflow_case's; lane 0's other products are zero.
    first_w, first_x, second_w, second_x = TINY_CHAIN
    if tiny == "weight":
        second_w, second_x = second_x, second_w
    x, w, dy = small_values(np.random.default_rng(6))
    if tiny == "outputGrad":  # weightGrad at position 2: windows 0, 1, 2 read rows 2, 18, 34
        x[[2, 18, 34], 0, :] = 0.0
        dy[:, 0, 0] = first_w, second_x, 0.0
        x[2, 0, 0], x[18, 0, 0] = first_x, second_w
    else:  # window 0 of head 0, lane 0: rows 0 and 1, then zeros
        x[:32, 0, 0] = 0.0
        w[0, 0], w[1, 0], x[0, 0, 0], x[1, 0, 0] = first_w, second_w, first_x, second_x
    case = small_bf16_case(x, w, dy)
    assert_bits(forward(case), forward_golden(golden, case), "bfloat16", "output")
    dx, dw = grad(case)
    want_dx, want_dw = grad_golden_bits(grad_golden, case)
    assert_bits(dx, want_dx, "bfloat16", "inputGrad")
    assert_bits(dw, want_dw, "bfloat16", "weightGrad")


@pytest.mark.parametrize("threads", ("1", "2", "5"))
def test_thread_count_does_not_change_bits(golden, grad_golden, monkeypatch, threads):
    monkeypatch.setenv("NSA_COMPRESS_THREADS", threads)
    case = draw(np.random.default_rng(9), "bfloat16", "cancel", "TND", Geometry(3, 48, 64, 16, [500, 3, 611, 90]))
    assert_bits(forward(case), forward_golden(golden, case), "bfloat16", f"output, {threads} threads")
    dx, dw = grad(case)
    want_dx, want_dw = grad_golden_bits(grad_golden, case)
    assert_bits(dx, want_dx, "bfloat16", f"inputGrad, {threads} threads")
    assert_bits(dw, want_dw, "bfloat16", f"weightGrad, {threads} threads")


@pytest.mark.parametrize("kind", VALUE_KINDS + ("forward-specials",))
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("isa", ("baseline", "avx2", "avx512"))
def test_every_instruction_set(golden, grad_golden, monkeypatch, isa, dtype, kind):
    # The suite's other tests run the best set; each lower one this CPU has is forced here, on
    # random geometries (D down to 16: the sets' partial blocks) and one batched layout.
    monkeypatch.setenv("NSA_COMPRESS_CPU_ISA", isa)
    if _cpu.instruction_set() != isa:
        pytest.skip(f"this CPU has no {isa}")
    for seed, layout in enumerate(("TND", "BSND", "TND")):
        case = draw(np.random.default_rng([seed, DTYPES.index(dtype), len(kind)]), dtype, kind, layout)
        what = f"{isa}, {case.geometry}, {layout}"
        assert_bits(forward(case), forward_golden(golden, case), dtype, f"output, {what}")
        if kind != "forward-specials":
            dx, dw = grad(case)
            want_dx, want_dw = grad_golden_bits(grad_golden, case)
            assert_bits(dx, want_dx, dtype, f"inputGrad, {what}")
            assert_bits(dw, want_dw, dtype, f"weightGrad, {what}")


def _views(rng, T, N, D, l, K):
    """(name, dy view, x view, w view): strided in place (any span), negative strides and an
    inner stride of 2 (both copied first)."""
    def bits(shape):
        return rng.integers(0x3000, 0x4400, shape, dtype=np.uint16)      # moderate positive and negative
    wide = bits((T, 8, N, 2 * D))
    return [
        ("sparse in place", bits((K, 5, N, D))[:, 3], wide[:, 5, :, D:], bits((N, 7, l))[:, 2].T),
        ("reversed", bits((K, N, D))[::-1], bits((T, N, D))[::-1], bits((l, N))[::-1, ::-1]),
        ("inner stride 2", bits((K, N, 2 * D))[:, :, ::2], wide[:, 1, :, ::2], bits((l, 2 * N))[:, ::2]),
    ]


@pytest.mark.parametrize("index", range(3))
@pytest.mark.parametrize("dtype", DTYPES)
def test_views(golden, grad_golden, dtype, index):
    T, N, D, l, d, ends = 160, 3, 32, 32, 16, [70, 160]
    K = nsa_compress.output_shape((T, N, D), (l, N), "TND", ends, 0, l, d)[0]
    name, dy, x, w = _views(np.random.default_rng(index), T, N, D, l, K)[index]
    assert not (dy.flags.c_contiguous or x.flags.c_contiguous or w.flags.c_contiguous)
    out = nsa_compress.compress(x, w, l, d, ends, dtype=dtype)
    flat = [np.ascontiguousarray(a) for a in (dy, x, w)]
    assert_bits(out, golden.layout_golden(flat[1], flat[2], "TND", ends, 0, l, d, dtype), dtype, name)
    dx, dw = nsa_compress.compress_grad(dy, x, w, l, d, ends, dtype=dtype)
    want_dx, want_dw = grad_golden.layout_grads(*flat, "TND", ends, 0, l, d, dtype)
    assert_bits(dx, want_dx, dtype, f"inputGrad, {name}")
    assert_bits(dw, want_dw, dtype, f"weightGrad, {name}")
