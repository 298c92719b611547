"""Verdicts on one run of the grad example: what a legal case and an illegal case must satisfy.

Every failure message starts with the one-line command that reproduces the case (its spec holds
the seed and every parameter), then describes the case, the binary call and the difference.
"""
import math

import numpy as np

from .golden import (GROUP_WINDOWS, group_count, input_grad_tolerance, layout_grads, layout_grads_float64,
                         weight_grad_tolerance)
from .runner import OP
from ..nsa_harness import bit_exact, float64_bound, verdicts
from ..nsa_harness.verdicts import contains_word
from ..nsa_harness.numerics import to_float32

ELEMENT_BYTES = 2            # float16 and bfloat16
PARTIAL_BYTES = 4            # one fp32 weightGrad partial
KERNEL_OP_TYPE = "NsaCompressGrad"
# Ascend C's share of every workspace on these SoCs (platform_ascendc GetLibApiWorkSpaceSize);
# the op's own workspace starts at it, rounded up to 512 bytes.
LIBRARY_WORKSPACE_BYTES = 16 << 20
WORKSPACE_ALIGN = 512
MISMATCHES_SHOWN = 5


def reproduce_command(case):
    """One shell line that runs exactly this case again, data included (from its seed)."""
    return verdicts.reproduce_command(OP, case.spec())


def context(case, result):
    return verdicts.context(reproduce_command(case), case, result)


def _describe_mismatches(what, got, expected, shape, dtype, where_of):
    flat = bit_exact.mismatches(got, expected, dtype)
    lines = [f"{flat.size} of {expected.size} {what} elements differ from the ordered float32 golden "
             f"(bits, a NaN matching any NaN)"]
    got_values = to_float32(got[flat[:MISMATCHES_SHOWN]], dtype)
    expected_values = to_float32(expected[flat[:MISMATCHES_SHOWN]], dtype)
    for index, got_value, expected_value in zip(flat[:MISMATCHES_SHOWN], got_values, expected_values):
        position = np.unravel_index(index, shape)
        lines.append(f"  {what}{list(int(p) for p in position)} ({where_of(position)}): got {got[index]:#06x} "
                     f"({got_value!r}), expected {expected[index]:#06x} ({expected_value!r})")
    return "\n".join(lines)


def _batch_position(layout, position, D):
    """(batch, slot, head) of an element position of a batched layout's input."""
    if layout == "BSND":
        return int(position[0]), int(position[1]), int(position[2])
    if layout == "BNSD":
        return int(position[0]), int(position[2]), int(position[1])
    if layout == "BSH":
        return int(position[0]), int(position[1]), int(position[2]) // D
    return int(position[1]), int(position[0]), int(position[2]) // D     # SBH


def _token_description(case):
    """For inputGrad mismatches: the sequence, row and covering windows of an input position."""
    ends = case.ends()

    def describe(position):
        if case.layout == "TND":
            token, head = int(position[0]), int(position[1])
        else:
            b, slot, head = _batch_position(case.layout, position, case.D)
            if slot >= case.lengths[b]:
                return f"batch {b}, padding slot {slot}, head {head}"
            token = int(sum(case.lengths[:b])) + slot
        sequence = int(np.searchsorted(ends, token, side="right"))
        begin = int(ends[sequence - 1]) if sequence else 0
        row, length = token - begin, int(ends[sequence]) - begin
        count = (length - case.l) // case.d + 1 if length >= case.l else 0
        covering = [i for i in range(count) if i * case.d <= row < i * case.d + case.l]
        return f"sequence {sequence}, row {row}, head {head}, windows {covering or 'none'}"

    return describe


def _weight_description(case):
    return lambda position: f"j={int(position[0])}, head {int(position[1])}, over {group_count(case.K)} groups"


def bound_error(what, got_bits, g, tolerance, dtype):
    """None when every element of `got_bits` meets the float64 bound of design.md ("Error bound")
    around g (nsa_harness/float64_bound.py), else what is wrong."""
    return float64_bound.bound_error(what, "design.md, 'Error bound'", got_bits, g, tolerance, dtype)


