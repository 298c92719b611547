"""torch.ops.nsa_compress.compress_with_cache_v2 (the decode op's second entry point): the schema
with its two mutated caches, the golden's bits on both backends through the torch op, caches that
are views of a larger tensor updated in place, opcheck, a compiled serving loop (decode steps and a
chunk of several tokens) that compiles once and equals eager, and the refusals of the real and the
fake kernel."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import nsa_compress  # noqa: E402,F401  (registers the ops)
from helpers import BACKENDS  # noqa: E402
from test_with_cache_golden import _rng  # noqa: E402
from with_cache_v2_cases import v2_case  # noqa: E402

OP = torch.ops.nsa_compress.compress_with_cache_v2.default
TORCH_DTYPES = {"float16": torch.float16, "bfloat16": torch.bfloat16}


def _tensor(bits, dtype):
    return torch.from_numpy(bits.view(np.int16).copy()).view(TORCH_DTYPES[dtype])


def _bits(tensor):
    return tensor.view(torch.int16).numpy().view(np.uint16)


def _arguments(case):
    """(positional, keyword) arguments of the op for a case, the caches as fresh tensors."""
    dtype = case.dtype
    positional = (_tensor(case.pools[0], dtype), _tensor(case.weights[0], dtype), torch.from_numpy(case.slots),
                  torch.from_numpy(case.prev), torch.from_numpy(case.lengths), torch.from_numpy(case.table), case.l,
                  case.d, case.page_size, _tensor(case.caches[0], dtype))
    keyword = {}
    if len(case.pools) == 2:
        keyword = dict(value_input=_tensor(case.pools[1], dtype), value_weight=_tensor(case.weights[1], dtype),
                       value_cache=_tensor(case.caches[1], dtype))
    return positional, keyword


def test_the_schema_mutates_both_caches_and_returns_nothing():
    schema = str(OP._schema)
    assert "Tensor(a!) cache" in schema and "Tensor(b!)? value_cache=None" in schema
    assert schema.endswith("-> ()")


@pytest.mark.parametrize("pools", (1, 2))
@pytest.mark.parametrize("dtype", ("float16", "bfloat16"))
@pytest.mark.parametrize("backend", BACKENDS)
def test_the_op_writes_the_goldens_bits(monkeypatch, backend, dtype, pools):
    monkeypatch.setenv("NSA_COMPRESS_BACKEND", backend)
    case = v2_case(_rng("torch", dtype, pools), dtype, 32, 4, 64, 64, 32, 5, 4, 24, 3, 40, pools=pools)
    want, written = case.expected()
    assert len(written) > 2
    positional, keyword = _arguments(case)
    OP(*positional, **keyword)
    np.testing.assert_array_equal(_bits(positional[-1]), want[0])
    if pools == 2:
        np.testing.assert_array_equal(_bits(keyword["value_cache"]), want[1])


def test_caches_that_are_views_of_one_tensor_are_updated_in_place():
    # K and V caches as the two halves of one [R, 2, N, D] tensor: the writes land in it.
    case = v2_case(_rng("torch-views"), "bfloat16", 16, 2, 32, 32, 16, 4, 3, 12, 3, None, pools=2)
    want, written = case.expected()
    assert written
    positional, keyword = _arguments(case)
    both = torch.stack([positional[-1], keyword["value_cache"]], dim=1)
    OP(*positional[:-1], both[:, 0], **dict(keyword, value_cache=both[:, 1]))
    np.testing.assert_array_equal(_bits(both[:, 0].contiguous()), want[0])
    np.testing.assert_array_equal(_bits(both[:, 1].contiguous()), want[1])


@pytest.mark.parametrize("pools", (1, 2))
def test_opcheck(pools):
    case = v2_case(_rng("opcheck", pools), "float16", 16, 2, 32, 32, 16, 4, 3, 12, 3, 5, pools=pools)
    positional, keyword = _arguments(case)
    result = torch.library.opcheck(OP, positional, keyword)
    assert set(result.values()) == {"SUCCESS"}, result


def _serve(x, w, slots, prev, lens, table, cache, v, vw, value_cache):
    OP(x, w, slots, prev, lens, table, 32, 16, 16, cache, value_input=v, value_weight=vw, value_cache=value_cache)
    return cache.view(torch.int16).to(torch.int64).sum() + value_cache.view(torch.int16).to(torch.int64).sum()


def test_a_serving_loop_compiles_once_and_equals_eager():
    # aot_eager functionalizes the graph (each mutated cache becomes a copy back), as Inductor does.
    from torch._dynamo.testing import CompileCounterWithBackend
    torch._dynamo.reset()
    counter = CompileCounterWithBackend("aot_eager")
    case = v2_case(_rng("serve"), "bfloat16", 16, 2, 32, 32, 16, 4, 6, 16, 2, 1, pools=2)
    positional, keyword = _arguments(case)
    x, w, slots, _, _, table = positional[:6]
    eager = [positional[-1].clone(), keyword["value_cache"].clone()]
    compiled_caches = [positional[-1].clone(), keyword["value_cache"].clone()]
    compiled = torch.compile(_serve, fullgraph=True, backend=counter)
    lens, writes = torch.tensor([20, 31, 47, 60]), 0
    for step, tokens in enumerate([1] * 12 + [5, 3] + [1] * 6):  # decode steps and two multi-token chunks
        prev, lens = lens, lens + tokens
        before = eager[0].clone()
        want = _serve(x, w, slots, prev, lens, table, eager[0], keyword["value_input"], keyword["value_weight"],
                      eager[1])
        got = compiled(x, w, slots, prev, lens, table, compiled_caches[0], keyword["value_input"],
                       keyword["value_weight"], compiled_caches[1])
        assert torch.equal(got, want)
        for mine, theirs in zip(compiled_caches, eager):
            assert torch.equal(mine.view(torch.int16), theirs.view(torch.int16)), f"step {step}"
        writes += int(not torch.equal(before.view(torch.int16), eager[0].view(torch.int16)))
    assert counter.frame_count == 1
    assert writes >= 4, "the loop must write rows at several steps"


def _refused_by_both(error, match, positional, keyword):
    with pytest.raises(error, match=match):
        OP(*positional, **keyword)
    from torch._subclasses.fake_tensor import FakeTensorMode
    with FakeTensorMode() as mode, pytest.raises(error, match=match):
        fake = [mode.from_tensor(a) if isinstance(a, torch.Tensor) else a for a in positional]
        OP(*fake, **{k: mode.from_tensor(v) for k, v in keyword.items()})


def test_a_v_pool_without_its_cache_is_refused_by_the_real_and_the_fake_kernel():
    case = v2_case(_rng("refuse-v"), "float16", 16, 2, 32, 32, 16, 2, 2, 4, 1, 1, pools=2)
    positional, keyword = _arguments(case)
    del keyword["value_cache"]
    _refused_by_both(RuntimeError, "value_input, value_weight and value_cache come together", positional, keyword)


def test_lengths_of_another_rank_are_refused_by_the_fake_kernel():
    case = v2_case(_rng("refuse-lens"), "float16", 16, 2, 32, 32, 16, 2, 2, 4, 1, 1)
    positional, keyword = _arguments(case)
    positional = positional[:4] + (positional[4][None, :],) + positional[5:]
    from torch._subclasses.fake_tensor import FakeTensorMode
    with FakeTensorMode() as mode, pytest.raises(RuntimeError, match="act_seq_len must be a one-dimensional int64"):
        OP(*[mode.from_tensor(a) if isinstance(a, torch.Tensor) else a for a in positional])
    with pytest.raises(nsa_compress.NsaCompressError, match="actSeqLen shape is") as refused:
        OP(*positional)
    assert refused.value.status == 161002


def test_index_tensors_of_a_float_dtype_are_refused_by_name():
    case = v2_case(_rng("refuse-dtype"), "float16", 16, 2, 32, 32, 16, 2, 2, 4, 1, 1)
    positional, _ = _arguments(case)
    positional = positional[:3] + (positional[3].to(torch.float32),) + positional[4:]
    with pytest.raises(TypeError, match="prev_seq_len dtype is torch.float32; it must be torch.int64"):
        OP(*positional)
