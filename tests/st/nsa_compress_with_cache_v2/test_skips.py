"""The windows V2 skips (docs: "Which windows write"), each on a small paged call checked over the
whole storage of each cache: a skipped window leaves its row untouched and every other window is
still written. The skips the contract says the simulator prints must appear on stderr; a negative
slot, the caller's skip, must not."""
from dataclasses import replace

import numpy as np

from .cases import Spec, build
from .checks import check_call
from .runner import run

SKIP_REPORT = "[ascend_sim] core "


def paged(**fields):
    """Three batches with their own pages: a prefill of three windows, a decode step, two tokens."""
    base = Spec(name="skips", dtype="float16", N=2, D=16, l=32, d=16, P=16, prev=(0, 47, 62), lengths=(64, 48, 64),
                S=3, slots=((0, 1, 2), (3, -1, -1), (4, -1, -1)), rows=6,
                table=((0, 1, 2, 3), (4, 5, 6, 7), (8, 9, 10, 11)), pages=12, value=True, seed=5)
    return replace(base, **fields)


def run_and_check(spec, folder, extra_env=None):
    built = build(spec)
    result = run(built.call, folder, extra_env)
    check_call(built, result)
    return built, result


def skip_lines(result):
    return [line for line in result.stderr.splitlines() if line.startswith(SKIP_REPORT)]


def reported(result, *reports):
    """Every report among the skip lines (each after its core's prefix), and no other kind of line."""
    lines = skip_lines(result)
    missing = [report for report in reports if not any(line.endswith(": " + report) for line in lines)]
    others = [line for line in lines if not any(line.endswith(": " + report) for report in reports)]
    assert not missing and not others, f"missing {missing}, unexpected {others}; stderr {result.stderr!r}"
    return True


def test_the_base_call_writes_every_window_and_reports_nothing(tmp_path):
    built, result = run_and_check(paged(), tmp_path)
    assert [(b, i, row) for b, i, row in built.written] == [(0, 0, 0), (0, 1, 1), (0, 2, 2), (1, 1, 3), (2, 2, 4)]
    assert skip_lines(result) == [], result.stderr


def test_a_negative_slot_skips_its_window_silently(tmp_path):
    built, result = run_and_check(paged(slots=((0, -1, 2), (3, -1, -1), (-7, -1, -1))), tmp_path)
    assert [row for _, _, row in built.written] == [0, 2, 3]
    assert skip_lines(result) == [], "a negative slot is the caller's skip, not an error to report"


def test_windows_past_the_slot_columns_are_skipped_and_reported(tmp_path):
    built, result = run_and_check(paged(S=1, slots=((0,), (3,), (4,))), tmp_path)
    assert [(b, i) for b, i, _ in built.written] == [(0, 0), (1, 1), (2, 2)]
    assert reported(result, "batch 0: windows k = 1 .. 2 skipped: slotMapping has 1 columns.")


def test_a_slot_past_the_cache_is_skipped_and_reported_in_64_bit(tmp_path):
    built, result = run_and_check(paged(slots=((0, 6, 2), (2 ** 31 - 1, -1, -1), (4, -1, -1))), tmp_path)
    assert [row for _, _, row in built.written] == [0, 2, 4]
    assert reported(result, "window skipped: slotMapping[0][1] = 6 is not a row of the cache [0, 6).",
                    "window skipped: slotMapping[1][0] = 2147483647 is not a row of the cache [0, 6).")


def test_a_page_outside_the_pool_or_a_column_past_the_table_skips_its_window(tmp_path):
    """Batch 0's page 2 is past the pool (its windows 1 and 2 read it, window 0 does not); batch 2
    is longer than its table row (its window 2 needs a fifth page); batch 1's page 1 is negative."""
    spec = paged(lengths=(64, 48, 80), prev=(0, 47, 62), slots=((0, 1, 2), (3, -1, -1), (4, 5, -1)),
                 table=((0, 1, 12, 3), (4, -3, 6, 7), (8, 9, 10, 11)))
    built, result = run_and_check(spec, tmp_path)
    assert [(b, i) for b, i, _ in built.written] == [(0, 0), (2, 2)]
    assert reported(result, "window skipped: blockTable[0][2] = 12 is not a page of the pool [0, 12).",
                    "window skipped: blockTable[1][1] = -3 is not a page of the pool [0, 12).",
                    "window skipped: it needs blockTable[2][4], past the table's 4 columns.")


def test_broken_length_pairs_skip_their_batch_and_are_reported(tmp_path):
    built, result = run_and_check(paged(prev=(65, -1, 62)), tmp_path)
    assert [b for b, _, _ in built.written] == [2]
    assert reported(result, "batch 0 skipped: prevSeqLen[0] = 65 and actSeqLen[0] = 64, it needs 0 <= prevSeqLen "
                            "<= actSeqLen.",
                    "batch 1 skipped: prevSeqLen[1] = -1 and actSeqLen[1] = 48, it needs 0 <= prevSeqLen <= actSeqLen.")


def test_duplicate_rows_go_to_the_last_window_on_any_core_count(tmp_path):
    """Rows named twice within a batch and across batches: the last in (batch, k) order writes,
    even over a window of an earlier batch, and the bits do not depend on the core count."""
    spec = paged(slots=((0, 1, 0), (1, -1, -1), (0, -1, -1)), rows=3)
    outputs = []
    for soc in ("Ascend910B1", "Ascend910B3"):
        folder = tmp_path / soc
        folder.mkdir()
        built, result = run_and_check(spec, folder, {"ASCEND_SIM_SOC": soc})
        outputs.append((result.output, result.value_output))
    assert [(b, i, row) for b, i, row in built.written] == [(1, 1, 1), (2, 2, 0)]
    assert all(np.array_equal(a, b) for a, b in zip(*outputs))


def test_a_step_with_no_batch_succeeds_and_launches_nothing(tmp_path):
    built = build(paged())
    call = replace(built.call, prev=(), act=(), slots=np.zeros((0, 3), np.int32), table=np.zeros((0, 4), np.int32))
    result = run(call, tmp_path)
    assert result.returncode == 0 and result.report["status"] == 0, result.describe()
    assert "launch" not in result.report and result.report["workspace_bytes"] == 0
    assert np.array_equal(result.output, call.cache_storage) and np.array_equal(result.value_output, call.value_cache)


def test_a_cache_of_special_values_keeps_every_row_no_window_writes(tmp_path):
    """Every cache element a NaN of some payload, an infinity or a subnormal; one window writes."""
    built = build(paged(slots=((-1, 5, -1), (-1, -1, -1), (-1, -1, -1))))
    patterns = np.array([0x7C00, 0xFC00, 0x7E01, 0xFE3F, 0x0001, 0x8200], np.uint16)
    call = built.call
    special = np.resize(patterns, call.cache_storage.size)
    built.call = replace(call, cache_storage=special, value_cache=special[::-1].copy())
    written = built.cache_index[5].reshape(-1)
    pairs = ((built.expected, built.call.cache_storage), (built.expected_value, built.call.value_cache))
    for expected, before in pairs:
        row = expected[written].copy()
        expected[:] = before
        expected[written] = row
    check_call(built, run(built.call, tmp_path))
