"""torch.ops.nsa_compress.compress_varlen / compress_varlen_grad, the compile form of the op (the
cumulative ends as an int64 tensor, K an unbacked size): the same bits as torch_npu's drop-in
form, its refusals, opcheck, and a torch.compile(fullgraph=True) training step over 100 batches
whose packing (T, the number of sequences and their lengths) changes every batch, compiled at
most twice and bit-equal to eager every batch."""
import time

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import nsa_compress  # noqa: E402
from nsa_compress import torch_ops  # noqa: E402,F401  (registers the ops in torch.ops.nsa_compress)
from torch._dynamo.utils import counters  # noqa: E402
from torch._inductor import compile_fx  # noqa: E402

VARLEN = torch.ops.nsa_compress.compress_varlen
VARLEN_GRAD = torch.ops.nsa_compress.compress_varlen_grad
DTYPES = {"float16": torch.float16, "bfloat16": torch.bfloat16}
N, D, L, S = 2, 16, 32, 16   # small: the test is about compilations, not throughput
BATCHES = 100


def random_tensor(gen, shape, dtype):
    return torch.randn(shape, generator=gen).to(dtype)


def packing(rng):
    """One batch's packing: 1 to 5 sequences of 1 to 90 tokens (some shorter than a block, so K
    can be 0, and T can be 1), as int64 lengths."""
    return torch.from_numpy(rng.integers(1, 91, int(rng.integers(1, 6))).astype(np.int64))


# The first batches: one with every size above 1, then the sizes 0 and 1 that Dynamo specialises
# backed sizes on (T = 1, B = 1, K = 0, K = 1), so that they come after the first compilation.
# (lengths, T, B, K with L = 32, S = 16): ([40, 33, 90], 163, 3, 6), ([1], 1, 1, 0),
# ([40, 5], 45, 2, 1), ([20], 20, 1, 0), ([32, 16, 48, 1], 97, 4, 3); then random packings.
FIRST_PACKINGS = [[40, 33, 90], [1], [40, 5], [20], [32, 16, 48, 1]]


def bits(tensor):
    return tensor.view(torch.int16 if tensor.element_size() == 2 else torch.int32)


@pytest.mark.parametrize("dtype", DTYPES)
def test_varlen_equals_drop_in_op(dtype):
    """Forward and both gradients: the bits of npu_nsa_compress with the same ends as a list."""
    rng, gen = np.random.default_rng(3), torch.Generator().manual_seed(3)
    for _ in range(6):
        lengths = packing(rng)
        ends = torch.cumsum(lengths, 0)
        T = int(ends[-1])
        x = random_tensor(gen, (T, N, D), DTYPES[dtype]).requires_grad_()
        w = random_tensor(gen, (L, N), DTYPES[dtype]).requires_grad_()
        results = []
        for out in (VARLEN(x, w, ends, L, S), nsa_compress.npu_nsa_compress(x, w, L, S, actual_seq_len=ends.tolist())):
            dy = random_tensor(torch.Generator().manual_seed(T), out.shape, DTYPES[dtype])
            results.append((out, *torch.autograd.grad(out, (x, w), dy)))
        for what, got, want in zip(("out", "x.grad", "w.grad"), *results):
            assert got.shape == want.shape and torch.equal(bits(got), bits(want)), what


def test_varlen_refuses_ends_that_are_not_int64():
    x, w = torch.zeros(40, N, D, dtype=torch.float16), torch.zeros(L, N, dtype=torch.float16)
    with pytest.raises(ValueError, match="cu_seqlens must be a one-dimensional int64 tensor"):
        VARLEN(x, w, torch.tensor([40], dtype=torch.int32), L, S)
    with pytest.raises(ValueError, match="cu_seqlens must be a one-dimensional int64 tensor"):
        VARLEN_GRAD(torch.zeros(1, N, D, dtype=torch.float16), x, w, torch.tensor([[40]]), L, S)


def test_varlen_refuses_int32_ends_while_tracing():
    """The fake kernel raises the real kernel's ValueError, so a compiled graph fails while traced."""
    x, w = torch.zeros(40, N, D, dtype=torch.float16), torch.zeros(L, N, dtype=torch.float16)
    torch._dynamo.reset()
    compiled = torch.compile(lambda x, w, ends: VARLEN(x, w, ends, L, S), backend="aot_eager", fullgraph=True)
    with pytest.raises(Exception, match="cu_seqlens must be a one-dimensional int64 tensor") as raised:
        compiled(x, w, torch.tensor([40], dtype=torch.int32))
    # Raised by the fake kernel while Dynamo traces, not by the real one when the graph runs.
    assert isinstance(raised.value, torch._dynamo.exc.TorchRuntimeError), repr(raised.value)


def test_varlen_grad_refuses_a_grad_of_another_row_count():
    x, w = torch.zeros(40, N, D, dtype=torch.float16), torch.zeros(L, N, dtype=torch.float16)
    with pytest.raises(nsa_compress.NsaCompressError, match=r"must be \[K, N, D\] = \[1, 2, 16\]"):
        VARLEN_GRAD(torch.zeros(2, N, D, dtype=torch.float16), x, w, torch.tensor([40]), L, S)


