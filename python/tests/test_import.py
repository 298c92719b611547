"""What `import nsa_compress` gives: with torch importable, the torch ops are registered
(torch.ops.nsa_compress.*) without touching the torch layer first; without torch, the NumPy API
works and the torch functions' absence is explained."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

PYTHON_DIR = Path(__file__).resolve().parents[1]


def _run(code):
    environ = dict(os.environ, PYTHONPATH=str(PYTHON_DIR))
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=environ, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_import_registers_the_torch_ops():
    assert _run("""
        import nsa_compress
        import torch
        x, w = torch.ones(64, 2, 32, dtype=torch.float16), torch.ones(32, 2, dtype=torch.float16)
        out = torch.ops.nsa_compress.npu_nsa_compress(x, w, 32, 16, actual_seq_len=[64])
        dx, dw = torch.ops.nsa_compress.npu_nsa_compress_grad(torch.ones_like(out), x, w, 32, 16, actual_seq_len=[64])
        print(tuple(out.shape), tuple(dx.shape), tuple(dw.shape))
    """) == "(3, 2, 32) (64, 2, 32) (32, 2)"


def test_without_torch_the_numpy_api_works_and_the_torch_functions_say_why_not():
    assert _run("""
        import sys
        sys.modules["torch"] = None  # torch not importable
        import numpy as np
        import nsa_compress
        out = nsa_compress.compress(np.ones((64, 2, 32), np.float16), np.ones((32, 2), np.float16), 32, 16, [64])
        assert not hasattr(nsa_compress, "npu_nsa_compress")
        assert "npu_nsa_compress" not in nsa_compress.__all__
        try:
            nsa_compress.npu_nsa_compress_grad
        except AttributeError as error:
            print(out.shape, error)
    """) == "(3, 2, 32) module 'nsa_compress' has no attribute 'npu_nsa_compress_grad': it needs torch, " \
            "which is not importable (import of torch halted; None in sys.modules)"
