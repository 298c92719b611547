"""The verdict on one call of the V2 example against its built case: each cache's written rows
match the golden bit for bit (a NaN by class, nsa_harness.bit_exact), and every other element of
its storage (the rows no window writes, NaN and infinity patterns included, and the storage around
a strided view) keeps its exact bits. A call with batches launches the kernel once, whether or not
a window ends in its step, and copies nothing (strided caches are updated in place)."""
import numpy as np

from ..nsa_harness.bit_exact import mismatches

KERNEL_OP_TYPE = "NsaCompressWithCacheV2"


def written_elements(built):
    """The storage indices of the rows the golden writes."""
    rows = sorted({row for _, _, row in built.written})
    return built.cache_index[rows].reshape(-1) if rows else np.zeros(0, np.int64)


def cache_differences(got, expected, before, built, dtype):
    """A description of how `got` breaks the rule, or '' when it follows it."""
    if got.size != expected.size:
        return f"{got.size} elements came back, {expected.size} expected"
    written = written_elements(built)
    bad_written = written[mismatches(got[written], expected[written], dtype)]
    kept = np.ones(expected.size, bool)
    kept[written] = False
    bad_kept = np.flatnonzero(kept & (got != before))
    if bad_written.size or bad_kept.size:
        return (f"{bad_written.size} written elements differ from the golden (first at {bad_written[:6].tolist()}), "
                f"{bad_kept.size} elements no window writes changed (first at {bad_kept[:6].tolist()})")
    return ""


def check_call(built, result):
    assert result.returncode == 0 and result.report.get("status") == 0, f"{result.describe()}\n{result.command}"
    call = built.call
    problems = [f"K cache: {cache_differences(result.output, built.expected, call.cache_storage, built, call.dtype)}"]
    if call.value_cache is not None:
        problems.append("V cache: " + cache_differences(result.value_output, built.expected_value, call.value_cache,
                                                        built, call.dtype))
    problems = [problem for problem in problems if not problem.endswith(": ")]
    assert not problems, f"{problems}; writers {built.written}\n{result.command}"
    if len(call.act):
        assert result.report.get("launch", {}).get("op_type") == KERNEL_OP_TYPE, result.describe()
        assert result.report["copies"] == [], f"a view went through a copy: {result.report['copies']}"
    else:
        assert "launch" not in result.report and result.report["workspace_bytes"] == 0, result.describe()
