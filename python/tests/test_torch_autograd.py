"""Autograd of torch.ops.nsa_compress.npu_nsa_compress through npu_nsa_compress_grad: opcheck of
the forward with inputs that need gradients, gradients bit-exact against the grad's golden,
gradients against autograd of a float64 torch reference within the contract's float64 bound
(design.md, "Error bound"), and torch.compile(fullgraph=True) of forward and backward equal to
eager."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import nsa_compress  # noqa: E402
from nsa_compress import torch_ops  # noqa: E402,F401  (registers the ops in torch.ops.nsa_compress)
from helpers import random_bits  # noqa: E402

OP = torch.ops.nsa_compress.npu_nsa_compress
TORCH_DTYPES = {"float16": torch.float16, "bfloat16": torch.bfloat16}
# (T, N, D, l, d, cumulative ends)
CASES = [
    (64, 4, 32, 32, 32, [64]),
    (100, 4, 64, 32, 16, [40, 100]),
    (257, 3, 16, 64, 32, [0, 31, 31, 130, 257]),
    (600, 2, 32, 32, 16, [17, 250, 251, 600]),   # K = 33: a group of 16 windows spans sequences
    (300, 2, 48, 128, 16, [128, 129, 300]),
    (50, 2, 32, 64, 64, [20, 50]),   # K = 0
]
CASE_IDS = [f"T{c[0]}N{c[1]}D{c[2]}l{c[3]}d{c[4]}-{len(c[5])}seq" for c in CASES]


def as_tensor(bits, dtype):
    return torch.from_numpy(bits.view(np.int16)).view(TORCH_DTYPES[dtype])


def bits(tensor):
    return tensor.view(torch.int16).numpy().view(np.uint16)


def leaves(case, dtype, seed=0):
    """(dy, x, w) bits and x, w as tensors that need gradients."""
    T, N, D, l, d, ends = case
    K = nsa_compress.output_shape((T, N, D), (l, N), "TND", ends, 0, l, d)[0]
    rng = np.random.default_rng(seed + T)
    dy, x, w = random_bits(rng, (K, N, D), dtype), random_bits(rng, (T, N, D), dtype), random_bits(rng, (l, N), dtype)
    return (dy, x, w), as_tensor(x, dtype).requires_grad_(), as_tensor(w, dtype).requires_grad_()


def window_starts(ends, l, d):
    """The first token of every window, in output order (the forward's rule, read from the README)."""
    starts, begin = [], 0
    for end in ends:
        starts += range(begin, end - l + 1, d)
        begin = end
    return torch.tensor(starts, dtype=torch.long)


def reference_compress(x, w, ends, l, d):
    """out[o, n, :] = sum_j w[j, n] * x[start_o + j, n, :] in x's dtype, differentiable."""
    rows = window_starts(ends, l, d)[:, None] + torch.arange(l)[None, :]     # [K, l]
    return (x[rows] * w[None, :, :, None]).sum(dim=1)


@pytest.mark.parametrize("dtype", TORCH_DTYPES)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_opcheck_with_autograd(dtype, case):
    T, N, D, l, d, ends = case
    _, x, w = leaves(case, dtype)
    result = torch.library.opcheck(OP.default, (x, w, l, d), {"actual_seq_len": ends})
    assert set(result.values()) == {"SUCCESS"}, result
    assert set(result) == {"test_schema", "test_autograd_registration", "test_faketensor",
                           "test_aot_dispatch_dynamic"}


@pytest.mark.parametrize("dtype", TORCH_DTYPES)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_gradients_bit_exact(grad_golden, dtype, case):
    T, N, D, l, d, ends = case
    (dy, x_bits, w_bits), x, w = leaves(case, dtype)
    out = nsa_compress.npu_nsa_compress(x, w, l, d, actual_seq_len=ends)
    dx, dw = torch.autograd.grad(out, (x, w), as_tensor(dy, dtype))
    want_dx, want_dw = grad_golden.layout_grads(dy, x_bits, w_bits, "TND", ends, 0, l, d, dtype)
    np.testing.assert_array_equal(bits(dx), want_dx, err_msg="x.grad")
    np.testing.assert_array_equal(bits(dw), want_dw, err_msg="w.grad")


@pytest.mark.parametrize("dtype", TORCH_DTYPES)
def test_backward_of_a_sum(grad_golden, dtype):
    # out.sum().backward() hands the op an expanded grad of ones (every stride 0).
    case = CASES[1]
    T, N, D, l, d, ends = case
    (dy, x_bits, w_bits), x, w = leaves(case, dtype)
    nsa_compress.npu_nsa_compress(x, w, l, d, actual_seq_len=ends).sum().backward()
    ones = bits(torch.ones(dy.shape, dtype=TORCH_DTYPES[dtype]))
    want_dx, want_dw = grad_golden.layout_grads(ones, x_bits, w_bits, "TND", ends, 0, l, d, dtype)
    np.testing.assert_array_equal(bits(x.grad), want_dx, err_msg="x.grad")
    np.testing.assert_array_equal(bits(w.grad), want_dw, err_msg="w.grad")


@pytest.mark.parametrize("dtype", TORCH_DTYPES)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_gradients_within_the_float64_bound(grad_golden, dtype, case):
    T, N, D, l, d, ends = case
    (dy, _, _), x, w = leaves(case, dtype, seed=50)
    dy = as_tensor(dy, dtype)
    out = nsa_compress.npu_nsa_compress(x, w, l, d, actual_seq_len=ends)
    dx, dw = torch.autograd.grad(out, (x, w), dy)

    def reference_grads(x64, w64, dy64):
        x64, w64 = x64.detach().requires_grad_(), w64.detach().requires_grad_()
        return torch.autograd.grad(reference_compress(x64, w64, ends, l, d), (x64, w64), dy64)

    x64, w64, dy64 = x.detach().double(), w.detach().double(), dy.double()
    g_dx, g_dw = reference_grads(x64, w64, dy64)
    # The form is bilinear: its gradients at |x|, |w|, |dy| are the sums of the products' magnitudes.
    m_dx, m_dw = reference_grads(x64.abs(), w64.abs(), dy64.abs())
    K = out.shape[0]
    dx_bound = grad_golden.input_grad_tolerance(g_dx.numpy(), m_dx.numpy(), l, d, dtype)
    dw_bound = grad_golden.weight_grad_tolerance(g_dw.numpy(), m_dw.numpy(), K, D, dtype)
    assert np.all(np.abs(dx.double().numpy() - g_dx.numpy()) <= dx_bound), "x.grad"
    assert np.all(np.abs(dw.double().numpy() - g_dw.numpy()) <= dw_bound), "w.grad"


@pytest.mark.parametrize("dtype", TORCH_DTYPES)
def test_compile_fullgraph_forward_and_backward_equal_eager(dtype):
    torch._dynamo.reset()
    case = CASES[3]
    T, N, D, l, d, ends = case
    (dy, _, _), x, w = leaves(case, dtype, seed=11)
    dy = as_tensor(dy, dtype)

    def f(x, w):
        return nsa_compress.npu_nsa_compress(x * 2, w, l, d, actual_seq_len=ends) + 1

    compiled = torch.compile(f, fullgraph=True)
    results = {}
    for name, fn in (("eager", f), ("compiled", compiled)):
        out = fn(x, w)
        results[name] = (out, *torch.autograd.grad(out, (x, w), dy))
    for what, eager, got in zip(("out", "x.grad", "w.grad"), results["eager"], results["compiled"]):
        assert got.dtype == eager.dtype and got.shape == eager.shape, what
        assert torch.equal(got.view(torch.int16), eager.view(torch.int16)), what
