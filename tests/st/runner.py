"""Runs one case through the example binary: files in, subprocess, JSON line and output out."""
import json
import os
import shlex
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BINARY = ROOT / "build_out" / "example" / "test_aclnn_nsa_compress"
LIBRARY_DIRS = [ROOT / "build_out" / "simulator" / "lib", ROOT / "build_out" / "install" / "vendors" / "customize" / "op_api" / "lib"]
TIMEOUT_SECONDS = 300
ELEMENT_BYTES = {"float16": 2, "bfloat16": 2, "float32": 4}


def binary_path():
    return Path(os.environ.get("NSA_EXAMPLE_BIN", DEFAULT_BINARY))


def environment():
    env = dict(os.environ)
    existing = [p for p in env.get("LD_LIBRARY_PATH", "").split(":") if p]
    env["LD_LIBRARY_PATH"] = ":".join([str(d) for d in LIBRARY_DIRS if d.exists()] + existing)
    return env


@dataclass
class Call:
    """Everything the binary is given; None fields take the binary's defaults."""
    dtype: str
    shape: tuple
    act_seq_len: list
    block: int
    stride: int
    seq_type: int = 0
    layout: str = "TND"
    weight_shape: tuple = None
    weight_dtype: str = None
    output_dtype: str = None
    output_shape: tuple = None
    extra: dict = field(default_factory=dict)

    def flags(self, folder):
        args = ["--dtype", self.dtype, "--shape", ",".join(map(str, self.shape)),
                "--input", str(folder / "input.bin"), "--weight", str(folder / "weight.bin"),
                "--act-seq-len", ",".join(map(str, self.act_seq_len)), "--act-seq-len-type", str(self.seq_type),
                "--layout", self.layout, "--block", str(self.block), "--stride", str(self.stride),
                "--output", str(folder / "output.bin")]
        if self.weight_shape is not None:
            args += ["--weight-shape", ",".join(map(str, self.weight_shape))]
        if self.weight_dtype is not None:
            args += ["--weight-dtype", self.weight_dtype]
        if self.output_dtype is not None:
            args += ["--output-dtype", self.output_dtype]
        if self.output_shape is not None:
            args += ["--output-shape", ",".join(map(str, self.output_shape))]
        return args


@dataclass
class Result:
    returncode: int
    report: dict
    output: np.ndarray
    command: str
    stderr: str


def run(call, x, w, folder):
    """Writes x and w (numpy arrays of the element type's raw bits), runs the binary."""
    folder = Path(folder)
    np.ascontiguousarray(x).tofile(folder / "input.bin")
    np.ascontiguousarray(w).tofile(folder / "weight.bin")
    command = [str(binary_path())] + call.flags(folder)
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, env=environment())
    lines = done.stdout.strip().splitlines()
    report = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    output = np.zeros(0, dtype=np.uint16)
    out_file = folder / "output.bin"
    if done.returncode == 0 and out_file.exists():
        output = np.fromfile(out_file, dtype=np.uint16)
    return Result(done.returncode, report, output, shlex.join(command), done.stderr)