def test_opcheck():
    gen = torch.Generator().manual_seed(5)
    x = random_tensor(gen, (100, N, D), torch.bfloat16).requires_grad_()
    w = random_tensor(gen, (L, N), torch.bfloat16).requires_grad_()
    ends = torch.tensor([40, 41, 100])
    torch.library.opcheck(VARLEN, (x, w, ends, L, S))
    dy = random_tensor(gen, VARLEN(x, w, ends, L, S).shape, torch.bfloat16)
    torch.library.opcheck(VARLEN_GRAD, (dy, x.detach(), w.detach(), ends, L, S))


def compress_ends(x, w, lengths):
    """The documented compile form: the ends computed inside the compiled region, as a tensor."""
    return VARLEN(x * 2, w, torch.cumsum(lengths, 0), L, S)


def compress_given_ends(x, w, ends):
    """The ends computed outside (as a data loader gives them), as an int64 tensor."""
    return VARLEN(x * 2, w, ends, L, S)


def compiled_training_steps(step, dtype, batches=BATCHES, seed=0, feed="lengths"):
    """Runs `step(x, w, lengths) -> out` (`step(x, w, ends)` with feed="ends", the cumulative ends
    as an int64 tensor, or feed="list", as a list of ints, the drop-in op's form, to show what it
    costs) eagerly and under torch.compile(fullgraph=True), forward
    and backward (torch.autograd.grad through the compiled backward), over `batches` random
    packings; asserts the same bits every batch and no graph break, and returns the counts:
    "dynamo", the compilations, and "inductor", the forward and backward graphs they compiled."""
    torch._dynamo.reset()
    counters.clear()
    compiled_graphs = {"dynamo": 0, "inductor": 0}

    def inner_compile(*args, **kwargs):
        compiled_graphs["inductor"] += 1
        return compile_fx.compile_fx_inner(*args, **kwargs)

    def backend(graph, example_inputs):
        compiled_graphs["dynamo"] += 1
        return compile_fx.compile_fx(graph, example_inputs, inner_compile=inner_compile)

    compiled = torch.compile(step, backend=backend, fullgraph=True)
    with torch._functorch.config.patch(enable_autograd_cache=False), torch._inductor.config.patch(fx_graph_cache=False):
        # No compiled artefacts from the disk caches: every compilation is counted (and paid) here.
        _run_batches(step, compiled, dtype, batches, seed, feed)
    return compiled_graphs


def _run_batches(step, compiled, dtype, batches, seed, feed):
    rng, gen = np.random.default_rng(seed), torch.Generator().manual_seed(seed)
    previous = torch.zeros(0, dtype=torch.int64)
    for batch in range(batches):
        lengths = torch.tensor(FIRST_PACKINGS[batch]) if batch < len(FIRST_PACKINGS) else packing(rng)
        while len(lengths) == len(previous) or lengths.sum() == previous.sum():
            lengths = packing(rng)   # T and the number of sequences change every batch
        previous = lengths
        T = int(lengths.sum())
        x = random_tensor(gen, (T, N, D), dtype).requires_grad_()
        w = random_tensor(gen, (L, N), dtype).requires_grad_()
        packed = lengths if feed == "lengths" else torch.cumsum(lengths, 0)
        packed = packed.tolist() if feed == "list" else packed
        # T and the number of sequences are sizes that change every batch: unbacked, so that
        # Dynamo neither guards on them nor specialises the sizes 0 and 1.
        torch._dynamo.decorators.mark_unbacked(x, 0)
        if feed != "list":
            torch._dynamo.decorators.mark_unbacked(packed, 0)
        results = []
        for fn in (step, compiled):
            out = fn(x, w, packed)
            dy = random_tensor(torch.Generator().manual_seed(batch), out.shape, dtype)
            results.append((out, *torch.autograd.grad(out, (x, w), dy)))
        for what, want, got in zip(("out", "x.grad", "w.grad"), *results):
            assert got.dtype == want.dtype and got.shape == want.shape, (batch, what)
            assert torch.equal(bits(got), bits(want)), (batch, what)
    assert not counters["graph_break"]


# Two runs, not four: each form once, each dtype once.
@pytest.mark.parametrize("dtype, feed", [("float16", "lengths"), ("bfloat16", "ends")])
def test_compile_at_most_twice_over_changing_packings(dtype, feed):
    start = time.perf_counter()
    step = {"lengths": compress_ends, "ends": compress_given_ends}[feed]
    graphs = compiled_training_steps(step, DTYPES[dtype], feed=feed)
    dynamo, inductor = graphs["dynamo"], graphs["inductor"]
    assert 1 <= dynamo <= 2, f"{dynamo} compilations for {BATCHES} packings"
    assert inductor <= 2 * dynamo, f"{inductor} forward and backward graphs compiled for {dynamo} compilations"
    print(f"{BATCHES} batches: {dynamo} compilation(s), {inductor} graphs, {time.perf_counter() - start:.1f} s")
