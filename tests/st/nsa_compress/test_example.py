"""aclnnNsaCompress through the example binary (nsa_compress/docs/design.md).

Legal cases (fixed, edge, random) must be bit-exact against the ordered float32 golden, inside
the float64 bound, free of simulator check failures and with sane launch counters. Illegal cases
must return ACLNN_ERR_PARAM_INVALID with a message naming the parameter and the value. The cases
are parametrised in conftest.py; checks.py holds the verdicts.
"""
import json
import subprocess

from .checks import check_illegal, check_legal
from .runner import environment, run

DEMO_ROWS, DEMO_HEADS, DEMO_DIM, DEMO_BLOCK = 2, 4, 32, 32


def test_legal(legal_case, example_binary, tmp_path):
    x, w = legal_case.data()
    result = run(legal_case.call(), x, w, tmp_path)
    check_legal(legal_case, x, w, result)


def test_illegal(illegal_case, example_binary, tmp_path):
    x, w = illegal_case.data()
    result = run(illegal_case.call(), x, w, tmp_path)
    check_illegal(illegal_case, result)


def test_demo_prints_the_expected_values(example_binary):
    # The demo: T=64 as one sequence, all ones, l=d=32: every output element is 32.
    done = subprocess.run([str(example_binary)], capture_output=True, text=True, timeout=120, env=environment())
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    values = [line for line in done.stdout.splitlines() if line.startswith("result[")]
    assert len(values) == DEMO_ROWS * DEMO_HEADS * DEMO_DIM
    assert all(line.endswith(f"is: {DEMO_BLOCK:.6f}") for line in values), values[:4]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["status"] == 0 and report["rows"] == DEMO_ROWS


def test_usage_errors_exit_2(example_binary, tmp_path):
    # Usage errors are the binary's own (exit 2), before any call: they must not look like a
    # status of the operator (exit 1) or a success.
    (tmp_path / "x.bin").write_bytes(bytes(64 * 2 * 16 * 2 - 2))   # one element short
    (tmp_path / "w.bin").write_bytes(bytes(16 * 2 * 2))
    common = ["--input", str(tmp_path / "x.bin"), "--weight", str(tmp_path / "w.bin"), "--act-seq-len", "64",
              "--block", "16", "--stride", "16", "--output", str(tmp_path / "o.bin")]
    for args in (["--shape", "64,2"] + common,                    # not T,N,D
                 ["--shape", "64,2,16"] + common,                 # input file too short
                 ["--shape", "64,2,16", "--bogus", "1"] + common,
                 ["--dtype", "int8", "--shape", "64,2,16"] + common,
                 ["--shape", "64,2,16", "--block"]):
        done = subprocess.run([str(example_binary)] + args, capture_output=True, text=True, timeout=60,
                              env=environment())
        assert done.returncode == 2, (args, done.stdout, done.stderr)
