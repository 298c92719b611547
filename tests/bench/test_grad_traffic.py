"""The grad benchmark's traffic arithmetic against numbers worked out by hand: the minimum, the
vendor design's fp32 workspace, this design's partials, and the amplifications of a report."""
import json

import pytest

import grad_traffic as gt
from bench_nsa_compress_grad import metrics

# Sequences of 5, 3 and 12 tokens with l = 4, d = 2: the first has one window over tokens 0-3,
# the second is shorter than l, the third has windows at 8, 10, ..., 16. So K = 6, 4 + 12 = 16
# tokens are covered and T = 20. One head of 16 columns.
ENDS, L, D, N, DIM = [5, 8, 20], 4, 2, 1, 16


def test_minimum_reads_covered_tokens_dy_and_weight_and_writes_every_token():
    # reads: (16 covered + 6 dY rows) * 16 * 2 + 4 * 1 * 2; writes: 20 * 16 * 2 + 4 * 1 * 2
    assert gt.minimum_bytes(ENDS, N, DIM, L, D) == {"reads": 712, "writes": 648}
    # K = 0: nothing to read, not even the weight; every token still gets its +0 gradient.
    assert gt.minimum_bytes([3], N, DIM, L, D) == {"reads": 0, "writes": 3 * 16 * 2 + 8}


def test_vendor_workspace_zero_fills_adds_l_rows_per_window_and_re_reads():
    assert gt.vendor_workspace_bytes(ENDS, N, DIM, L, D) == {"zero_fill": 20 * 16 * 4,
                                                              "atomic_adds": 6 * 4 * 16 * 4,
                                                              "re_read": 20 * 16 * 4}


def test_partials_are_one_fp32_row_of_l_by_n_per_group_of_16_windows():
    assert gt.partials_bytes(ENDS, N, L, D) == 1 * 4 * 1 * 4
    assert gt.partials_bytes([16 * 2 + 2], N, L, D) == 1 * 16           # 16 windows: one group
    assert gt.partials_bytes([17 * 2 + 2], 3, L, D) == 2 * 4 * 3 * 4    # 17 windows: two groups
    assert gt.partials_bytes([3], N, L, D) == 0


def test_amplifications():
    result = gt.amplification(ENDS, N, DIM, L, D, gm_to_ub=1424, ub_to_gm=648)
    assert result["read_amp"] == pytest.approx(2.0)
    assert result["traffic_amp"] == pytest.approx((1424 + 648) / 1360)
    assert result["vendor_amp"] == pytest.approx((1360 + 1280 + 1536 + 1280) / 1360)


RESULT = json.loads("""
{"status": 0, "rows": 6, "launch": {"soc": "Tiny", "blockDim": 2, "modeled_seconds": 2e-06,
 "total": {"gm_to_ub_bytes": 1424, "ub_to_gm_bytes": 664, "pipes": {
   "VECTOR": {"busy_seconds": 1e-06}, "MTE2": {"busy_seconds": 1.5e-06}}},
 "cost_model": {"hbm_bytes_per_second": 1360e6}}}
""")


def test_metrics_of_a_report():
    case = dict(soc="Tiny", N=N, D=DIM, T=20, layout="hand", l=L, d=D)
    row = metrics(case, ENDS, RESULT)
    assert row["K"] == 6 and row["B"] == 3 and row["cores"] == 2
    assert row["floor_us"] == pytest.approx(1.0)                  # 1360 bytes at 1360 MB/s
    assert row["modeled_us"] == pytest.approx(2.0) and row["ratio"] == pytest.approx(2.0)
    assert row["bottleneck"] == "MTE2" and row["util"] == pytest.approx(0.75)
    assert row["read_amp"] == pytest.approx(2.0)
    assert row["vendor_floor_us"] == pytest.approx((1360 + 4096) / 1360)
    assert row["partials_kb"] == pytest.approx(0.016)