def float64_bound_errors(case, data, input_grad_bits, weight_grad_bits):
    """The bound verdicts of both outputs (None each when inside)."""
    (g_dx, m_dx), (g_dw, m_dw) = layout_grads_float64(data.dy, data.x, data.w, case.layout, case.act_seq_len(),
                                                      case.call_seq_type(), case.l, case.d, case.dtype)
    return (bound_error("inputGrad", input_grad_bits, g_dx,
                        input_grad_tolerance(g_dx, m_dx, case.l, case.d, case.dtype), case.dtype),
            bound_error("weightGrad", weight_grad_bits, g_dw,
                        weight_grad_tolerance(g_dw, m_dw, case.K, case.D, case.dtype), case.dtype))


def check_legal(case, data, result):
    """Status 0; both outputs bit-exact against the ordered golden and inside the float64 bound;
    the launch's counters (check_counters)."""
    where = context(case, result)
    # A hardware check of the simulator (out of bounds, UB overflow, alignment, unwritten UB, a
    # block missing SyncAll, ...) turns the call into an error status: 0 means none fired.
    assert result.returncode == 0 and result.report.get("status") == 0, \
        f"the call failed: {result.report.get('status')} {result.report.get('message')!r}{where}"
    assert result.report.get("rows") == case.K, f"rows {result.report.get('rows')}, expected K={case.K}{where}"
    input_shape, weight_shape = case.input_shape(), (case.l, case.N)
    assert result.input_grad.size == math.prod(input_shape), \
        f"the inputGrad file holds {result.input_grad.size} elements, inputGrad is {input_shape}{where}"
    assert result.weight_grad.size == math.prod(weight_shape), \
        f"the weightGrad file holds {result.weight_grad.size} elements, weightGrad is {weight_shape}{where}"

    expected_dx, expected_dw = layout_grads(data.dy, data.x, data.w, case.layout, case.act_seq_len(),
                                            case.call_seq_type(), case.l, case.d, case.dtype)
    got_dx, got_dw = result.input_grad.reshape(input_shape), result.weight_grad.reshape(weight_shape)
    # Both verdicts are computed before either is asserted: a result that is not bit-exact but
    # inside the float64 bound points at the order of the sums, one far outside at indexing.
    bounds = float64_bound_errors(case, data, got_dx, got_dw)
    bound_text = "; ".join(error for error in bounds if error) or "both outputs inside it"
    failures = []
    if not bit_exact.matches(got_dx, expected_dx, case.dtype):
        failures.append(_describe_mismatches("inputGrad", got_dx.reshape(-1), expected_dx.reshape(-1), input_shape,
                                             case.dtype, _token_description(case)))
    if not bit_exact.matches(got_dw, expected_dw, case.dtype):
        failures.append(_describe_mismatches("weightGrad", got_dw.reshape(-1), expected_dw.reshape(-1), weight_shape,
                                             case.dtype, _weight_description(case)))
    if failures:
        raise AssertionError("\n".join(failures) + f"\nfloat64 bound: {bound_text}" + where)
    assert not any(bounds), bound_text + where
    check_counters(case, result.report, where)


def partials_bytes(case):
    """The fp32 weightGrad partials [ceil(K / G), l, N] of design.md."""
    return group_count(case.K) * case.l * case.N * PARTIAL_BYTES


