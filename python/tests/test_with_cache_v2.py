"""The decode op's second entry point (compress_with_cache_v2, aclnnNsaCompressWithCacheV2) on both
backends against the V2 golden (tests/st/nsa_compress_with_cache_v2/golden.py): one-token and
multi-token steps, prefills, K and V together, hostile lengths, slots and pages, views, every
instruction set and thread count, and the identities the contract promises (chunked prefill equals
one-shot prefill, K+V equals two K calls, every window equals the forward op's)."""
import numpy as np
import pytest

import nsa_compress
from helpers import BACKENDS, as_dtype
from test_with_cache_golden import _rng, assert_same_bytes
from with_cache_cases import PAGED_GEOMETRIES
from with_cache_v2_cases import golden_v2, v2_case

DTYPES = ("float16", "bfloat16")
# (P, N, D, l, d, batches, pages per batch, rows, slot columns): page sizes that are and are not
# multiples of 16, windows straddling pages, l up to 128, N up to 128, D up to 256.
GEOMETRIES = [(*g[:7], max(g[7], 4 * g[5]), 4) for g in PAGED_GEOMETRIES]
STEPS = {"one-token": 1, "three-tokens": 3, "prefill": None}


def assert_caches(got, want, what):
    for index, (g, w) in enumerate(zip(got, want)):
        assert_same_bytes(g, w, f"{what}, cache {index}")


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("geometry", GEOMETRIES, ids=lambda g: "P{}-N{}-D{}-l{}-d{}".format(*g[:5]))
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("backend", BACKENDS)
def test_steps_equal_the_golden(backend, dtype, geometry, step):
    case = v2_case(_rng("steps", dtype, geometry, step), dtype, *geometry, STEPS[step])
    want, written = case.expected()
    assert written, "the case writes nothing: it tests nothing"
    assert_caches(case.run(backend), want, f"{backend} {dtype} {step}")


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("backend", BACKENDS)
def test_k_and_v_in_one_call_equal_two_k_calls(backend, dtype):
    case = v2_case(_rng("kv", dtype), dtype, 32, 4, 64, 64, 32, 6, 4, 30, 5, None, pools=2)
    want, written = case.expected()
    assert len(written) > 3
    both = case.run(backend)
    for index in range(2):
        alone = v2_case(_rng("kv", dtype), dtype, 32, 4, 64, 64, 32, 6, 4, 30, 5, None, pools=2)
        alone.pools, alone.weights, alone.caches = [case.pools[index]], [case.weights[index]], [case.caches[index]]
        assert_same_bytes(alone.run(backend)[0], both[index], f"{backend} pool {index} alone")
    assert_caches(both, want, f"{backend} K and V")


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_prefill_in_chunks_writes_what_one_prefill_writes(backend):
    # Slot column k of chunk c names the row of the batch's window (first window of the chunk + k),
    # so the chunks together name each window's row once, as the one-shot prefill does.
    case = v2_case(_rng("chunks"), "bfloat16", 16, 2, 32, 48, 16, 3, 6, 64, 8, None)
    l, d = case.l, case.d
    case.lengths = np.array([96, 77, 61], np.int64)
    rows_of = lambda b, i: b * 8 + i  # noqa: E731
    case.slots = np.array([[rows_of(b, i) for i in range(8)] for b in range(3)], np.int32)
    one_shot = case.run(backend)
    chunked = [as_dtype(c.copy(), case.dtype) for c in case.caches]
    for end in (17, 40, 41, 64, 96):
        chunk = v2_case(_rng("chunks"), "bfloat16", 16, 2, 32, 48, 16, 3, 6, 64, 8, None)
        chunk.pools, chunk.weights, chunk.table, chunk.caches = case.pools, case.weights, case.table, case.caches
        chunk.prev = np.minimum(np.maximum(case.lengths * 0 + end - 23, 0), case.lengths)
        chunk.lengths = np.minimum(case.lengths * 0 + end, case.lengths)
        firsts = [next(iter(golden_v2.emitted_windows(int(p), int(n), l, d)), 0) for p, n in zip(chunk.prev,
                                                                                                 chunk.lengths)]
        chunk.slots = np.array([[rows_of(b, firsts[b] + k) for k in range(8)] for b in range(3)], np.int32)
        chunk.run(backend, chunked)
    assert_caches(chunked, one_shot, f"{backend} chunked prefill")
    want, written = case.expected()
    assert len(written) == sum((int(n) - l) // d + 1 for n in case.lengths)
    assert_caches(one_shot, want, f"{backend} one-shot prefill")


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_window_is_the_forward_ops(dtype):
    # A prefill writes window i of a batch to row i: the rows are the forward op's output over the
    # batch's tokens laid out in order, bit for bit.
    case = v2_case(_rng("identity", dtype), dtype, 16, 3, 32, 32, 16, 1, 7, 12, 12, None)
    case.lengths = np.array([7 * 16 - 5], np.int64)
    case.slots = np.arange(12, dtype=np.int32)[None, :]
    cache = case.run("cpu")[0]
    tokens = np.concatenate([case.pools[0][page] for page in case.table[0]])[:int(case.lengths[0])]
    forward = nsa_compress.compress(as_dtype(tokens, dtype), as_dtype(case.weights[0], dtype), 32, 16,
                                    [int(case.lengths[0])], backend="cpu")
    assert forward.shape[0] == 5
    assert_same_bytes(cache[:5], forward, f"{dtype} against the forward op")


@pytest.mark.parametrize("backend", BACKENDS)
def test_hostile_values_skip_what_they_name(backend):
    # Negative slots, k >= S, slots past the cache, pages outside the pool or past the table's
    # row, prev < 0, prev > act, and rows named twice: the golden's writers, nothing else touched.
    rng = _rng("hostile")
    case = v2_case(rng, "float16", 16, 2, 16, 32, 16, 24, 4, 10, 3, 5)
    case.slots[rng.random(case.slots.shape) < 0.2] = -1
    case.slots[rng.random(case.slots.shape) < 0.1] = 10
    case.table[rng.integers(0, 24, 6), rng.integers(0, 4, 6)] = rng.choice([-1, case.pools[0].shape[0]], 6)
    case.prev[:3] = [-1, 70, 5]
    case.lengths[:3] = [40, 60, 64]
    want, written = case.expected()
    assert len(written) > 5 and len({slot for _, _, slot in written}) == len(written)
    assert_caches(case.run(backend), want, f"{backend} hostile")


@pytest.mark.parametrize("backend", BACKENDS)
def test_lengths_past_any_table_write_only_their_first_slot_columns(backend):
    # act_seq_len near 2^63: the windows past the slot columns are not even enumerated; the first
    # S windows write what a call with a length ending at the S-th window writes.
    case = v2_case(_rng("huge"), "bfloat16", 16, 2, 16, 32, 16, 2, 6, 8, 2, None)
    case.lengths = np.array([2**63 - 1, 2**62], np.int64)
    got = case.run(backend)
    case.lengths = np.array([case.l + case.d, case.l + case.d], np.int64)
    want, written = case.expected()
    assert len(written) == 4
    assert_caches(got, want, f"{backend} huge lengths")


@pytest.mark.parametrize("backend", BACKENDS)
def test_cache_and_pool_views_are_read_and_written_in_place(backend):
    case = v2_case(_rng("views"), "float16", 32, 2, 32, 32, 16, 4, 3, 12, 4, None, pools=2)
    want, written = case.expected()
    assert written
    # K and V caches as the two halves of one [R, 2N, D] buffer, K pool as every other page.
    buffer = np.concatenate(case.caches, axis=1)
    caches = [as_dtype(buffer, "float16")[:, :2], as_dtype(buffer, "float16")[:, 2:]]
    caches[0] = caches[1].base[:, :2] if caches[1].base is not None else caches[0]
    spread = np.zeros((case.pools[0].shape[0] * 2, *case.pools[0].shape[1:]), np.uint16)
    spread[::2] = case.pools[0]
    case.pools[0] = spread[::2]
    shared = as_dtype(buffer, "float16")
    case.run(backend, [shared[:, :2], shared[:, 2:]])
    assert_caches([shared[:, :2], shared[:, 2:]], want, f"{backend} views")


@pytest.mark.parametrize("isa", ("baseline", "avx2", "avx512"))
@pytest.mark.parametrize("threads", ("1", "2", "5"))
def test_every_instruction_set_and_thread_count(monkeypatch, isa, threads):
    from nsa_compress import _cpu
    monkeypatch.setenv("NSA_COMPRESS_CPU_ISA", isa)
    monkeypatch.setenv("NSA_COMPRESS_THREADS", threads)
    if _cpu.instruction_set() != isa:
        pytest.skip(f"this CPU has no {isa}")
    for dtype in DTYPES:
        case = v2_case(_rng("isa", dtype), dtype, 64, 4, 128, 64, 32, 5, 3, 20, 4, 40, pools=2)
        want, written = case.expected()
        assert len(written) > 3
        assert_caches(case.run("cpu"), want, f"{isa}, {threads} threads, {dtype}")
