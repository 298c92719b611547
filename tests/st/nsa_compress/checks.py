"""Verdicts on one run of the example binary: what a legal case and an illegal case must satisfy.

Every failure message starts with the one-line command that reproduces the case (its spec holds
the seed and every parameter), then describes the case, the binary call and the difference.
"""
import numpy as np

from .golden import (float64_golden, layout_golden, ordered_golden, packed_sequences, to_float32, tolerance,
                     windows)
from ..nsa_harness import bit_exact, float64_bound, verdicts
from ..nsa_harness.verdicts import contains_word
from ..nsa_harness.views import outside_mask, view_indices
from .runner import OP

ELEMENT_BYTES = 2            # float16 and bfloat16
KERNEL_OP_TYPE = "NsaCompress"
READ_SLACK = 1.05            # alignment and tile rounding the read bound allows
MAX_LANES = 2                # parts of a core's windows the kernel computes in lockstep
MISMATCHES_SHOWN = 5


def reproduce_command(case):
    """One shell line that runs exactly this case again, data included (from its seed)."""
    return verdicts.reproduce_command(OP, case.spec())


def context(case, result):
    return verdicts.context(reproduce_command(case), case, result)


def _describe_mismatches(case, got, expected, shape):
    rows, sequences, window_indices = windows(case.ends(), case.l, case.d)
    flat = bit_exact.mismatches(got, expected, case.dtype)
    lines = [f"{flat.size} of {expected.size} output elements differ from the ordered float32 golden "
             f"(bits, a NaN matching any NaN; first token: the window's first token among the packed sequences)"]
    got_values = to_float32(got[flat[:MISMATCHES_SHOWN]], case.dtype)
    expected_values = to_float32(expected[flat[:MISMATCHES_SHOWN]], case.dtype)
    for index, got_value, expected_value in zip(flat[:MISMATCHES_SHOWN], got_values, expected_values):
        o, n, e = np.unravel_index(index, shape)
        lines.append(f"  out[{o}, {n}, {e}] (sequence {sequences[o]}, window {window_indices[o]}, first token "
                     f"{rows[o]}): got {got[index]:#06x} ({got_value!r}), expected {expected[index]:#06x} "
                     f"({expected_value!r})")
    return "\n".join(lines)


def check_legal(case, x, w, result):
    where = context(case, result)
    # A hardware check of the simulator (out of bounds, UB overflow, alignment, unwritten UB, ...)
    # turns the call into status 361001: status 0 is what "the checks never fired" means.
    assert result.returncode == 0 and result.report.get("status") == 0, \
        f"the call failed: {result.report.get('status')} {result.report.get('message')!r}{where}"
    ends = case.ends()
    K = case.K
    shape = (K, case.N, case.D)
    assert result.report.get("rows") == K, f"rows {result.report.get('rows')}, expected K={K}{where}"
    assert result.output.size == K * case.N * case.D, \
        f"output holds {result.output.size} elements, expected {K}*{case.N}*{case.D}{where}"

    expected = ordered_golden(x, w, ends, case.l, case.d, case.dtype).reshape(-1)
    got = result.output.reshape(-1)
    # Both verdicts are computed before either is asserted: a result that is not bit-exact but
    # inside the float64 bound points at the operation order, one far outside at indexing.
    bound_error = float64_bound_error(case, x, w, got, shape)
    if not bit_exact.matches(got, expected, case.dtype):
        raise AssertionError(_describe_mismatches(case, got, expected, shape) +
                             f"\nfloat64 bound: {bound_error or 'every element inside it'}" + where)
    assert bound_error is None, bound_error + where

    if K > 0:
        assert "launch" in result.report, f"no launch report although a kernel ran{where}"
        check_counters(case, result.report["launch"], K, where)


def check_view_legal(case, data, result):
    """A ViewCase (view_cases.py): status 0; the output view bit-exact against the golden of the
    logical input its view reads, and inside the float64 bound; every storage element outside the
    output view as it was before the call (the fill pattern, or the input's storage when the
    output shares it); sane launch counters."""
    where = context(case, result)
    assert result.returncode == 0 and result.report.get("status") == 0, \
        f"the call failed: {result.report.get('status')} {result.report.get('message')!r}{where}"
    K = case.K
    shape = case.output_shape()
    assert result.report.get("rows") == K, f"rows {result.report.get('rows')}, expected K={K}{where}"
    before = data.output_before
    got_storage = result.output.reshape(-1)
    assert got_storage.size == before.size, \
        f"the output file holds {got_storage.size} elements, the output storage is {before.size}{where}"

    view = view_indices(shape, case.output_strides, case.output_offset)
    expected = layout_golden(data.x, data.w, case.layout, case.act_seq_len(), case.call_seq_type(), case.l, case.d,
                             case.dtype).reshape(-1)
    got = got_storage[view.reshape(-1)]
    tokens, _ = packed_sequences(data.x, case.layout, case.act_seq_len(), case.call_seq_type(), case.N)
    bound_error = float64_bound_error(case, tokens, data.w, got, shape)
    if not bit_exact.matches(got, expected, case.dtype):
        raise AssertionError(_describe_mismatches(case, got, expected, shape) +
                             f"\nfloat64 bound: {bound_error or 'every element inside it'}" + where)
    assert bound_error is None, bound_error + where

    # Nothing outside the view written: a kernel that writes a row's padding, a whole tile past
    # the view, or a contiguous [K, N, D] block at the view's offset changes these elements.
    outside = outside_mask(before.size, shape, case.output_strides, case.output_offset)
    changed = np.flatnonzero(outside & (got_storage != before))
    if changed.size:
        first = changed[:MISMATCHES_SHOWN]
        raise AssertionError(
            f"{changed.size} of {int(outside.sum())} output-storage elements outside the output view changed; "
            f"storage index: got / before: " +
            ", ".join(f"{i}: {got_storage[i]:#06x} / {before[i]:#06x}" for i in first) + where)

    if K == 0:
        return      # nothing to launch (the example reports no launch for K = 0)
    assert "launch" in result.report, f"no launch report although K = {K}{where}"
    launch = result.report["launch"]
    assert launch.get("op_type") == KERNEL_OP_TYPE, \
        f"the launch reported is {launch.get('op_type')!r}, expected the kernel {KERNEL_OP_TYPE}{where}"
    # Whether a view is copied or not, the kernel itself reads at most the bound and writes K*N*D
    # elements: copies are launches of their own ("copies").
    check_counters(case, launch, K, where)
    copies = result.report.get("copies", [])
    assert len(copies) == case.copy_launches(), \
        f"{len(copies)} copy launches ({[c.get('op_type') for c in copies]}), expected " \
        f"{case.copy_launches()}{where}"


