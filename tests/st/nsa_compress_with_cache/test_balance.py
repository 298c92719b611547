"""How the decode kernel spreads a step's due batches over the cores of a head chunk
(nsa_compress_with_cache/docs/design.md, "Kernel design"): by their rank among the due batches,
not by their index, so the cores' shares differ by at most one window wherever the due batches lie.
The per-core bytes written come from the simulator's launch report."""
import math

from .cases import Spec
from .test_hostile import run_and_check

# Multiples of 240 fall on lane 0 with 40 lanes and with 48: a split by batch index would hand
# every due batch to one core on either SoC.
LANE_ZERO_STRIDE = 240


def clustered_spec(due_count):
    batches = LANE_ZERO_STRIDE * (due_count - 1) + 1
    due = set(range(0, batches, LANE_ZERO_STRIDE))
    lengths = tuple(32 + 16 * (b % 3) if b in due else 40 for b in range(batches))
    return Spec(name="clustered", dtype="float16", N=2, D=32, l=32, d=16, lengths=lengths, P=16, seed=8), due


def test_due_batches_on_one_index_lane_spread_over_the_lanes(tmp_path):
    due_count = 5
    spec, due = clustered_spec(due_count)
    built, result = run_and_check(spec, tmp_path)
    assert sorted(b for b, _ in built.written) == sorted(due)
    launch = result.report["launch"]
    lanes = launch["blockDim"]   # one head chunk: every core is one of its lanes
    row_bytes = spec.N * spec.D * 2
    per_core = launch["cores"]["ub_to_gm_bytes"]
    assert max(per_core) == row_bytes * math.ceil(due_count / lanes), per_core
    assert sum(1 for written in per_core if written) == min(due_count, lanes), per_core
