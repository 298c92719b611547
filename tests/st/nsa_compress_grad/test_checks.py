"""The verdicts of checks.py can fail: a result built from the golden passes, and each
corruption a broken kernel or operator could produce (one flipped bit, an unwritten padding slot,
a wrong status, an inputGrad row written twice, an fp32 T*N*D workspace, a missing word) is
refused with a message saying what is wrong. No binary runs here."""
import numpy as np
import pytest

from .cases import GradCase
from .checks import (KERNEL_OP_TYPE, LIBRARY_WORKSPACE_BYTES, bound_error, check_illegal, check_legal,
                         partials_bytes)
from .golden import input_grad_float64, input_grad_tolerance, layout_grads
from .illegal import illegal_cases
from .runner import GradResult, OUTPUT_FILL

CASES = [GradCase("checks:tnd", "TND", "float16", N=2, D=16, l=32, d=16, lengths=(100, 0, 40), seed=1),
         GradCase("checks:bsh", "BSH", "bfloat16", N=3, D=16, l=16, d=16, lengths=(40, 7, 0), S=45, seed=2)]
ELEMENT_BYTES = 2
CORES = 2


def _report(case):
    """A launch report as a correct kernel gives it: inputGrad, weightGrad and the partials
    written once, X and dY read once, the weight per core and the partials once."""
    written = (case.slots * case.N * case.D + case.l * case.N) * ELEMENT_BYTES + partials_bytes(case)
    read = (case.T + case.K) * case.N * case.D * ELEMENT_BYTES + CORES * case.l * case.N * ELEMENT_BYTES + \
        partials_bytes(case)
    def split(total):
        return [total - total // 2, total // 2]

    return {"status": 0, "message": "", "rows": case.K,
            "workspace_bytes": LIBRARY_WORKSPACE_BYTES + partials_bytes(case),
            "launch": {"op_type": KERNEL_OP_TYPE, "blockDim": CORES,
                       "total": {"gm_to_ub_bytes": read, "ub_to_gm_bytes": written, "peak_ub_bytes": 100000},
                       "cores": {"gm_to_ub_bytes": split(read), "ub_to_gm_bytes": split(written)},
                       "cost_model": {"ub_bytes": 196608, "vector_core_num": 48}},
            "copies": []}


def _passing(case):
    data = case.data()
    dx, dw = layout_grads(data.dy, data.x, data.w, case.layout, case.act_seq_len(), case.call_seq_type(), case.l,
                          case.d, case.dtype)
    return data, GradResult(0, _report(case), dx.reshape(-1).copy(), dw.reshape(-1).copy(), "binary ...", "", "")


def _refused(case, data, result, words):
    with pytest.raises(AssertionError) as refusal:
        check_legal(case, data, result)
    assert words in str(refusal.value), str(refusal.value)[:2000]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_golden_itself_passes(case):
    check_legal(case, *_passing(case))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
@pytest.mark.parametrize("output", ["input_grad", "weight_grad"])
def test_one_flipped_bit_in_either_output_fails(case, output):
    data, result = _passing(case)
    values = getattr(result, output)
    values[values.size // 3] ^= 1
    _refused(case, data, result, f"1 of {values.size} {'inputGrad' if output == 'input_grad' else 'weightGrad'} "
                                 f"elements differ")


def test_an_unwritten_padding_slot_fails():
    case = CASES[1]
    data, result = _passing(case)
    # BSH [B, S, H]: batch 1 holds 7 of 45 tokens; its slot 30 is padding, whose gradient is +0.
    padding = np.ravel_multi_index((1, 30, 0), case.input_shape())
    result.input_grad[padding] = OUTPUT_FILL
    _refused(case, data, result, "padding slot 30")


@pytest.mark.parametrize("change, words", [
    ({"returncode": 1, "report": {"status": 161002, "message": "x"}}, "the call failed: 161002"),
    ({"report": {"rows": 1}}, "rows 1, expected K="),
    ({"report": {"workspace_bytes": LIBRARY_WORKSPACE_BYTES + 140 * 2 * 16 * 4}}, "more than the partials'"),
    ({"report": {"copies": [{"op_type": "ViewCopy"}]}}, "copy launches"),
    ({"launch": {"op_type": "NsaCompress"}}, "expected the kernel NsaCompressGrad"),
    ({"launch": {"blockDim": 3}}, "do not match blockDim 3"),
    ({"total": {"ub_to_gm_bytes": 32}}, "inputGrad once"),
    ({"total": {"gm_to_ub_bytes": 140 * 2 * 16 * 4}}, "re-reading an fp32 inputGrad"),
    ({"total": {"peak_ub_bytes": 96609}}, "peak UB 196609"),
])
def test_a_wrong_report_fails(change, words):
    case = CASES[0]
    data, result = _passing(case)
    result.returncode = change.get("returncode", result.returncode)
    result.report.update(change.get("report", {}))
    result.report["launch"].update(change.get("launch", {}))
    for key, extra in change.get("total", {}).items():
        # Added to the total and to one core, so that only the counter itself is wrong.
        result.report["launch"]["total"][key] += extra
        if key in result.report["launch"]["cores"]:
            result.report["launch"]["cores"][key][0] += extra
    _refused(case, data, result, words)


def test_the_float64_bound_refuses_what_is_far_off_and_unreachable_infinities():
    case = CASES[0]
    data = case.data()
    g, magnitude = input_grad_float64(data.dy, data.w, case.ends(), case.l, case.d, case.dtype)
    tolerance = input_grad_tolerance(g, magnitude, case.l, case.d, case.dtype)
    exact = np.asarray(g, np.float16).view(np.uint16)
    assert bound_error("inputGrad", exact, g, tolerance, case.dtype) is None
    far = exact.copy()
    far.reshape(-1)[5] ^= 0x0400                                  # the lowest exponent bit: twice or half
    assert "outside the float64 bound" in bound_error("inputGrad", far, g, tolerance, case.dtype)
    infinite = exact.copy()
    infinite.reshape(-1)[5] = 0x7C00
    assert "infinities or NaNs" in bound_error("inputGrad", infinite, g, tolerance, case.dtype)


def _illegal_passing(case):
    message = " ".join(case.words) + "."
    return GradResult(1, {"status": case.status, "message": message, "rows": 0, "workspace_bytes": 0},
                      np.zeros(0, np.uint16), np.zeros(0, np.uint16), "binary ...", "", "")


@pytest.mark.parametrize("case", illegal_cases()[::20], ids=lambda case: case.name)
def test_illegal_verdicts_fail_on_a_wrong_status_a_missing_word_a_launch_or_an_output(case):
    check_illegal(case, _illegal_passing(case))
    wrong = {"status": lambda r: r.report.update(status=case.status + 1),
             "word": lambda r: r.report.update(message=r.report["message"].replace(case.words[-1], "")),
             "longer value": lambda r: r.report.update(message=r.report["message"].replace(case.words[-1],
                                                                                            case.words[-1] + "0")),
             "launch": lambda r: r.report.update(launch={}),
             "output": lambda r: setattr(r, "weight_grad", np.zeros(4, np.uint16)),
             "exit": lambda r: setattr(r, "returncode", 0)}
    for name, spoil in wrong.items():
        result = _illegal_passing(case)
        spoil(result)
        with pytest.raises(AssertionError):
            check_illegal(case, result)
