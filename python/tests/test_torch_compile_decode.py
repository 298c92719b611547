"""torch.ops.nsa_compress.compress_with_cache_lens under torch.compile: a decode loop whose lengths
change every step compiles once (fullgraph=True) and gives eager's cache bits every step, where
npu_nsa_compress_infer's `int[]` lengths recompile every step; opcheck; the lengths' dtype and rank
refused alike by the real and the fake kernel."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

import nsa_compress  # noqa: E402,F401  (registers the ops)
from with_cache_cases import paged  # noqa: E402

OP = torch.ops.nsa_compress.compress_with_cache_lens.default
STEPS = 20


def _setup():
    """A paged pool of 4 batches of up to 6 pages of 16 tokens, l 32, d 16, a 9-row cache."""
    case = paged(np.random.default_rng(21), "bfloat16", 16, 2, 32, 32, 16, 4, 6, 9)
    as_torch = lambda bits: torch.from_numpy(bits.view(np.int16)).view(torch.bfloat16)  # noqa: E731
    return (as_torch(case.pool), as_torch(case.weight), torch.from_numpy(case.slots), torch.from_numpy(case.table),
            as_torch(case.cache.copy()))


def _step(x, w, slots, table, lens, cache):
    torch.ops.nsa_compress.compress_with_cache_lens(x, w, slots, lens, 32, 16, 16, table, cache)
    return cache.view(torch.int16).to(torch.int64).sum()


def test_a_decode_loop_compiles_once_and_equals_eager():
    # aot_eager: AOT autograd functionalizes the graph (the mutation of cache becomes a copy back
    # into the input), as Inductor does, without compiling C++.
    from torch._dynamo.testing import CompileCounterWithBackend
    torch._dynamo.reset()
    counter = CompileCounterWithBackend("aot_eager")
    x, w, slots, table, cache = _setup()
    eager_cache, compiled_cache = cache.clone(), cache.clone()
    compiled = torch.compile(_step, fullgraph=True, backend=counter)
    start = torch.tensor([20, 31, 47, 60])
    writes = 0
    for i in range(STEPS):
        lens = start + i  # every batch one token longer per step: each completes a window every d steps
        before = eager_cache.clone()
        eager = _step(x, w, slots, table, lens, eager_cache)
        assert torch.equal(compiled(x, w, slots, table, lens, compiled_cache), eager)
        assert torch.equal(compiled_cache.view(torch.int16), eager_cache.view(torch.int16)), f"step {i}"
        writes += int(not torch.equal(before.view(torch.int16), eager_cache.view(torch.int16)))
    assert counter.frame_count == 1
    assert writes >= 4, "the loop must write rows at several steps"


def test_the_list_form_recompiles_every_step():
    # Why the tensor form exists: torch_npu's int[] is guarded by value.
    torch._dynamo.reset()
    compiles = []
    x, w, slots, table, cache = _setup()

    def step(x, cache, lens):
        nsa_compress.npu_nsa_compress_infer(x, w, slots, 32, 16, 16, block_table=table, actual_seq_len=lens,
                                            cache=cache)
        return cache

    compiled = torch.compile(step, backend=lambda graph, inputs: compiles.append(graph) or graph)
    for i in range(3):
        compiled(x, cache, [20 + i, 31 + i, 47 + i, 60 + i])
    assert len(compiles) == 3


def test_opcheck():
    x, w, slots, table, cache = _setup()
    result = torch.library.opcheck(OP, (x, w, slots, torch.tensor([32, 48, 40, 64]), 32, 16, 16, table, cache))
    assert set(result.values()) == {"SUCCESS"}, result


@pytest.mark.parametrize("lens", [torch.tensor([32, 48, 40, 64], dtype=torch.int32), torch.tensor([[32, 48]])])
def test_lengths_of_another_dtype_or_rank_are_refused(lens):
    x, w, slots, table, cache = _setup()
    with pytest.raises(ValueError, match="seq_lens must be a one-dimensional int64 tensor"):
        OP(x, w, slots, lens, 32, 16, 16, table, cache)
    from torch._subclasses.fake_tensor import FakeTensorMode
    with FakeTensorMode() as mode:
        fake = [mode.from_tensor(t) for t in (x, w, slots, lens, table, cache)]
        with pytest.raises(ValueError, match="seq_lens must be a one-dimensional int64 tensor"):
            OP(*fake[:4], 32, 16, 16, fake[4], fake[5])
