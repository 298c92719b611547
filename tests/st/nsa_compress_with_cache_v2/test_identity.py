"""What V2 promises between calls, binary against binary and against the forward op's golden:
- every window a prefill writes is bit-identical to the forward op's window over the same
  sequence (the forward golden on the packed tokens, not V2's golden);
- a prefill split into chunks writes exactly what one call over the whole prefix writes;
- one call with K and V writes exactly what two K-only calls, one per pool, write."""
from dataclasses import replace

import numpy as np
import pytest

from .cases import Spec, build
from .golden import emitted_windows
from .runner import run
from ..nsa_compress.golden import ordered_golden

PREFILL = Spec(name="prefill", dtype="bfloat16", N=2, D=32, l=48, d=16, P=16, prev=(0, 0, 0), lengths=(150, 48, 97),
               value=True, seed=41)


def run_ok(call, folder):
    folder.mkdir()
    result = run(call, folder)
    assert result.returncode == 0 and result.report["status"] == 0, f"{result.describe()}\n{result.command}"
    return result


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_a_prefill_writes_the_forward_op_windows(dtype, tmp_path):
    built = build(replace(PREFILL, dtype=dtype))
    call = built.call
    result = run_ok(call, tmp_path / "v2")
    pool = call.input_storage.reshape(call.shape)
    tokens = np.concatenate([pool[call.table[b]].reshape(-1, PREFILL.N, PREFILL.D)[:length]
                             for b, length in enumerate(PREFILL.lengths)])
    forward = ordered_golden(tokens, call.weight_storage, np.cumsum(PREFILL.lengths), PREFILL.l, PREFILL.d, dtype)
    rows = [int(call.slots[b, k]) for b, length in enumerate(PREFILL.lengths)
            for k in range(len(emitted_windows(0, length, PREFILL.l, PREFILL.d)))]
    assert len(rows) == forward.shape[0] and sorted(rows) == list(range(len(rows)))
    cache = result.output.reshape(call.cache_shape)
    np.testing.assert_array_equal(cache[rows], forward)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_chunked_prefill_writes_what_one_shot_prefill_writes(seed, tmp_path):
    """The one-shot call's slot rows give window i of batch b a fixed row; each chunk names the
    same rows for the windows it emits."""
    built = build(PREFILL)
    one_shot = run_ok(built.call, tmp_path / "one-shot")
    rng = np.random.default_rng(seed)
    lengths = np.array(PREFILL.lengths)
    first_row = np.concatenate([[0], np.cumsum([len(emitted_windows(0, n, PREFILL.l, PREFILL.d)) for n in lengths])])
    call, prev, step = built.call, np.zeros_like(lengths), 0
    while np.any(prev < lengths):
        end = np.minimum(prev + rng.integers(1, 60, lengths.size), lengths)
        slots = np.full_like(call.slots, -1)
        for b in range(lengths.size):
            for k, i in enumerate(emitted_windows(int(prev[b]), int(end[b]), PREFILL.l, PREFILL.d)):
                slots[b, k] = first_row[b] + i
        chunk = run_ok(replace(call, prev=tuple(prev), act=tuple(end), slots=slots), tmp_path / f"chunk-{step}")
        call = replace(call, cache_storage=chunk.output, value_cache=chunk.value_output)
        prev, step = end, step + 1
    assert step >= 3
    np.testing.assert_array_equal(call.cache_storage, one_shot.output)
    np.testing.assert_array_equal(call.value_cache, one_shot.value_output)


def test_k_and_v_in_one_call_write_what_two_k_only_calls_write(tmp_path):
    spec = Spec(name="kv", dtype="float16", N=3, D=48, l=32, d=16, P=24, prev=(0, 47, 90, 5), lengths=(100, 48, 97, 4),
                slots=((0, 1, 2, 3, 4), (5, -1, -1, -1, -1), (6, 0, -1, -1, -1), (7, -1, -1, -1, -1)), rows=9,
                value=True, cache_view="rows", seed=43)
    call = build(spec).call
    both = run_ok(call, tmp_path / "both")
    key_only = replace(call, value_input=None, value_weight=None, value_cache=None, value_cache_strides=None,
                       value_cache_offset=None)
    key = run_ok(key_only, tmp_path / "key")
    value = run_ok(replace(key_only, input_storage=call.value_input, weight_storage=call.value_weight,
                           cache_storage=call.value_cache), tmp_path / "value")
    np.testing.assert_array_equal(both.output, key.output)
    np.testing.assert_array_equal(both.value_output, value.output)
    assert not np.array_equal(key.output, call.cache_storage), "the step wrote nothing"
