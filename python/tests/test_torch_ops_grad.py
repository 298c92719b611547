"""torch.ops.nsa_compress.npu_nsa_compress_grad: torch_npu's schema, bit-exact against the grad's
ordered golden on CPU tensors, opcheck (schema, fake kernel, autograd registration, aot
dispatch), its fake kernel's shapes and refusal, and the op's refusals raised with the aclnn
message."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import nsa_compress  # noqa: E402
from nsa_compress import torch_ops  # noqa: E402
from helpers import BACKENDS, REFUSING_CALL, random_bits  # noqa: E402

GRAD_OP = torch.ops.nsa_compress.npu_nsa_compress_grad
TORCH_DTYPES = {"float16": torch.float16, "bfloat16": torch.bfloat16}
# (T, N, D, l, d, cumulative ends)
CASES = [
    (64, 4, 32, 32, 32, [64]),
    (100, 4, 64, 32, 16, [40, 100]),
    (257, 3, 16, 64, 32, [0, 31, 31, 130, 257]),
    (600, 2, 32, 32, 16, [17, 250, 251, 600]),   # K = 33: a group of 16 windows spans sequences
    (50, 2, 32, 64, 64, [20, 50]),               # K = 0: zero gradients
]
CASE_IDS = [f"T{c[0]}N{c[1]}D{c[2]}l{c[3]}d{c[4]}-{len(c[5])}seq" for c in CASES]


def as_tensor(bits, dtype):
    return torch.from_numpy(bits.view(np.int16)).view(TORCH_DTYPES[dtype])


def bits(tensor):
    return tensor.view(torch.int16).numpy().view(np.uint16)


def grad_bits(case, dtype, seed=0):
    """Random bits of (dy [K, N, D], x [T, N, D], w [l, N]) for the case."""
    T, N, D, l, d, ends = case
    K = nsa_compress.output_shape((T, N, D), (l, N), "TND", ends, 0, l, d)[0]
    rng = np.random.default_rng(seed + T)
    return random_bits(rng, (K, N, D), dtype), random_bits(rng, (T, N, D), dtype), random_bits(rng, (l, N), dtype)


def test_schema_is_torch_npus():
    assert str(GRAD_OP.default._schema) == (
        "nsa_compress::npu_nsa_compress_grad(Tensor grad, Tensor input, Tensor weight, int compress_block_size, "
        "int compress_stride, *, int[]? actual_seq_len=None) -> (Tensor, Tensor)")


@pytest.mark.parametrize("dtype", TORCH_DTYPES)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_bit_exact(grad_golden, dtype, case):
    T, N, D, l, d, ends = case
    dy, x, w = grad_bits(case, dtype)
    dx, dw = nsa_compress.npu_nsa_compress_grad(as_tensor(dy, dtype), as_tensor(x, dtype), as_tensor(w, dtype), l, d,
                                                actual_seq_len=ends)
    want_dx, want_dw = grad_golden.layout_grads(dy, x, w, "TND", ends, 0, l, d, dtype)
    assert dx.dtype == dw.dtype == TORCH_DTYPES[dtype]
    assert tuple(dx.shape) == want_dx.shape and tuple(dw.shape) == want_dw.shape
    np.testing.assert_array_equal(bits(dx), want_dx, err_msg="input_grad")
    np.testing.assert_array_equal(bits(dw), want_dw, err_msg="weight_grad")


@pytest.mark.parametrize("dtype", TORCH_DTYPES)
def test_non_contiguous_tensors(grad_golden, dtype):
    # grad expanded along the heads (stride 0, as autograd hands out for a broadcast), input a
    # slice of a fused QKV buffer, weight the transpose of an [N, l] tensor.
    rng = np.random.default_rng(3)
    T, N, D, l, d, ends = 96, 4, 32, 32, 16, [30, 96]
    K = nsa_compress.output_shape((T, N, D), (l, N), "TND", ends, 0, l, d)[0]
    dy = as_tensor(random_bits(rng, (K, 1, D), dtype), dtype).expand(K, N, D)
    x = as_tensor(random_bits(rng, (T, 3, N, D), dtype), dtype)[:, 1]
    w = as_tensor(random_bits(rng, (N, l), dtype), dtype).t()
    assert dy.stride(1) == 0 and x.storage_offset() > 0 and not w.is_contiguous()
    dx, dw = nsa_compress.npu_nsa_compress_grad(dy, x, w, l, d, actual_seq_len=ends)
    want_dx, want_dw = grad_golden.layout_grads(bits(dy.contiguous()), bits(x.contiguous()), bits(w.contiguous()),
                                                "TND", ends, 0, l, d, dtype)
    np.testing.assert_array_equal(bits(dx), want_dx, err_msg="input_grad")
    np.testing.assert_array_equal(bits(dw), want_dw, err_msg="weight_grad")


@pytest.mark.parametrize("dtype", TORCH_DTYPES)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_opcheck(dtype, case):
    T, N, D, l, d, ends = case
    dy, x, w = (as_tensor(b, dtype) for b in grad_bits(case, dtype))
    result = torch.library.opcheck(GRAD_OP.default, (dy, x, w, l, d), {"actual_seq_len": ends})
    assert set(result.values()) == {"SUCCESS"}, result
    assert set(result) == {"test_schema", "test_autograd_registration", "test_faketensor",
                           "test_aot_dispatch_dynamic"}


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_fake_tensor_shapes(case):
    from torch._subclasses.fake_tensor import FakeTensorMode
    T, N, D, l, d, ends = case
    rows = int(sum((L - l) // d + 1 for L in np.diff(ends, prepend=0) if L >= l))
    with FakeTensorMode():
        dx, dw = GRAD_OP(torch.empty(rows, N, D, dtype=torch.bfloat16), torch.empty(T, N, D, dtype=torch.bfloat16),
                         torch.empty(l, N, dtype=torch.bfloat16), l, d, actual_seq_len=ends)
    assert tuple(dx.shape) == (T, N, D) and tuple(dw.shape) == (l, N)
    assert dx.dtype == dw.dtype == torch.bfloat16


def test_fake_refuses_a_grad_of_another_shape():
    from torch._subclasses.fake_tensor import FakeTensorMode
    with FakeTensorMode(), pytest.raises(RuntimeError, match=r"grad shape is \[4, 2, 32\], it must be the "
                                                               r"forward's output shape \[K, N, D\] = \[3, 2, 32\]"):
        GRAD_OP(torch.empty(4, 2, 32, dtype=torch.float16), torch.empty(64, 2, 32, dtype=torch.float16),
                torch.empty(32, 2, dtype=torch.float16), 32, 16, actual_seq_len=[64])


def test_fake_refuses_a_missing_actual_seq_len():
    from torch._subclasses.fake_tensor import FakeTensorMode
    with FakeTensorMode(), pytest.raises(RuntimeError, match="npu_nsa_compress_grad: actual_seq_len is None"):
        GRAD_OP(torch.empty(3, 2, 32, dtype=torch.float16), torch.empty(64, 2, 32, dtype=torch.float16),
                torch.empty(32, 2, dtype=torch.float16), 32, 16)


@pytest.mark.parametrize("backend", BACKENDS)
def test_refusals_raise_with_the_aclnn_message(monkeypatch, backend):
    monkeypatch.setenv("NSA_COMPRESS_BACKEND", backend)  # the torch ops' schemas have no backend argument
    x, w = torch.ones(64, 2, 32, dtype=torch.float16), torch.ones(32, 2, dtype=torch.float16)
    with pytest.raises(nsa_compress.NsaCompressError,
                       match=r"outputGrad shape is \[4, 2, 32\], it must be \[K, N, D\] = \[3, 2, 32\], K being "
                             r"the number of windows actSeqLen yields\.") as info:
        nsa_compress.npu_nsa_compress_grad(torch.ones(4, 2, 32, dtype=torch.float16), x, w, 32, 16,
                                           actual_seq_len=[64])
    assert info.value.call == REFUSING_CALL[backend, "grad"]
    with pytest.raises(nsa_compress.NsaCompressError,
                       match=r"compressStride is 48, it must be a multiple of 16 in \[16, compressBlockSize=32\]\."):
        nsa_compress.npu_nsa_compress_grad(torch.ones(1, 2, 32, dtype=torch.float16), x, w, 32, 48,
                                           actual_seq_len=[64])


def test_exported_names():
    assert nsa_compress.npu_nsa_compress_grad is torch_ops.npu_nsa_compress_grad
    assert "npu_nsa_compress_grad" in nsa_compress.__all__
    assert torch_ops.NSA_COMPRESS_GRAD_SCHEMA.endswith("int[]? actual_seq_len=None) -> (Tensor, Tensor)")
