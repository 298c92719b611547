"""The decode benchmark's minimum traffic and roofline against counts worked out by hand."""
import pytest

import decode_traffic as dt

# l = 32, d = 16, N = 2, D = 16, pages of 16 tokens. Lengths 48 (due: window [16, 48) on pages 1
# and 2), 40 (40 - 32 = 8: not due), 32 (due: window [0, 32) on pages 0 and 1), 300 (268 % 16 =
# 12: not due).
LENGTHS, L, D, N, DIM, PAGE = [48, 40, 32, 300], 32, 16, 2, 16, 16


def test_windows_weights_and_indices_are_read_and_one_row_per_due_batch_written():
    traffic = dt.minimum_traffic(LENGTHS, L, D, N, DIM, PAGE)
    assert traffic["due"] == 2
    assert traffic["window_bytes"] == 2 * 32 * 2 * 16 * 2           # two windows of l rows of N * D halves
    assert traffic["weight_bytes"] == 32 * 2 * 2
    assert traffic["index_bytes"] == 4 * 8 + 2 * 4 + (2 + 2) * 4     # every length, due slots, their pages
    assert (traffic["reads"], traffic["writes"]) == (4096 + 128 + 56, 2 * 2 * 16 * 2)


def test_a_window_inside_one_page_reads_one_table_entry():
    assert dt.window_pages(64, 32, 64) == 1      # tokens [32, 64) of a 64-token page
    assert dt.window_pages(48, 32, 8) == 4       # tokens [16, 48): pages 2 to 5
    assert dt.window_pages(40, 32, 16) == 3      # tokens [8, 40): pages 0 to 2


def test_a_step_with_nothing_due_reads_only_the_lengths():
    traffic = dt.minimum_traffic([40, 20], L, D, N, DIM, PAGE)
    assert (traffic["due"], traffic["reads"], traffic["writes"]) == (0, 2 * 8, 0)


def test_roofline_takes_the_larger_bound():
    model = {"hbm_bytes_per_second": 1000.0, "vector_bytes_per_cycle": 256, "clock_hz": 1.0,
             "vector_core_num": 1}
    roof = dt.roofline(LENGTHS, L, D, N, DIM, PAGE, model)
    assert roof["memory_seconds"] == pytest.approx((4280 + 128) / 1000)
    # Widen 2 * 32 tokens of N * D, a Mul and an Add per (row element, j), narrow 2 rows.
    assert roof["vector_seconds"] == pytest.approx((64 * 32 + 2 * 2 * 32 * 32 + 2 * 32) * 4 / 256)
    assert roof["bound"] == "vector" and roof["roofline_seconds"] == roof["vector_seconds"]
