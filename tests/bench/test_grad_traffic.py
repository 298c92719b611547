"""The grad benchmark's arithmetic against numbers worked out by hand."""
import pytest

import grad_traffic as gt

# As test_roofline: sequences of 5, 3 and 12 tokens (T = 20) with l = 4, d = 2 give K = 6
# windows covering 16 tokens; N = 1, D = 2.
SLOTS, COVERED, K, N, DIM, L, D = 20, 16, 6, 1, 2, 4, 2


def test_minimum_reads_covered_tokens_and_dy_once_and_writes_every_slot():
    reads, writes = gt.minimum_traffic(SLOTS, COVERED, K, N, DIM, L)
    assert reads == 16 * 2 * 2 + 6 * 2 * 2 + 4 * 2   # X, dY, weights
    assert writes == 20 * 2 * 2 + 4 * 2              # inputGrad, weightGrad
    assert gt.minimum_traffic(SLOTS, 0, 0, N, DIM, L) == (0, 20 * 2 * 2 + 4 * 2)  # K = 0: no weights read


def test_vendor_traffic_with_overlap_goes_through_an_fp32_workspace():
    reads, writes = gt.vendor_traffic(SLOTS, K, N, DIM, L, D)
    window_rows = 6 * 4 * 2                        # K * l * N * D elements
    assert reads == window_rows * 2 + 6 * 2 * 2 + 6 * 4 * 2 + 20 * 2 * 4
    assert writes == 6 * 4 * 4 + 20 * 2 * 4 + window_rows * 4 + 20 * 2 * 2
    assert (reads, writes) == (328, 528)


def test_vendor_traffic_without_overlap_writes_rows_directly():
    # One sequence of 8 tokens, l = d = 2: 4 windows.
    reads, writes = gt.vendor_traffic(8, 4, 1, 2, 2, 2)
    assert reads == 16 * 2 + 4 * 2 * 2 + 4 * 2 * 2
    assert writes == 4 * 2 * 4 + 8 * 2 * 2 + 16 * 2


def test_roofline_takes_the_larger_bound():
    model = {"hbm_bytes_per_second": 1000.0, "vector_bytes_per_cycle": 256, "clock_hz": 1.0,
             "vector_core_num": 1}
    roof = gt.roofline(SLOTS, COVERED, K, N, DIM, L, model)
    assert gt.vector_operations(COVERED, K, N, DIM, L) == 2 * 16 * 2 + 6 * 2 + 4 * 6 * 4 * 2
    assert roof["memory_seconds"] == pytest.approx((96 + 88) / 1000)
    assert roof["vector_seconds"] == pytest.approx(268 * 4 / 256)
    assert roof["bound"] == "vector" and roof["roofline_seconds"] == roof["vector_seconds"]
