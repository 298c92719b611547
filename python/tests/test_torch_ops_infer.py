"""torch.ops.nsa_compress.npu_nsa_compress_infer.cache and nsa_compress.npu_nsa_compress_infer:
torch_npu's schema (the aliased return dropped), the cache updated in place and returned, bit-exact
against the golden on both backends, views, opcheck (schema, fake kernel, autograd registration,
aot dispatch with the mutation functionalized), torch.compile(fullgraph=True) equal to eager, the
fake kernel's refusals and the op's refusals with the aclnn message."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import nsa_compress  # noqa: E402
from nsa_compress import torch_ops_infer  # noqa: E402
from helpers import BACKENDS, random_bits  # noqa: E402
from with_cache_cases import packed, paged  # noqa: E402

OP = torch.ops.nsa_compress.npu_nsa_compress_infer.cache
TORCH_DTYPES = {"float16": torch.float16, "bfloat16": torch.bfloat16}
# torch_npu's, verbatim (Ascend/op-plugin op_plugin/config/op_plugin_functions.yaml @ 517f2e7).
TORCH_NPU_SCHEMA = ("npu_nsa_compress_infer.cache(Tensor input, Tensor weight, Tensor slot_mapping, int "
                    "compress_block_size, int compress_stride, int page_block_size, *, Tensor? block_table=None, "
                    "int[]? actual_seq_len=None, Tensor(a!) cache) -> Tensor(a!)")


def as_torch(bits, dtype):
    return torch.from_numpy(np.ascontiguousarray(bits).view(np.int16)).view(TORCH_DTYPES[dtype])


def bits(tensor):
    return tensor.view(torch.int16).numpy().view(np.uint16)


def torch_args(case):
    """(positional args, keyword args) of the op for a case, with a fresh cache tensor."""
    table = None if case.table is None else torch.from_numpy(case.table)
    args = (as_torch(case.pool, case.dtype), as_torch(case.weight, case.dtype), torch.from_numpy(case.slots),
            case.l, case.d, case.page_size)
    return args, {"block_table": table, "actual_seq_len": case.lengths, "cache": as_torch(case.cache, case.dtype)}


def test_schema_is_torch_npus_with_no_aliased_return():
    assert str(OP._schema) == "nsa_compress::" + TORCH_NPU_SCHEMA.replace("-> Tensor(a!)", "-> ()")
    assert OP._schema.arguments[-1].alias_info.is_write


@pytest.mark.parametrize("dtype", TORCH_DTYPES)
@pytest.mark.parametrize("backend", BACKENDS)
def test_bit_exact_in_place_and_returned(monkeypatch, backend, dtype):
    monkeypatch.setenv("NSA_COMPRESS_BACKEND", backend)
    for case in (paged(np.random.default_rng(5), dtype, 16, 2, 32, 32, 16, 6, 4, 9),
                 packed(np.random.default_rng(6), dtype, 3, 64, 32, 16, 5, 90, 7)):
        args, kwargs = torch_args(case)
        want, written = case.expected()
        assert written
        result = nsa_compress.npu_nsa_compress_infer(*args, **kwargs)
        assert result is kwargs["cache"]
        np.testing.assert_array_equal(bits(result), want)


@pytest.mark.parametrize("backend", BACKENDS)
def test_views_are_read_and_updated_in_place(monkeypatch, backend):
    # K halves of [blocks, 2, P, N, D] and [R, 2, N, D] buffers, a transposed weight.
    monkeypatch.setenv("NSA_COMPRESS_BACKEND", backend)
    case = paged(np.random.default_rng(8), "bfloat16", 16, 2, 32, 32, 16, 4, 3, 6)
    rng = np.random.default_rng(9)
    pool_buffer = as_torch(random_bits(rng, (case.pool.shape[0], 2) + case.pool.shape[1:], "bfloat16"), "bfloat16")
    pool_buffer[:, 0] = as_torch(case.pool, "bfloat16")
    cache_buffer = as_torch(rng.integers(0, 1 << 16, (6, 2, 2, 32), dtype=np.uint16), "bfloat16")
    before = bits(cache_buffer).copy()
    case.cache = before[:, 0]
    weight = as_torch(np.ascontiguousarray(case.weight.T), "bfloat16").t()
    assert not weight.is_contiguous() and not cache_buffer[:, 0].is_contiguous()
    want, _ = case.expected()
    nsa_compress.npu_nsa_compress_infer(pool_buffer[:, 0], weight, torch.from_numpy(case.slots), 32, 16, 16,
                                        block_table=torch.from_numpy(case.table), actual_seq_len=case.lengths,
                                        cache=cache_buffer[:, 0])
    np.testing.assert_array_equal(bits(cache_buffer[:, 0]), want)
    np.testing.assert_array_equal(bits(cache_buffer[:, 1]), before[:, 1])


@pytest.mark.parametrize("dtype", TORCH_DTYPES)
@pytest.mark.parametrize("layout", ("paged", "tnd"))
def test_opcheck(layout, dtype):
    rng = np.random.default_rng(10)
    case = paged(rng, dtype, 16, 2, 32, 32, 16, 4, 3, 6) if layout == "paged" else packed(rng, dtype, 2, 32, 32,
                                                                                             16, 4, 80, 6)
    args, kwargs = torch_args(case)
    result = torch.library.opcheck(OP, args, kwargs)
    assert set(result.values()) == {"SUCCESS"}, result
    assert set(result) == {"test_schema", "test_autograd_registration", "test_faketensor",
                           "test_aot_dispatch_dynamic"}


def test_compile_fullgraph_equals_eager():
    torch._dynamo.reset()
    case = paged(np.random.default_rng(12), "float16", 16, 2, 32, 32, 16, 5, 3, 7)
    args, kwargs = torch_args(case)
    x, w, slots, l, d, P = args

    def step(x, cache):
        nsa_compress.npu_nsa_compress_infer(x * 2, w, slots, l, d, P, block_table=kwargs["block_table"],
                                            actual_seq_len=case.lengths, cache=cache)
        # Integer sums of the bits: exact in any order, and they read the cache after the op.
        return cache.view(torch.int16).to(torch.int64).sum(dim=(1, 2))

    eager_cache, compiled_cache = kwargs["cache"].clone(), kwargs["cache"].clone()
    eager = step(x, eager_cache)
    compiled = torch.compile(step, fullgraph=True)(x, compiled_cache)
    assert torch.equal(compiled_cache.view(torch.int16), eager_cache.view(torch.int16))
    assert not torch.equal(eager_cache.view(torch.int16), kwargs["cache"].view(torch.int16))
    assert torch.equal(compiled, eager)


@pytest.mark.parametrize("change, says", [
    (dict(actual_seq_len=None), "actual_seq_len is None"),
    (dict(block_table=None), "block_table is None; a paged input"),
])
def test_fake_kernel_refuses_while_tracing(change, says):
    from torch._subclasses.fake_tensor import FakeTensorMode
    case = paged(np.random.default_rng(13), "float16", 16, 2, 32, 32, 16, 3, 3, 4)
    args, kwargs = torch_args(case)
    kwargs.update(change)
    with FakeTensorMode() as mode:
        fake_args = [mode.from_tensor(a) if isinstance(a, torch.Tensor) else a for a in args]
        fake_kwargs = {k: mode.from_tensor(v) if isinstance(v, torch.Tensor) else v for k, v in kwargs.items()}
        with pytest.raises(RuntimeError, match=says):
            OP(*fake_args, **fake_kwargs)


def test_refusals_raise_with_the_aclnn_message():
    case = paged(np.random.default_rng(14), "float16", 16, 2, 32, 32, 16, 3, 3, 4)
    args, kwargs = torch_args(case)
    with pytest.raises(nsa_compress.NsaCompressError, match=r"pageBlockSize is 32, it must equal the input page size"):
        nsa_compress.npu_nsa_compress_infer(*args[:5], 32, **kwargs)
    with pytest.raises(nsa_compress.NsaCompressError, match=r"slotMapping dtype is DT_INT64, it must be DT_INT32"):
        nsa_compress.npu_nsa_compress_infer(args[0], args[1], args[2].long(), *args[3:], **kwargs)
    with pytest.raises(TypeError, match=r"slot_mapping dtype is torch.float32; it must be torch.int32"):
        nsa_compress.npu_nsa_compress_infer(args[0], args[1], args[2].float(), *args[3:], **kwargs)
    with pytest.raises(TypeError, match=r"page_block_size is True, a bool"):
        nsa_compress.npu_nsa_compress_infer(*args[:5], True, **kwargs)
    assert torch_ops_infer.LAYOUT == "TND" and torch_ops_infer.ACT_SEQ_LEN_TYPE == 1
