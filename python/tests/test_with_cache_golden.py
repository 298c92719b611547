"""compress_with_cache (aclnnNsaCompressWithCache) on both backends against the system tests'
golden: the cache's bits after the call equal the golden's (written rows) and the bits before
(every other element, byte for byte, NaN payloads included); the cache is updated in place,
views through their strides; the skip and duplicate rules of the contract."""
import numpy as np
import pytest

import nsa_compress
from helpers import BACKENDS, as_dtype
from with_cache_cases import PAGED_GEOMETRIES, packed, paged

DTYPES = ("float16", "bfloat16")


def _rng(*key):
    return np.random.default_rng([ord(c) for c in "".join(map(str, key))])


def run(case, backend, cache=None):
    """The call on `cache` (the case's cache as a typed array by default); returns that array."""
    cache = as_dtype(case.cache.copy(), case.dtype) if cache is None else cache
    result = nsa_compress.compress_with_cache(*case.numpy_args(), cache=cache, block_table=case.table,
                                              act_seq_len=case.lengths, backend=backend)
    assert result is cache
    return cache


def assert_same_bytes(got, want, what):
    got, want = np.asarray(got).view(np.uint16), np.asarray(want).view(np.uint16)
    bad = np.flatnonzero(got.reshape(-1) != want.reshape(-1))
    assert bad.size == 0, (f"{what}: {bad.size} of {want.size} elements differ, first at flat index {bad[0]}: "
                           f"got {got.reshape(-1)[bad[0]]:#06x}, want {want.reshape(-1)[bad[0]]:#06x}")


@pytest.mark.parametrize("geometry", PAGED_GEOMETRIES, ids=lambda g: "P{}-N{}-D{}-l{}-d{}".format(*g[:5]))
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("backend", BACKENDS)
def test_paged_cases_equal_the_golden(backend, dtype, geometry):
    case = paged(_rng("paged", dtype, geometry), dtype, *geometry)
    want, written = case.expected()
    assert written, "the case writes no row"
    assert_same_bytes(run(case, backend), want, f"cache, {backend}")


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("backend", BACKENDS)
def test_packed_tnd_cases_equal_the_golden(backend, dtype):
    case = packed(_rng("tnd", dtype), dtype, 3, 64, 32, 16, 6, 100, 8)
    want, written = case.expected()
    assert written
    assert_same_bytes(run(case, backend), want, f"cache, {backend}")


@pytest.mark.parametrize("backend", BACKENDS)
def test_untouched_rows_keep_their_bytes(backend):
    # Rows 0, 2 and 4 are named by no due batch: their NaN, Inf and arbitrary patterns stay.
    case = paged(_rng("untouched"), "float16", 16, 2, 32, 32, 16, 2, 3, 5, slots=[1, 3], lengths=[32, 48])
    case.cache[0], case.cache[2], case.cache[4] = 0x7E01, 0xFC00, 0x1234
    want, written = case.expected()
    assert written == [(0, 1), (1, 3)]
    cache = run(case, backend)
    assert_same_bytes(cache, want, backend)
    for row in (0, 2, 4):
        assert_same_bytes(cache[row], case.cache[row], f"row {row}")


@pytest.mark.parametrize("parts", (2, 4))
@pytest.mark.parametrize("backend", BACKENDS)
def test_a_strided_cache_view_is_updated_in_place(backend, parts):
    # Part 0 of a [R, parts, N, D] buffer (the K half of a K/V cache with 2; with 4 the view spans
    # more than twice its bytes, which the simulator path uploads through a staging copy): the
    # other parts and the rows no batch names keep their bytes.
    case = paged(_rng("strided"), "bfloat16", 16, 2, 32, 32, 16, 4, 3, 6)
    rng = _rng("buffer", parts)
    buffer = as_dtype(rng.integers(0, 1 << 16, (6, parts, 2, 32), dtype=np.uint16), "bfloat16")
    before = buffer.view(np.uint16).copy()
    case.cache = before[:, 0]
    want, written = case.expected()
    assert written
    run(case, backend, cache=buffer[:, 0])
    assert_same_bytes(buffer[:, 0], want, "part 0")
    assert_same_bytes(buffer[:, 1:], before[:, 1:], "the other parts")


