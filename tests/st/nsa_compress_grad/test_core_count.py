"""weightGrad's bits do not depend on the core count (design.md, "Arithmetic contract:
weightGrad"): the same case on two SoCs with different vector-core counts (ASCEND_SIM_SOC, as the
benchmark picks a SoC) must give identical bits, and each must be the golden's.

The cases have more groups of G windows than either SoC has cores (so the groups are split
differently), fewer groups than cores (heads split between cores), and groups that span
sequences; each run must report a different blockDim, or the comparison proves nothing."""
import pytest

from .cases import GradCase
from .checks import check_legal
from .runner import run

# Vector cores: Ascend910B2 48, Ascend910B4 40 (simulator/src/opfw/soc_spec.cpp).
SOCS = ("Ascend910B2", "Ascend910B4")
CASES = [
    GradCase("cores:64-groups", "TND", "float16", N=1, D=16, l=32, d=16, lengths=(16384,), values="cancel", seed=11),
    GradCase("cores:heads-split", "TND", "bfloat16", N=96, D=32, l=64, d=16, lengths=(200, 0, 130), values="cancel",
             seed=12),
    GradCase("cores:groups-across-sequences", "TND", "bfloat16", N=3, D=48, l=32, d=16,
             lengths=tuple([40, 0, 47, 300, 16] * 40), seq_type=1, values="random", seed=13),
    GradCase("cores:batched", "BSND", "float16", N=4, D=64, l=48, d=16, S=2000, lengths=(2000, 1333, 0, 1950),
             values="cancel", seed=14),
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_grad_bits_do_not_depend_on_the_core_count(case, example_binary, tmp_path):
    data = case.data()
    arrays = {"output_grad": data.dy, "input": data.x, "weight": data.w}
    results = {}
    for soc in SOCS:
        folder = tmp_path / soc
        folder.mkdir()
        results[soc] = run(case.call(), arrays, folder, env={"ASCEND_SIM_SOC": soc})
        check_legal(case, data, results[soc])
        assert results[soc].report["launch"]["soc"] == soc, results[soc].report["launch"]["soc"]
    first, second = (results[soc] for soc in SOCS)
    block_dims = [result.report["launch"]["blockDim"] for result in (first, second)]
    assert block_dims[0] != block_dims[1], f"both SoCs ran on {block_dims[0]} cores: the split did not change"
    assert (first.weight_grad == second.weight_grad).all(), \
        f"weightGrad differs between {SOCS[0]} and {SOCS[1]} ({block_dims} cores)"
    assert (first.input_grad == second.input_grad).all(), \
        f"inputGrad differs between {SOCS[0]} and {SOCS[1]} ({block_dims} cores)"
