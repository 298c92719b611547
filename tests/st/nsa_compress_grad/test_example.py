"""aclnnNsaCompressGrad through its example binary (docs/aclnnNsaCompressGrad.md, design.md).

Legal cases (fixed, edge, random; every layout) must give both gradients bit-exact against the
ordered float32 golden, inside the float64 bound, with no simulator check firing and with the
launch counters of design.md. Illegal cases must return the documented status with a message
naming the parameter, the value and the rule. The cases are parametrised in conftest.py;
checks.py holds the verdicts.
"""
import json
import subprocess

from .checks import check_illegal, check_legal
from .runner import environment, run

# The demo: T=64 as one sequence, N=2, D=16, l=32, d=16 (K=3), every value 1.
DEMO_TOKENS, DEMO_HEADS, DEMO_DIM, DEMO_BLOCK, DEMO_STRIDE, DEMO_ROWS = 64, 2, 16, 32, 16, 3


def test_legal(legal_case, example_binary, tmp_path):
    data = legal_case.data()
    arrays = {"output_grad": data.dy, "input": data.x, "weight": data.w}
    result = run(legal_case.call(), arrays, tmp_path)
    check_legal(legal_case, data, result)


def test_illegal(illegal_case, example_binary, tmp_path):
    result = run(illegal_case.call(), illegal_case.data(), tmp_path)
    check_illegal(illegal_case, result)


def _demo_rows(stdout, name):
    """{row: [values]} of the demo's '<name>[row] is: v v ...' lines."""
    rows = {}
    for line in stdout.splitlines():
        if line.startswith(f"{name}["):
            head, _, values = line.partition(" is:")
            rows[int(head[len(name) + 1:-1])] = [float(v) for v in values.split()]
    return rows


def test_demo_prints_the_expected_gradients(example_binary):
    # Every value 1: inputGrad[t] counts the windows covering t (windows start at 0, 16, 32 and
    # cover 32 tokens), weightGrad[j, n] is K * D.
    done = subprocess.run([str(example_binary)], capture_output=True, text=True, timeout=120,
                          env=environment())
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    input_grad, weight_grad = _demo_rows(done.stdout, "inputGrad"), _demo_rows(done.stdout, "weightGrad")
    assert sorted(input_grad) == list(range(DEMO_TOKENS * DEMO_HEADS)), sorted(input_grad)[:8]
    for row, values in input_grad.items():
        token = row // DEMO_HEADS
        covering = sum(1 for start in range(0, DEMO_ROWS * DEMO_STRIDE, DEMO_STRIDE)
                       if start <= token < start + DEMO_BLOCK)
        assert values == [float(covering)] * DEMO_DIM, (row, values)
    assert weight_grad == {j: [float(DEMO_ROWS * DEMO_DIM)] * DEMO_HEADS for j in range(DEMO_BLOCK)}, weight_grad
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["status"] == 0 and report["rows"] == DEMO_ROWS, report
    assert report["launch"]["op_type"] == "NsaCompressGrad", report


def test_usage_errors_exit_2(example_binary, tmp_path):
    # The binary's own refusals (exit 2, before any call) must not look like an operator status
    # (exit 1) or a success.
    (tmp_path / "dy.bin").write_bytes(bytes(3 * 2 * 16 * 2))
    (tmp_path / "x.bin").write_bytes(bytes(64 * 2 * 16 * 2 - 2))        # one element short
    (tmp_path / "w.bin").write_bytes(bytes(32 * 2 * 2))
    files = ["--output-grad", str(tmp_path / "dy.bin"), "--input", str(tmp_path / "x.bin"),
             "--weight", str(tmp_path / "w.bin"), "--input-grad-output", str(tmp_path / "dx.bin"),
             "--weight-grad-output", str(tmp_path / "dw.bin")]
    windows = ["--act-seq-len", "64", "--block", "32", "--stride", "16"]
    common = files + windows
    refusals = {
        "--shape is '64,2'; layout TND takes 3 sizes": ["--shape", "64,2"] + common,
        "holds 4094 bytes": ["--shape", "64,2,16"] + common,
        "unknown option --output": ["--shape", "64,2,16", "--output", "o.bin"] + common,
        "--dtype is 'int8'": ["--dtype", "int8", "--shape", "64,2,16"] + common,
        "missing --weight-grad-output": ["--shape", "64,2,16"] + files[:-2] + windows,
        "--input-grad-storage is 'weight-grad'": ["--shape", "64,2,16", "--input-grad-storage", "weight-grad"] + common,
        "--weight-grad-strides is [1], 1 strides": ["--shape", "64,2,16", "--weight-grad-strides", "1"] + common,
    }
    for words, args in refusals.items():
        done = subprocess.run([str(example_binary)] + args, capture_output=True, text=True, timeout=60,
                              env=environment())
        assert done.returncode == 2 and words in done.stderr, (args, done.stdout, done.stderr)
        assert not (tmp_path / "dx.bin").exists() and not (tmp_path / "dw.bin").exists(), args
