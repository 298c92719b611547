"""What views cost, as benchmarks/bench_views.py measures it, on a small shape: a view the kernel
strides through moves the contiguous call's bytes in one launch; a view it cannot costs copy
launches and about three times the input bytes."""
import pytest

import bench_views as bv

N, D, T = 4, 128, 2048


@pytest.fixture(scope="module")
def costs(tmp_path_factory):
    binary = bv.DEFAULT_BINARY
    if not binary.exists():
        pytest.fail(f"{binary} is missing: build it with bash build.sh --example")
    workdir = tmp_path_factory.mktemp("views")
    return {name: bv.run(binary, "Ascend910B2", N, D, T, name, view, workdir)
            for name, view in bv.views(N, D).items()}


def test_storage_elements_reach_the_farthest_element():
    assert bv.storage_elements((2, 3, 4), (12, 4, 1), 0) == 24
    assert bv.storage_elements((2, 3, 4), (40, 8, 1), 5) == 5 + 1 + 40 + 16 + 3


def test_in_place_views_move_the_contiguous_bytes_in_one_launch(costs):
    contiguous = costs["contiguous"]
    assert contiguous["launches"] == 1
    assert costs["qkv-key"]["launches"] == 1
    assert costs["qkv-key"]["moved_bytes"] == contiguous["moved_bytes"]
    assert costs["transposed"]["launches"] == 1
    # Per-head copies may change the work split, never add traffic beyond the contiguous call's.
    assert costs["transposed"]["moved_bytes"] <= contiguous["moved_bytes"]


def test_copied_views_cost_copy_launches_and_their_traffic(costs):
    contiguous = costs["contiguous"]
    input_bytes = T * N * D * 2
    assert costs["broadcast"]["launches"] == 2          # Contiguous, then the kernel
    assert costs["copied"]["launches"] == 3             # Contiguous, kernel, ViewCopy
    # The copy reads the view and writes a buffer the kernel then reads: two more input passes.
    assert costs["broadcast"]["moved_bytes"] >= contiguous["moved_bytes"] + 2 * input_bytes
