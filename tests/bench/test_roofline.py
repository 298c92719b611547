"""The benchmark's pure arithmetic, against numbers worked out by hand: which tokens a kernel must
read, the roofline, the bottleneck and stalls taken from a launch report, and the goals."""
import json

import pytest

import nsa_roofline as rl
from bench_nsa_compress import dtype_spread, metrics

# A launch report as the example prints it (simulator/src/timing/launch_report.cpp), cut to what the
# benchmark reads. Kernel time 10 us; times under total.pipes are means over the cores used.
LAUNCH = json.loads("""
{"soc": "Tiny", "blockDim": 2, "modeled_seconds": 1e-05,
 "total": {"gm_to_ub_bytes": 1560, "pipes": {
   "SCALAR": {"busy_seconds": 1e-06, "stall_seconds": {"dcache_miss": 5e-08}},
   "VECTOR": {"busy_seconds": 9e-06, "stall_seconds": {"flag": 2e-06, "bank_conflict": 5e-07}},
   "MTE2": {"busy_seconds": 8e-06, "stall_seconds": {"hbm_share": 4e-06, "dispatch": 5e-08}},
   "MTE3": {"busy_seconds": 1e-06, "stall_seconds": {"queue": 3e-06}}}},
 "cost_model": {"vector_core_num": 1, "clock_hz": 1.0, "hbm_bytes_per_second": 1000.0,
                "vector_bytes_per_cycle": 256, "ub_bytes": 196608, "source": "hand-made"}}
""")

# Sequences of 5, 3 and 12 tokens with l = 4, d = 2: the first has one window over tokens 0-3
# (token 4 is a tail), the second is shorter than l, the third has windows at 8, 10, ..., 16,
# covering all of 8-19. So K = 6 and 4 + 12 = 16 tokens are covered.
ENDS, L, D = [5, 8, 20], 4, 2


def test_output_rows_counts_windows_per_sequence():
    assert rl.output_rows(ENDS, L, D) == 6
    assert rl.output_rows([3], 4, 2) == 0  # shorter than l
    assert rl.output_rows([1], 32, 16) == 0  # shorter than l - d: floor division would give -1
    assert rl.output_rows([4], 4, 2) == 1  # exactly l
    assert rl.output_rows([65536], 32, 16) == 4095


def test_covered_tokens_leave_out_short_sequences_and_tails():
    assert rl.covered_tokens(ENDS, L, D) == 16
    assert rl.covered_tokens([3, 6], 4, 2) == 0         # every sequence shorter than l
    assert rl.covered_tokens([20], 32, 8) == 0          # far shorter than l
    assert rl.covered_tokens([10], 4, 4) == 8           # windows at 0 and 4; tokens 8-9 are a tail
    assert rl.covered_tokens([100], 32, 16) == 96       # 5 windows, the last ends at 96
    assert rl.covered_tokens([0, 0, 7], 4, 4) == 4      # empty sequences


def test_roofline_of_a_tiny_case_by_hand():
    model = LAUNCH["cost_model"]  # 1 core at 1 Hz doing 256 bytes = 64 fp32 elements per cycle
    # N = 2, D = 16: input 16 tokens * 32 elements * 2 B = 1024 B, weights 4 * 2 * 2 B = 16 B,
    # output 6 * 32 * 2 B = 384 B; 1424 B at 1000 B/s.
    # Vector: widen 16 * 32 = 512, Mul and Add 2 * 6 * 32 * 4 = 1536, narrow 6 * 32 = 192:
    # 2240 fp32 operations at 64 a second.
    roof = rl.roofline(16, 6, 2, 16, 4, model)
    assert (roof["input_bytes"], roof["weight_bytes"], roof["output_bytes"]) == (1024, 16, 384)
    assert roof["memory_seconds"] == pytest.approx(1.424)
    assert roof["vector_seconds"] == pytest.approx(35.0)
    assert roof["roofline_seconds"] == pytest.approx(35.0)
    assert roof["bound"] == "vector"
    slow_memory = rl.roofline(16, 6, 2, 16, 4, {**model, "hbm_bytes_per_second": 10.0})
    assert slow_memory["roofline_seconds"] == pytest.approx(142.4)
    assert slow_memory["bound"] == "memory"


