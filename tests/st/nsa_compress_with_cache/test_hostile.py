"""Hostile calls, one for each defect of the vendor's NsaCompressWithCache that this op fixes
(nsa_compress_with_cache/docs/design.md, "Safe by construction"); they run under AddressSanitizer
with `bash build.sh --sanitize --st`, where any out-of-bounds access fails the run. Each test
compares the whole cache storage with the golden, so a skipped batch leaves its row untouched and
every other due batch is still written."""
from dataclasses import replace

import numpy as np

from .cases import Spec, build
from .golden import writers
from .runner import run
from ..nsa_harness.bit_exact import mismatches
from ..nsa_harness.numerics import to_bits

SKIP_REPORT = "[ascend_sim] core "


def paged(**fields):
    base = Spec(name="hostile", dtype="float16", N=2, D=16, l=32, d=16, lengths=(48, 32, 64), P=16,
                slots=(0, 1, 2), rows=3, table=((0, 1, 2, 3), (4, 5, 6, 7), (8, 9, 10, 11)), pages=12, seed=5)
    return replace(base, **fields)


def run_and_check(spec, folder, extra_env=None):
    built = build(spec)
    result = run(built.call, folder, extra_env)
    assert result.returncode == 0, f"{result.describe()}\n{result.command}"
    bad = mismatches(result.output, built.expected, spec.dtype)
    assert bad.size == 0, f"{bad.size} cache elements differ; writers {built.written}\n{result.command}"
    return built, result


def test_negative_slot_skips_its_batch_and_writes_nothing_out_of_bounds(tmp_path):
    built, result = run_and_check(paged(slots=(0, -1, 2)), tmp_path)
    assert [b for b, _ in built.written] == [0, 2]
    assert SKIP_REPORT not in result.stderr, "a negative slot is the caller's skip, not an error to report"


def test_slot_past_the_cache_skips_its_batch_and_is_reported(tmp_path):
    built, result = run_and_check(paged(slots=(0, 7, 2)), tmp_path)
    assert [b for b, _ in built.written] == [0, 2]
    assert "batch 1 skipped: slotMapping[1] = 7 is not a row of the cache [0, 3)" in result.stderr, result.stderr


def test_slot_of_int32_max_is_guarded_in_64_bit(tmp_path):
    built, result = run_and_check(paged(slots=(0, 2**31 - 1, 2)), tmp_path)
    assert "slotMapping[1] = 2147483647 is not a row" in result.stderr, result.stderr


def test_page_id_past_the_pool_skips_its_batch_and_is_reported(tmp_path):
    built, result = run_and_check(paged(table=((0, 1, 2, 3), (4, 12, 6, 7), (8, 9, 10, 11))), tmp_path)
    assert [b for b, _ in built.written] == [0, 2]
    assert "batch 1 skipped: blockTable[1][1] = 12 is not a page of the pool [0, 12)" in result.stderr, result.stderr


def test_negative_page_id_skips_its_batch_and_is_reported(tmp_path):
    built, result = run_and_check(paged(table=((0, 1, 2, 3), (4, 5, 6, 7), (8, 9, -3, 11))), tmp_path)
    assert [b for b, _ in built.written] == [0, 1]
    assert "batch 2 skipped: blockTable[2][2] = -3 is not a page of the pool" in result.stderr, result.stderr


def test_a_bad_page_of_a_batch_that_is_not_due_is_never_read(tmp_path):
    built, result = run_and_check(paged(lengths=(48, 40, 64), table=((0, 1, 2, 3), (-9, -9, -9, -9), (8, 9, 10, 11))),
                                  tmp_path)
    assert [b for b, _ in built.written] == [0, 2] and SKIP_REPORT not in result.stderr


def duplicate_slots_spec():
    """100 batches over 48 or 40 cores (one head chunk: its due batches go round every core by rank),
    every second one due, slots colliding in groups spread over different cores."""
    lengths = tuple(32 + 16 * (b % 3) if b % 2 == 0 else 40 for b in range(100))
    slots = tuple((b * 7) % 13 for b in range(100))
    return Spec(name="duplicates", dtype="bfloat16", N=2, D=32, l=32, d=16, lengths=lengths, P=16, slots=slots,
                rows=13, seed=6)


def test_duplicate_slots_go_to_the_highest_due_batch_on_any_core_count(tmp_path):
    spec = duplicate_slots_spec()
    outputs = {}
    for soc in ("Ascend910B1", "Ascend910B3"):
        folder = tmp_path / soc
        folder.mkdir()
        built, result = run_and_check(spec, folder, {"ASCEND_SIM_SOC": soc})
        outputs[soc] = result.output
    due = [b for b in range(100) if b % 2 == 0]
    expected_winners = {slot: max(b for b in due if spec.slots[b] == slot) for slot in {spec.slots[b] for b in due}}
    assert dict((slot, b) for b, slot in built.written) == expected_winners
    assert np.array_equal(outputs["Ascend910B1"], outputs["Ascend910B3"])


