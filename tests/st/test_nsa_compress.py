"""aclnnNsaCompress through the example binary: legal cases bit-exact against the ordered golden
and within the float64 bound, illegal cases refused with the right status and message, and the
launch counters consistent with the data moved."""
import json

import numpy as np
import pytest

from cases import illegal_cases, load_listed
from golden import float64_golden, ordered_golden, output_rows, to_float32, tolerance
from runner import run

FIXED = load_listed("fixed.yaml")
EDGE = load_listed("edge.yaml")
ILLEGAL = illegal_cases()
ELEMENT_BYTES = 2
LARGEST_FINITE = {"float16": 65504.0, "bfloat16": 3.3895313892515355e38}


def reproduce(case, result):
    return (f"\nreproduce: python3 -m pytest -q 'tests/st/test_nsa_compress.py' -k '{case.name}'"
            f"\ncase: {case.describe() if hasattr(case, 'describe') else case}"
            f"\nbinary: {result.command}")


def check_legal(case, tmp_path):
    x, w = case.data()
    result = run(case.call(), x, w, tmp_path)
    context = reproduce(case, result)
    assert result.returncode == 0, f"exit {result.returncode}: {result.report} {result.stderr}{context}"
    assert result.report["status"] == 0 and result.report["message"] == "", context

    ends = case.ends()
    rows = output_rows(ends, case.l, case.d)
    assert result.report["rows"] == rows, context
    expected = ordered_golden(x, w, ends, case.l, case.d, case.dtype).reshape(-1)
    assert result.output.size == expected.size, context
    mismatch = np.flatnonzero(result.output != expected)
    assert mismatch.size == 0, (f"{mismatch.size} of {expected.size} elements differ from the ordered golden; "
                                f"first at flat index {mismatch[0]}: got {result.output[mismatch[0]]:#06x}, "
                                f"expected {expected[mismatch[0]]:#06x}{context}")

    g, magnitude = float64_golden(x, w, ends, case.l, case.d, case.dtype)
    got = to_float32(result.output, case.dtype).astype(np.float64).reshape(g.shape)
    largest = float(LARGEST_FINITE[case.dtype])
    bound = tolerance(g, magnitude, case.l, case.dtype)
    finite = np.isfinite(got)
    assert np.all(np.abs(got[finite] - g[finite]) <= bound[finite]), f"outside the float64 bound{context}"
    overflowed = ~finite
    assert np.all(np.abs(g[overflowed]) + bound[overflowed] >= largest), f"inf where float64 is in range{context}"

    if rows > 0:
        check_counters(case, result.report["launch"], rows, context)


def check_counters(case, launch, rows, context):
    total = launch["total"]
    N, D, l, d = case.N, case.D, case.l, case.d
    input_bytes = case.T * N * D * ELEMENT_BYTES
    cores = launch["blockDim"]
    # Each core may re-read the l - d tokens before its range for every head it owns, and reads
    # the weights of its heads once: at most cores * ((l - d) * N * D + l * N) elements beyond
    # the input itself.
    allowance = cores * ((l - d) * N * D + l * N) * ELEMENT_BYTES
    assert total["gm_to_ub_bytes"] <= input_bytes * 1.05 + allowance, f"read {total['gm_to_ub_bytes']}{context}"
    assert total["ub_to_gm_bytes"] == rows * N * D * ELEMENT_BYTES, context
    assert total["peak_ub_bytes"] <= launch["cost_model"]["ub_bytes"], context


@pytest.mark.parametrize("case", FIXED, ids=[c.name for c in FIXED])
def test_fixed_case(case, example_binary, tmp_path):
    check_legal(case, tmp_path)


@pytest.mark.parametrize("case", EDGE, ids=[c.name for c in EDGE])
def test_edge_case(case, example_binary, tmp_path):
    check_legal(case, tmp_path)


def test_random_case(random_case, example_binary, tmp_path):
    check_legal(random_case, tmp_path)


@pytest.mark.parametrize("case", ILLEGAL, ids=[c.name for c in ILLEGAL])
def test_illegal_case(case, example_binary, tmp_path):
    x, w = case.data()
    result = run(case.call(), x, w, tmp_path)
    context = reproduce(case, result) + f"\nchanges: {json.dumps(case.changes, default=str)}"
    assert result.returncode == 1, f"exit {result.returncode}: {result.stderr}{context}"
    assert result.report["status"] == case.status, f"{result.report}{context}"
    for word in case.words:
        assert word in result.report["message"], f"message {result.report['message']!r} lacks {word!r}{context}"
    assert "launch" not in result.report, context


def test_demo_prints_each_value(example_binary):
    import subprocess
    from runner import environment
    done = subprocess.run([str(example_binary)], capture_output=True, text=True, timeout=60, env=environment())
    assert done.returncode == 0, done.stderr
    values = [line for line in done.stdout.splitlines() if line.startswith("result[")]
    assert len(values) == 2 * 4 * 32
    assert all(line.endswith("is: 32.000000") for line in values)
    assert json.loads(done.stdout.splitlines()[-1])["status"] == 0


def test_usage_errors_exit_2(example_binary, tmp_path):
    import subprocess
    from runner import environment
    for args in (["--shape", "1,2"], ["--bogus", "1"], ["--dtype", "int8", "--shape", "1,1,16"]):
        done = subprocess.run([str(example_binary)] + args, capture_output=True, text=True, timeout=60,
                              env=environment())
        assert done.returncode == 2, (args, done.stdout, done.stderr)
