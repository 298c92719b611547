"""The grad example's options beyond a plain call: views of each tensor in a larger storage (the
kernel strides through some, the operator copies others), outputs placed in another tensor's
storage, long sequence lists through --act-seq-len-file, odd staging chunks and --trace. Every
legal run is compared bit for bit with the golden of the logical tensors its views read, and
every output-storage element outside its view must keep what it held (0xFFFF)."""
from dataclasses import dataclass
from typing import Optional

import numpy as np
import pytest

from .cases import GradCase
from .checks import check_legal, context
from .golden import layout_grads
from .runner import OUTPUT_FILL, run
from ..nsa_harness.numerics import to_bits
from ..nsa_harness.views import outside_mask, place, read_view, storage_elements


@dataclass(frozen=True)
class Views:
    """Strides and offsets of each tensor (None: contiguous at 0)."""
    output_grad: tuple = (None, 0)
    input: tuple = (None, 0)
    weight: tuple = (None, 0)
    input_grad: tuple = (None, 0)
    weight_grad: tuple = (None, 0)
    copies: int = 0            # the copy launches the operator adds (views the kernel cannot stride)
    name: Optional[str] = None


BASE = GradCase("cli:views", "TND", "bfloat16", N=3, D=32, l=32, d=16, lengths=(100, 0, 57), values="cancel", seed=21)
T, N, D, L, K = BASE.T, BASE.N, BASE.D, BASE.l, BASE.K
VIEWS = [
    Views(name="contiguous"),
    # input as the K of a fused QKV buffer [T, 3, N, D]; outputGrad and weight at offsets
    Views(input=((3 * N * D, D, 1), N * D), output_grad=(None, 5), weight=(None, 3), name="qkv-input-offsets"),
    # inputGrad rows padded by 16 elements, weightGrad rows padded: written in place
    Views(input_grad=((N * D + 16, D, 1), 8), weight_grad=((N + 5, 1), 2), name="padded-outputs"),
    # inputGrad as [T, N, D] of an [N, T, D] storage (heads outermost): written in place
    Views(input_grad=((D, T * D, 1), 0), name="transposed-input-grad"),
    # weightGrad transposed ([l, N] of an [N, l] storage: its last dim steps by l): copied back
    Views(weight_grad=((1, L), 0), copies=1, name="transposed-weight-grad"),
    # every other element of outputGrad: copied in
    Views(output_grad=((2 * N * D, 2 * D, 2), 1), copies=1, name="strided-output-grad"),
]
SHAPES = {"output_grad": (K, N, D), "input": (T, N, D), "weight": (L, N), "input_grad": (T, N, D),
          "weight_grad": (L, N)}


def _storages(views, data, rng):
    """Each input's storage (random bits around the view) and the logical tensors as they read."""
    logical = {"output_grad": data.dy, "input": data.x, "weight": data.w}
    storages = {}
    for tensor, values in logical.items():
        strides, offset = getattr(views, tensor)
        storage = to_bits(rng.uniform(-4, 4, storage_elements(SHAPES[tensor], strides, offset)), BASE.dtype)
        logical[tensor] = place(storage, values, SHAPES[tensor], strides, offset)
        storages[tensor] = storage
    return storages, logical


def _call(views):
    changes = {}
    for tensor in SHAPES:
        strides, offset = getattr(views, tensor)
        if strides is not None:
            changes[f"{tensor}_strides"] = strides
        if offset:
            changes[f"{tensor}_offset"] = offset
    return BASE.call().replaced(**changes)


@pytest.mark.parametrize("views", VIEWS, ids=lambda views: views.name)
def test_grad_views_are_read_and_written_through_their_strides(views, example_binary, tmp_path):
    data = BASE.data()
    storages, logical = _storages(views, data, np.random.default_rng(22))
    result = run(_call(views), storages, tmp_path)
    where = context(BASE, result)
    assert result.returncode == 0 and result.report.get("status") == 0, f"the call failed{where}"
    expected = layout_grads(logical["output_grad"], logical["input"], logical["weight"], "TND", BASE.act_seq_len(),
                            0, L, BASE.d, BASE.dtype)
    for tensor, got_storage, want in (("input_grad", result.input_grad, expected[0]),
                                      ("weight_grad", result.weight_grad, expected[1])):
        strides, offset = getattr(views, tensor)
        assert got_storage.size == storage_elements(SHAPES[tensor], strides, offset), f"{tensor} storage{where}"
        got = read_view(got_storage, SHAPES[tensor], strides, offset)
        assert np.array_equal(got, want), \
            f"{tensor}: {int((got != want).sum())} of {want.size} elements differ from the golden{where}"
        outside = outside_mask(got_storage.size, SHAPES[tensor], strides, offset)
        assert (got_storage[outside] == OUTPUT_FILL).all(), f"{tensor}: elements outside its view changed{where}"
    assert len(result.report["copies"]) == views.copies, \
        f"{[c['op_type'] for c in result.report['copies']]}, expected {views.copies} copy launches{where}"


def test_an_output_in_an_inputs_storage_writes_its_view_only(example_binary, tmp_path):
    # weightGrad at the start of the input's storage, the input's view after it: the byte ranges
    # are apart, so the call is legal, and the input must read the same after it.
    data = BASE.data()
    call = BASE.call().replaced(input_offset=L * N, weight_grad_storage="input")
    before = np.concatenate([to_bits(np.full(L * N, 3.0), BASE.dtype), data.x.reshape(-1)])
    result = run(call, {"output_grad": data.dy, "input": before, "weight": data.w}, tmp_path)
    where = context(BASE, result)
    assert result.returncode == 0 and result.report.get("status") == 0, f"the call failed{where}"
    expected_dx, expected_dw = layout_grads(data.dy, data.x, data.w, "TND", BASE.act_seq_len(), 0, L, BASE.d,
                                            BASE.dtype)
    assert np.array_equal(result.input_grad, expected_dx.reshape(-1)), f"inputGrad differs from the golden{where}"
    after = result.weight_grad                                    # the whole shared storage
    assert after.size == before.size, f"the shared storage holds {after.size} elements, not {before.size}{where}"
    assert np.array_equal(after[:L * N], expected_dw.reshape(-1)), f"weightGrad differs from the golden{where}"
    assert np.array_equal(after[L * N:], before[L * N:]), f"the input's view changed{where}"


def test_a_long_sequence_list_goes_through_a_file(example_binary, tmp_path):
    lengths = tuple(16 + (i * 7) % 20 for i in range(1200)) + (0, 15)
    case = GradCase("cli:many", "TND", "float16", N=1, D=16, l=16, d=16, lengths=lengths, seq_type=1, seed=23)
    assert case.call().act_seq_len_in_file()
    data = case.data()
    result = run(case.call(), {"output_grad": data.dy, "input": data.x, "weight": data.w}, tmp_path)
    check_legal(case, data, result)


def test_odd_staging_chunks_and_a_trace_change_no_bit(example_binary, tmp_path):
    data = BASE.data()
    arrays = {"output_grad": data.dy, "input": data.x, "weight": data.w}
    plain = run(BASE.call(), arrays, tmp_path)
    check_legal(BASE, data, plain)
    trace = tmp_path / "trace.json"
    chunked = run(BASE.call(), arrays, tmp_path, extra_arguments=["--chunk-bytes", "7", "--trace", str(trace)])
    check_legal(BASE, data, chunked)
    assert trace.stat().st_size > 0, "--trace wrote nothing"