def test_duplicate_slots_settle_alike_when_one_core_sees_every_batch_and_when_many_share_them(tmp_path):
    """300 batches, every fifth due: 60 candidates, more than one group per core when one core sees
    them all. Due batch 5i names row i for i < 50; the last ten (batches 250-295) name rows 0, 5,
    ..., 45 again, so batches 0, 25, ..., 225 lose their rows, some to a batch more than one chunk of
    the claims stream later. The batches not due all name row 0, which must not count. With N = 47
    (prime) one head per chunk fits two window buffers, so each of 47 cores owns one head and walks
    all 300 batches alone; with N = 2 (a head per chunk too, for the 19 due batches the plan expects)
    the 48 cores are 24 lanes of each head and share its due batches by rank. The same batches
    win either way: the highest due one of each row, and each row is written once by each head chunk
    (one copy out per window and chunk), never first by a loser."""
    lengths = tuple(32 + 16 * (b % 3) if b % 5 == 0 else b % 4 for b in range(300))
    slots = tuple(0 if b % 5 else (b // 5 if b < 250 else (b // 5 - 50) * 5) for b in range(300))
    due = [b for b in range(300) if b % 5 == 0]
    expected_winners = {slot: max(b for b in due if slots[b] == slot) for slot in {slots[b] for b in due}}
    assert len(expected_winners) == 50 and expected_winners[10] == 260
    for heads, cores, chunks in ((47, 47, 47), (2, 48, 2)):
        spec = Spec(name=f"duplicates-{heads}", dtype="bfloat16", N=heads, D=32, l=32, d=16, lengths=lengths, P=16,
                    slots=slots, rows=50, seed=7)
        folder = tmp_path / spec.name
        folder.mkdir()
        built, result = run_and_check(spec, folder, {"ASCEND_SIM_SOC": "Ascend910B1"})
        assert result.report["launch"]["blockDim"] == cores
        assert dict((slot, b) for b, slot in built.written) == expected_winners
        assert result.report["launch"]["total"]["ub_to_gm_copies"] == chunks * len(expected_winners)


def test_a_tie_rounds_to_even_as_the_forward_op_does(tmp_path):
    """1 + 2^-11 lies halfway between two float16 neighbours: nearest-even gives 1.0 (0x3C00); the
    vendor's decode kernel rounds the same way but its forward op rounds ties away (0x3C01)."""
    spec = paged(lengths=(32, 0, 0), slots=(0, 1, 2))
    built = build(spec)
    pool = np.zeros((12, 16, 2, 16), np.float32)
    pool[0, 0] = 1.0
    pool[0, 1] = 1.0
    weight = np.zeros((32, 2), np.float32)
    weight[0] = 1.0
    weight[1] = 2.0 ** -11
    call = replace(built.call, input_storage=to_bits(pool, "float16").reshape(-1),
                   weight_storage=to_bits(weight, "float16"))
    result = run(call, tmp_path)
    assert result.returncode == 0, result.describe()
    row = result.output.reshape(3, 2, 16)[0]
    assert np.all(row == 0x3C00), [hex(v) for v in row.reshape(-1)[:4]]


def test_a_strided_pool_and_cache_are_used_in_place_with_no_copy(tmp_path):
    """The vendor copies a strided KV pool whole on every call and loses the update of a strided
    cache: here the V half of a [blocks, 2, P, N, D] pool is read in place, and a cache whose rows
    lie apart is written in place, every element around the view kept."""
    built, result = run_and_check(paged(pool_view="kv", cache_view="rows"), tmp_path)
    assert result.report["copies"] == [] and result.report["launch"]["op_type"] == "NsaCompressWithCache"
    assert len(built.written) == 3


def test_an_empty_sequence_list_is_success_with_no_launch(tmp_path):
    """torch_npu passes actual_seq_len=None as an empty list: nothing is due, nothing runs."""
    built = build(paged(lengths=(48, 32, 64)))
    result = run(replace(built.call, act_seq_len=()), tmp_path)
    assert result.returncode == 0 and result.report["status"] == 0, result.describe()
    assert "launch" not in result.report and result.report["workspace_bytes"] == 0
    assert np.array_equal(result.output, built.call.cache_storage)


def test_nothing_due_leaves_the_cache_bit_identical_and_launches_nothing(tmp_path):
    built = build(paged(lengths=(47, 33, 0)))
    result = run(built.call, tmp_path)
    assert result.returncode == 0 and "launch" not in result.report, result.describe()
    assert np.array_equal(result.output, built.call.cache_storage)


def test_writers_rule_of_the_golden_is_the_documented_one():
    """The golden's own rules, on a hand-made table: skip -1, skip past R, later due batch wins."""
    lengths = np.array([32, 32, 40, 48, 32])
    slots = np.array([1, 1, 1, -1, 9])
    assert writers(lengths, slots, None, 0, 4, 32, 16, 0) == [(1, 1)]
