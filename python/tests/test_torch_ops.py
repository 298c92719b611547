"""torch.ops.nsa_compress.npu_nsa_compress: bit-exact against the golden on CPU tensors, opcheck
(schema, fake kernel, autograd registration, aot dispatch), FakeTensor shapes,
torch.compile(fullgraph=True) equal to eager, and refusals raised with the aclnn message."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import nsa_compress  # noqa: E402
from nsa_compress import torch_ops  # noqa: E402
from helpers import random_bits  # noqa: E402

OP = torch.ops.nsa_compress.npu_nsa_compress
TORCH_DTYPES = {"float16": torch.float16, "bfloat16": torch.bfloat16}
# (T, N, D, l, d, cumulative ends)
CASES = [
    (64, 4, 32, 32, 32, [64]),
    (100, 4, 64, 32, 16, [40, 100]),
    (257, 3, 16, 64, 32, [0, 31, 31, 130, 257]),
    (50, 2, 32, 64, 64, [20, 50]),   # K = 0
]
CASE_IDS = [f"T{c[0]}N{c[1]}D{c[2]}l{c[3]}d{c[4]}-{len(c[5])}seq" for c in CASES]


def tensors(case, dtype, seed=0):
    T, N, D, l, d, ends = case
    rng = np.random.default_rng(seed + T)
    x, w = random_bits(rng, (T, N, D), dtype), random_bits(rng, (l, N), dtype)
    as_torch = lambda bits: torch.from_numpy(bits.view(np.int16)).view(TORCH_DTYPES[dtype])  # noqa: E731
    return x, w, as_torch(x), as_torch(w)


def bits(tensor):
    return tensor.view(torch.int16).numpy().view(np.uint16)


def test_schema_is_torch_npus():
    assert str(OP.default._schema) == ("nsa_compress::npu_nsa_compress(Tensor input, Tensor weight, "
                                       "int compress_block_size, int compress_stride, *, "
                                       "int[]? actual_seq_len=None) -> Tensor")


@pytest.mark.parametrize("dtype", TORCH_DTYPES)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_bit_exact(golden, dtype, case):
    T, N, D, l, d, ends = case
    x, w, xt, wt = tensors(case, dtype)
    out = nsa_compress.npu_nsa_compress(xt, wt, l, d, actual_seq_len=ends)
    want = golden.layout_golden(x, w, "TND", ends, 0, l, d, dtype)
    assert out.dtype == TORCH_DTYPES[dtype] and tuple(out.shape) == want.shape
    np.testing.assert_array_equal(bits(out), want)


@pytest.mark.parametrize("dtype", TORCH_DTYPES)
def test_non_contiguous_tensors(golden, dtype):
    rng = np.random.default_rng(3)
    qkv = torch.from_numpy(random_bits(rng, (96, 3, 4, 32), dtype).view(np.int16)).view(TORCH_DTYPES[dtype])
    w_t = torch.from_numpy(random_bits(rng, (4, 32), dtype).view(np.int16)).view(TORCH_DTYPES[dtype]).t()
    x = qkv[:, 1]
    assert not x.is_contiguous() and not w_t.is_contiguous() and x.storage_offset() > 0
    out = nsa_compress.npu_nsa_compress(x, w_t, 32, 16, actual_seq_len=[30, 96])
    want = golden.layout_golden(bits(x.contiguous()), bits(w_t.contiguous()), "TND", [30, 96], 0, 32, 16, dtype)
    np.testing.assert_array_equal(bits(out), want)


@pytest.mark.parametrize("dtype", TORCH_DTYPES)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_opcheck(dtype, case):
    T, N, D, l, d, ends = case
    _, _, xt, wt = tensors(case, dtype)
    result = torch.library.opcheck(OP.default, (xt, wt, l, d), {"actual_seq_len": ends})
    assert set(result.values()) == {"SUCCESS"}, result
    assert set(result) == {"test_schema", "test_autograd_registration", "test_faketensor",
                           "test_aot_dispatch_dynamic"}


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_fake_tensor_shape(case):
    from torch._subclasses.fake_tensor import FakeTensorMode
    T, N, D, l, d, ends = case
    lengths = np.diff(ends, prepend=0)
    rows = int(sum((L - l) // d + 1 for L in lengths if L >= l))
    with FakeTensorMode():
        out = OP(torch.empty(T, N, D, dtype=torch.float16), torch.empty(l, N, dtype=torch.float16), l, d,
                 actual_seq_len=ends)
    assert tuple(out.shape) == (rows, N, D) and out.dtype == torch.float16


@pytest.mark.parametrize("dtype", TORCH_DTYPES)
def test_compile_fullgraph_equals_eager(dtype):
    torch._dynamo.reset()
    case = CASES[1]
    T, N, D, l, d, ends = case
    _, _, xt, wt = tensors(case, dtype, seed=11)

    def f(x, w):
        return nsa_compress.npu_nsa_compress(x * 2, w, l, d, actual_seq_len=ends) + 1

    eager = f(xt, wt)
    compiled = torch.compile(f, fullgraph=True)(xt, wt)
    assert compiled.dtype == eager.dtype and compiled.shape == eager.shape
    assert torch.equal(compiled.view(torch.int16), eager.view(torch.int16))


def test_refusal_raises_with_the_aclnn_message():
    x, w = torch.ones(64, 2, 32, dtype=torch.float16), torch.ones(32, 2, dtype=torch.float16)
    with pytest.raises(nsa_compress.NsaCompressError,
                       match=r"compressStride is 48, it must be a multiple of 16 in \[16, compressBlockSize=32\]\."):
        nsa_compress.npu_nsa_compress(x, w, 32, 48, actual_seq_len=[64])
    with pytest.raises(nsa_compress.NsaCompressError,
                       match=r"actSeqLen\[1\] is 30, less than actSeqLen\[0\]=40"):
        nsa_compress.npu_nsa_compress(x, w, 32, 32, actual_seq_len=[40, 30, 64])


def test_fake_refuses_a_missing_actual_seq_len():
    from torch._subclasses.fake_tensor import FakeTensorMode
    with FakeTensorMode(), pytest.raises(RuntimeError, match="actual_seq_len is None"):
        OP(torch.empty(64, 2, 32, dtype=torch.float16), torch.empty(32, 2, dtype=torch.float16), 32, 32)


def test_exported_names():
    assert nsa_compress.npu_nsa_compress is torch_ops.npu_nsa_compress
    assert "int[]? actual_seq_len=None" in torch_ops.NSA_COMPRESS_SCHEMA