@pytest.mark.parametrize("backend", BACKENDS)
def test_duplicate_slots_go_to_the_highest_due_batch(backend):
    # Batches 0, 2 and 3 are due and name slot 1; batch 1 (not due) names it too. Batch 3 writes.
    case = paged(_rng("dup"), "float16", 16, 2, 32, 32, 16, 4, 3, 3, slots=[1, 1, 1, 1], lengths=[32, 40, 48, 32])
    want, written = case.expected()
    assert written == [(3, 1)]
    cache = run(case, backend)
    assert_same_bytes(cache, want, backend)
    alone = paged(_rng("dup"), "float16", 16, 2, 32, 32, 16, 4, 3, 3, slots=[1, 1, 1, 1], lengths=[0, 0, 0, 32])
    assert_same_bytes(cache[1], run(alone, backend)[1], "batch 3's window written alone")


@pytest.mark.parametrize("backend", BACKENDS)
def test_bad_slots_and_pages_skip_their_batch(backend):
    # Batch 0: slot -1; batch 1: slot R = 4; batch 3: a negative page id in its window; batch 4: a
    # page id past the pool; batch 2 names slot 2 as the later batch 4 does, so it loses the row to
    # batch 4, which is itself skipped. Only batch 5 writes.
    case = paged(_rng("skip"), "float16", 16, 2, 32, 32, 16, 6, 3, 4, slots=[-1, 4, 2, 1, 2, 0],
                 lengths=[32, 32, 48, 48, 32, 32])
    case.table[3, 2] = -3
    case.table[4, 1] = case.pool.shape[0]
    want, written = case.expected()
    assert written == [(5, 0)], written
    assert_same_bytes(run(case, backend), want, backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_nothing_due_leaves_the_cache_as_it_was(backend):
    case = paged(_rng("none"), "bfloat16", 16, 2, 32, 32, 16, 3, 3, 4, lengths=[31, 33, 0])
    assert_same_bytes(run(case, backend), case.cache, backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_padded_tables_and_slots_beyond_the_batches_are_ignored(backend):
    case = paged(_rng("pad"), "float16", 16, 2, 32, 32, 16, 3, 3, 5, slots=[0, 1, 2], lengths=[32, 48, 32])
    case.slots = np.concatenate([case.slots, np.array([-7, 99], np.int32)])
    case.table = np.concatenate([case.table, np.full((2, 3), 10 ** 6, np.int32)])
    want, written = case.expected()
    assert len(written) == 3
    assert_same_bytes(run(case, backend), want, backend)


def test_a_cache_the_cpu_cannot_stride_through_is_updated_through_a_copy():
    # Innermost stride 2: the CPU path works on a contiguous copy and writes it back into the view
    # (the other elements of the buffer keep their bytes); the aclnn refuses such a view, since
    # its kernel writes the cache in place (status 161002, naming outputCache).
    case = paged(_rng("stride2"), "float16", 16, 2, 32, 32, 16, 4, 3, 6)
    buffer = as_dtype(_rng("buffer2").integers(0, 1 << 16, (6, 2, 64), dtype=np.uint16), "float16")
    before = buffer.view(np.uint16).copy()
    case.cache = before[:, :, ::2]
    want, written = case.expected()
    assert written
    run(case, "cpu", cache=buffer[:, :, ::2])
    assert_same_bytes(buffer[:, :, ::2], want, "cache view")
    assert_same_bytes(buffer[:, :, 1::2], before[:, :, 1::2], "elements between")
    with pytest.raises(nsa_compress.NsaCompressError, match="outputCache is a view of shape") as refused:
        run(case, "simulator", cache=buffer[:, :, ::2])
    assert refused.value.status == 161002


@pytest.mark.parametrize("isa", ("baseline", "avx2", "avx512"))
@pytest.mark.parametrize("threads", ("1", "2", "5"))
def test_every_instruction_set_and_thread_count(monkeypatch, isa, threads):
    # The CPU backend's row loops in each instruction set this CPU has, on one to five threads
    # sharing the writing batches: the golden's bits every time (heads side by side and apart).
    from nsa_compress import _cpu
    monkeypatch.setenv("NSA_COMPRESS_CPU_ISA", isa)
    monkeypatch.setenv("NSA_COMPRESS_THREADS", threads)
    if _cpu.instruction_set() != isa:
        pytest.skip(f"this CPU has no {isa}")
    for dtype, geometry in (("float16", PAGED_GEOMETRIES[1]), ("bfloat16", PAGED_GEOMETRIES[6])):
        case = paged(_rng("isa", dtype, geometry), dtype, *geometry)
        want, written = case.expected()
        assert len(written) > 1
        assert_same_bytes(run(case, "cpu"), want, f"{isa}, {threads} threads, {dtype}")
    case = paged(_rng("isa-apart"), "float16", 16, 3, 32, 32, 16, 5, 3, 6)
    buffer = as_dtype(np.zeros((6, 3, 48), np.uint16), "float16")  # head stride 48: heads apart
    case.cache = buffer.view(np.uint16)[:, :, :32].copy()
    want, _ = case.expected()
    run(case, "cpu", cache=buffer[:, :, :32])
    assert_same_bytes(buffer[:, :, :32], want, f"{isa}, heads apart")


@pytest.mark.parametrize("backend", BACKENDS)
def test_cumulative_ends_give_the_lengths_call(backend):
    # act_seq_len_type 0 (the project's extension): the same cache as the lengths, paged and TND.
    for case in (paged(_rng("ends"), "float16", 16, 2, 32, 32, 16, 5, 4, 7),
                 packed(_rng("ends-tnd"), "bfloat16", 2, 32, 32, 16, 5, 80, 7)):
        want, written = case.expected()
        assert written
        cache = as_dtype(case.cache.copy(), case.dtype)
        nsa_compress.compress_with_cache(*case.numpy_args(), cache=cache, block_table=case.table,
                                         act_seq_len=np.cumsum(case.lengths), act_seq_len_type=0, backend=backend)
        assert_same_bytes(cache, want, f"{backend}, cumulative ends")


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_batches_is_a_call_that_writes_nothing(backend):
    case = paged(_rng("empty"), "float16", 16, 2, 32, 32, 16, 2, 3, 4)
    cache = as_dtype(case.cache.copy(), case.dtype)
    nsa_compress.compress_with_cache(*case.numpy_args()[:2], np.zeros(0, np.int32), 32, 16, 16, cache=cache,
                                     block_table=np.zeros((0, 3), np.int32), act_seq_len=[], backend=backend)
    assert_same_bytes(cache, case.cache, backend)


@pytest.mark.parametrize("backend", BACKENDS)
def test_strided_slot_mapping_and_block_table(backend):
    # Index tensors read through their strides: every other element of a slot array, and every other
    # row of a block table.
    case = paged(_rng("index-views"), "float16", 16, 2, 32, 32, 16, 5, 4, 7)
    want, written = case.expected()
    assert written
    slots = np.repeat(case.slots, 2)[::2]
    table = np.repeat(case.table, 2, axis=0)[::2]
    assert not slots.flags.c_contiguous and not table.flags.c_contiguous
    cache = as_dtype(case.cache.copy(), case.dtype)
    nsa_compress.compress_with_cache(*case.numpy_args()[:2], slots, 32, 16, 16, cache=cache, block_table=table,
                                     act_seq_len=case.lengths, backend=backend)
    assert_same_bytes(cache, want, backend)