def float64_bound_error(case, x, w, got_bits, shape):
    """None when every element meets the float64 bound ulp_out(g) + l*2^-23*sum|w x| of the float64
    golden g (nsa_harness/float64_bound.py), else what is wrong (x as packed tokens [T, N, D],
    sequences case.ends())."""
    g, magnitude = float64_golden(x, w, case.ends(), case.l, case.d, case.dtype)
    return float64_bound.bound_error("output", "ulp_out(g) + l*2^-23*sum|w x|", got_bits, g.reshape(shape),
                                     tolerance(g, magnitude, case.l, case.dtype).reshape(shape), case.dtype)


def check_counters(case, launch, K, where):
    total = launch["total"]
    per_core = launch.get("cores", {})
    block_dim = int(launch["blockDim"])
    reads = per_core.get("gm_to_ub_bytes", [total["gm_to_ub_bytes"]])
    writes = per_core.get("ub_to_gm_bytes", [total["ub_to_gm_bytes"]])
    if "gm_to_ub_bytes" in per_core:
        assert len(reads) == len(writes) == block_dim, f"per-core arrays do not match blockDim {block_dim}{where}"
    assert sum(reads) == total["gm_to_ub_bytes"] and sum(writes) == total["ub_to_gm_bytes"], \
        f"per-core bytes do not add up to the totals{where}"
    used_cores = sum(1 for r, wr in zip(reads, writes) if r > 0 or wr > 0)

    N, D, l, d = case.N, case.D, case.l, case.d
    # case.T counts the sequences' tokens: for a batched layout the valid ones, the padding after
    # each batch's len_b tokens never being read. For a strided view, the bytes of its elements
    # (whatever its gaps): the kernel copies rows of D elements.
    input_bytes = case.T * N * D * ELEMENT_BYTES
    weight_bytes = l * N * ELEMENT_BYTES
    # Boundary overlap. A core owns a contiguous range of windows (and maybe of heads), computed
    # in at most MAX_LANES lanes, each a contiguous part of the range. Windows of one sequence
    # start d tokens apart, windows of different sequences share no token, so the first window of
    # a lane shares at most l - d tokens with the windows before it; every other token of its part
    # it reads once. A core therefore re-reads at most MAX_LANES * (l - d) tokens x (its heads
    # <= N) x D elements of 2 bytes. Each core may read the weights (of its heads) once.
    overlap_bytes = used_cores * MAX_LANES * (l - d) * N * D * ELEMENT_BYTES
    read_limit = (input_bytes + weight_bytes * used_cores) * READ_SLACK + overlap_bytes
    assert total["gm_to_ub_bytes"] <= read_limit, \
        (f"GM->UB {total['gm_to_ub_bytes']} bytes, more than (input {input_bytes} + weight {weight_bytes} x "
         f"{used_cores} cores) x {READ_SLACK} + overlap {overlap_bytes} = {read_limit:.0f}{where}")
    assert total["ub_to_gm_bytes"] == K * N * D * ELEMENT_BYTES, \
        f"UB->GM {total['ub_to_gm_bytes']} bytes, the output is {K * N * D * ELEMENT_BYTES}{where}"
    cost_model = launch.get("cost_model", {})
    if "ub_bytes" in cost_model:
        assert total["peak_ub_bytes"] <= cost_model["ub_bytes"], \
            f"peak UB {total['peak_ub_bytes']} bytes over the platform's {cost_model['ub_bytes']}{where}"
    if "vector_core_num" in cost_model:
        assert 1 <= block_dim <= cost_model["vector_core_num"], f"blockDim {block_dim}{where}"


def check_illegal(case, result):
    where = context(case, result) + f"\nexpected status {case.status} and words {list(case.words)}"
    assert result.returncode == 1, f"exit {result.returncode}, expected 1 (error status){where}"
    assert result.report.get("status") == case.status, \
        f"status {result.report.get('status')} {result.report.get('message')!r}{where}"
    message = result.report.get("message", "")
    missing = [word for word in case.words if not contains_word(message, word)]
    assert not missing, f"message {message!r} lacks {missing}{where}"
    assert "launch" not in result.report, f"a kernel ran for an illegal call{where}"
    assert result.output.size == 0, f"an illegal call wrote an output file{where}"
