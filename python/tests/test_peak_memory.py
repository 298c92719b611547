"""Peak memory of a call: at most its inputs, its outputs and one staging buffer (the largest
single operand: a sparse view's contiguous copy, the output read back), beside the workspace the
op itself asks for; a sparse view is made contiguous rather than copied whole.

Measured in a subprocess, deterministically: tracemalloc counts numpy's host buffers, and every
aclrtMalloc is mirrored by an untouched numpy buffer of its size held until its aclrtFree, so
tracemalloc's peak is the joint peak of host and device memory (on the simulator, device memory
is host memory too). The simulator backend's: NSA_COMPRESS_BACKEND=simulator in the subprocess."""
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parents[1]

MEASURE = """
import json, sys, tracemalloc
import numpy as np
import nsa_compress

session = nsa_compress.session()
device_mirrors, workspace = {}, []


def wrap(name, after):
    real = session.fn[name]

    def call(*args):
        status = real(*args)
        if status == 0:
            after(args)
        return status
    session.fn[name] = call


# aclrtMalloc(&pointer, size, policy), aclrtFree(pointer), ...GetWorkspaceSize(..., &size, &executor)
wrap("aclrtMalloc", lambda args: device_mirrors.__setitem__(args[0]._obj.value, np.empty(args[1], np.uint8)))
wrap("aclrtFree", lambda args: device_mirrors.pop(args[0]))
for op in ("NsaCompress", "NsaCompressGrad"):
    wrap(f"aclnn{op}GetWorkspaceSize", lambda args: workspace.append(args[-2]._obj.value))

tracemalloc.start()
T, N, D, block, stride = 4096, 4, 128, 32, 16
w = np.ones((block, N), np.float16)
if sys.argv[1] == "sparse_view":
    # 4 of 64 heads: the view's span is 16 times its own bytes.
    x = np.ones((T, 16 * N, D), np.float16)[:, 5:5 + N]
else:
    x = np.ones((T, N, D), np.float16)
K = (T - block) // stride + 1
dy = np.ones((K, N, D), np.float16)
nsa_compress.compress(x[:64], w, block, stride, [64])  # loads the library: not part of the call
workspace.clear()
tracemalloc.reset_peak()
before = tracemalloc.get_traced_memory()[0]
if sys.argv[1] == "grad":
    operands = [dy, x, w, *nsa_compress.compress_grad(dy, x, w, block, stride, [T])]
else:
    operands = [x, w, nsa_compress.compress(x, w, block, stride, [T])]
peak = tracemalloc.get_traced_memory()[1]
sizes = [operand.nbytes for operand in operands]
print(json.dumps({"growth": peak - before, "operands": sum(sizes), "largest": max(sizes),
                  "workspace": sum(workspace)}))
"""


@pytest.mark.parametrize("call", ["forward", "grad", "sparse_view"])
def test_peak_memory_is_operands_and_one_staging_buffer(call):
    environ = dict(os.environ, PYTHONPATH=str(PYTHON_DIR), NSA_COMPRESS_BACKEND="simulator")
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(MEASURE), call], env=environ,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    bound = measured["operands"] + measured["largest"] + measured["workspace"]
    assert measured["growth"] <= bound, measured