def test_nothing_must_be_read_without_an_output_row():
    roof = rl.roofline(0, 0, 2, 16, 4, LAUNCH["cost_model"])
    assert roof["memory_seconds"] == 0 and roof["vector_seconds"] == 0


def test_bottleneck_is_the_busiest_pipe_over_kernel_time():
    pipes = LAUNCH["total"]["pipes"]
    pipe, utilisation = rl.bottleneck(pipes, LAUNCH["modeled_seconds"])
    assert pipe == "V"
    assert utilisation == pytest.approx(0.9)
    # A pipe the report leaves out counts as idle.
    assert rl.bottleneck({"MTE2": {"busy_seconds": 2e-06}}, 4e-06) == ("MTE2", pytest.approx(0.5))


def test_top_stalls_are_the_largest_fractions_grouped_by_pipe():
    pipes = LAUNCH["total"]["pipes"]
    stalls = rl.top_stalls(pipes, LAUNCH["modeled_seconds"])
    assert [(p, c) for p, c, _ in stalls] == [("MTE2", "hbm"), ("MTE3", "queue"), ("V", "flag")]
    assert [f for _, _, f in stalls] == pytest.approx([0.4, 0.3, 0.2])
    assert rl.format_stalls(stalls) == "MTE2: hbm 40%; MTE3: queue 30%; V: flag 20%"
    # With room for more: bank 5% joins V's group; dispatch and dcache (0.5%) stay under 1%.
    more = rl.top_stalls(pipes, LAUNCH["modeled_seconds"], count=10)
    assert rl.format_stalls(more) == "MTE2: hbm 40%; MTE3: queue 30%; V: flag 20%, bank 5%"
    assert rl.format_stalls([]) == "-"


@pytest.mark.parametrize("tokens, ratio, utilisation, met", [
    (16384, 1.10, 0.90, True),    # both limits are inclusive
    (65536, 1.05, 0.99, True),
    (16384, 1.11, 0.99, False),   # too slow
    (65536, 1.02, 0.89, False),   # near the roofline but the bottleneck pipe idles
    (4096, 1.25, 0.10, True),     # T = 4k: no utilisation goal
    (4096, 1.26, 0.99, False),
])
def test_goal_classification(tokens, ratio, utilisation, met):
    assert rl.meets_goal(tokens, ratio, utilisation) is met


def test_metrics_of_a_synthetic_launch():
    case = dict(soc="Tiny", N=2, D=16, T=20, layout="hand", l=L, d=D, dtype="float16")
    row = metrics(case, ENDS, LAUNCH, wall=0.0)
    assert (row["B"], row["K"], row["covered"], row["cores"]) == (3, 6, 16, 2)
    assert row["roofline_us"] == pytest.approx(35e6)
    assert row["ratio"] == pytest.approx(1e-05 / 35.0)
    # 1560 B read against the 1024 B of covered input and 16 B of weights.
    assert row["read_amp"] == pytest.approx(1.5)
    assert row["vector_share"] == pytest.approx(1.0)
    assert row["memory_share"] == pytest.approx(1.424 / 35.0)
    assert (row["bottleneck"], row["stalls"]) == ("V", "MTE2: hbm 40%; MTE3: queue 30%; V: flag 20%")
    assert row["meets_goal"] is True  # T = 20 takes the short goal, and the ratio is tiny


def test_dtype_spread_pairs_the_same_case_in_both_dtypes():
    case = dict(soc="Tiny", N=2, D=16, T=20, layout="one", l=4, d=2)
    rows = [dict(case, dtype="float16", modeled_us=10.0), dict(case, dtype="bfloat16", modeled_us=10.5),
            dict(case, layout="random", dtype="float16", modeled_us=1.0),
            dict(case, soc="Other", dtype="bfloat16", modeled_us=99.0)]  # no fp16 twin: not a pair
    assert dtype_spread(rows) == (1, pytest.approx(0.05))