def check_counters(case, report, where):
    """The launch the call reports, when it launched: the kernel, no copies (the cases' tensors are
    contiguous), inputGrad written exactly once per element (every UB->GM byte accounted for by
    inputGrad, weightGrad and the partials), a workspace of the partials only and reads short of
    an fp32 T*N*D copy of inputGrad (the vendor's design), UB and cores within the SoC's."""
    own_workspace = report["workspace_bytes"] - math.ceil(LIBRARY_WORKSPACE_BYTES / WORKSPACE_ALIGN) * WORKSPACE_ALIGN
    fp32_copy = case.slots * case.N * case.D * 4
    assert 0 <= own_workspace <= partials_bytes(case), \
        (f"the call's workspace beyond Ascend C's share is {own_workspace} bytes, more than the partials' "
         f"{partials_bytes(case)} (ceil(K / {GROUP_WINDOWS}) * l * N * 4){where}")
    assert own_workspace * 16 <= fp32_copy, \
        f"the call's workspace {own_workspace} bytes is not far below an fp32 inputGrad's {fp32_copy}{where}"
    if "launch" not in report:
        assert case.K == 0, f"no launch report although K = {case.K}{where}"
        return
    launch = report["launch"]
    assert launch.get("op_type") == KERNEL_OP_TYPE, \
        f"the launch reported is {launch.get('op_type')!r}, expected the kernel {KERNEL_OP_TYPE}{where}"
    assert report.get("copies") == [], f"copy launches {report.get('copies')} for contiguous tensors{where}"
    total = launch["total"]
    per_core = launch["cores"]
    block_dim = int(launch["blockDim"])
    reads, writes = per_core["gm_to_ub_bytes"], per_core["ub_to_gm_bytes"]
    assert len(reads) == len(writes) == block_dim, f"per-core arrays do not match blockDim {block_dim}{where}"
    assert sum(reads) == total["gm_to_ub_bytes"] and sum(writes) == total["ub_to_gm_bytes"], \
        f"per-core bytes do not add up to the totals{where}"
    N, D, l = case.N, case.D, case.l

    input_grad_bytes = case.slots * N * D * ELEMENT_BYTES
    weight_grad_bytes = l * N * ELEMENT_BYTES
    written = total["ub_to_gm_bytes"]
    assert written == input_grad_bytes + weight_grad_bytes + partials_bytes(case), \
        (f"UB->GM {written} bytes; inputGrad once ({input_grad_bytes}) + weightGrad ({weight_grad_bytes}) + the "
         f"partials ({partials_bytes(case)}) are {input_grad_bytes + weight_grad_bytes + partials_bytes(case)}"
         f"{where}")

    # Reads: what the kernel reads beyond X and dY once, the weight once per core and the partials
    # once (tile and batch boundaries, dY in both phases) depends on its UB plan; the benchmark
    # reports it. What must hold whatever the plan: less than the vendor's design re-reads alone,
    # an fp32 T*N*D inputGrad, on top of those.
    once = (case.T + case.K) * N * D * ELEMENT_BYTES + weight_grad_bytes * block_dim + partials_bytes(case)
    assert total["gm_to_ub_bytes"] < once + fp32_copy, \
        (f"GM->UB {total['gm_to_ub_bytes']} bytes: X, dY, the weight per core and the partials once ({once}) "
         f"plus as much as re-reading an fp32 inputGrad ({fp32_copy}) or more{where}")
    cost_model = launch["cost_model"]
    assert total["peak_ub_bytes"] <= cost_model["ub_bytes"], \
        f"peak UB {total['peak_ub_bytes']} bytes over the platform's {cost_model['ub_bytes']}{where}"
    assert 1 <= block_dim <= cost_model["vector_core_num"], f"blockDim {block_dim}{where}"


def check_illegal(case, result):
    """Exit 1 with the case's status, a message holding every word, no launch, no output file."""
    where = context(case, result) + f"\nexpected status {case.status} and words {list(case.words)}"
    assert result.returncode == 1, f"exit {result.returncode}, expected 1 (error status){where}"
    assert result.report.get("status") == case.status, \
        f"status {result.report.get('status')} {result.report.get('message')!r}{where}"
    message = result.report.get("message", "")
    missing = [word for word in case.words if not contains_word(message, word)]
    assert not missing, f"message {message!r} lacks {missing}{where}"
    assert "launch" not in result.report, f"a kernel ran for an illegal call{where}"
    assert result.input_grad.size == 0 and result.weight_grad.size == 0, \
        f"an illegal call wrote an output file{where}"
