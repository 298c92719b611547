"""Runs one call of the grad example binary: writes its three input files, runs it through
subprocess with a timeout, parses its JSON result line and reads both output files back."""
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Optional

import numpy as np

from ..nsa_harness import example
from ..nsa_harness.example import act_seq_len_arguments, act_seq_len_in_file, list_flag, write_act_seq_len
from ..nsa_harness.layouts import FUSED_HEAD_LAYOUTS, example_head_count
from ..nsa_harness.numerics import to_bits
from ..nsa_harness.views import storage_elements

OP = Path(__file__).resolve().parent.name
INPUT_FILES = {"output_grad": "output_grad.bin", "input": "input.bin", "weight": "weight.bin"}
OUTPUT_FILES = {"input_grad": "input_grad.bin", "weight_grad": "weight_grad.bin"}
# The tensors in the operator's order, as the example's flags name them.
TENSOR_FLAGS = {"output_grad": "--output-grad", "input": "--input", "weight": "--weight",
                "input_grad": "--input-grad", "weight_grad": "--weight-grad"}
# The files the example reads and the ones it writes, by flag, besides the --act-seq-len-file and
# the --trace every op's example takes.
INPUT_FLAGS = tuple(TENSOR_FLAGS[tensor] for tensor in INPUT_FILES)
OUTPUT_FLAGS = ("--input-grad-output", "--weight-grad-output")
# The flag that places each output's view in its storage (the whole storage goes to the file).
OUTPUT_OFFSET_FLAGS = {"--input-grad-output": "--input-grad-offset", "--weight-grad-output": "--weight-grad-offset"}
# What the example writes into each output's own storage before the call.
OUTPUT_FILL = 0xFFFF


def binary_path():
    """This op's example binary (nsa_harness.example: build.sh's, or the one in NSA_EXAMPLE_DIR)."""
    return example.binary_path(OP)


def environment():
    return example.environment()


@dataclass(frozen=True)
class GradCall:
    """Every argument the binary is given. None leaves the binary's default: every dtype equal to
    --dtype, outputGrad [K, N, D] with K computed on the host, weight [l, N], inputGrad the input's
    shape, weightGrad the weight's, contiguous views at offset 0, each output in its own storage
    filled with OUTPUT_FILL. An act_seq_len of None passes neither sequence flag: a null
    actSeqLenOptional. The *_storage fields name the tensor whose storage an output shares
    ("input", "output-grad", ...)."""
    dtype: str
    shape: tuple
    act_seq_len: Optional[tuple]
    block: int
    stride: int
    seq_type: int = 0
    layout: str = "TND"
    heads: Optional[int] = None
    output_grad_shape: Optional[tuple] = None
    weight_shape: Optional[tuple] = None
    input_grad_shape: Optional[tuple] = None
    weight_grad_shape: Optional[tuple] = None
    output_grad_dtype: Optional[str] = None
    weight_dtype: Optional[str] = None
    input_grad_dtype: Optional[str] = None
    weight_grad_dtype: Optional[str] = None
    output_grad_strides: Optional[tuple] = None
    output_grad_offset: Optional[int] = None
    input_strides: Optional[tuple] = None
    input_offset: Optional[int] = None
    weight_strides: Optional[tuple] = None
    weight_offset: Optional[int] = None
    input_grad_strides: Optional[tuple] = None
    input_grad_offset: Optional[int] = None
    weight_grad_strides: Optional[tuple] = None
    weight_grad_offset: Optional[int] = None
    input_grad_storage: Optional[str] = None
    weight_grad_storage: Optional[str] = None
    # Not an argument: the K the binary computes on the host for outputGrad's default shape,
    # which sizes the outputGrad file (a binary that computes another K refuses the file).
    output_grad_rows: int = 0

    def dtype_of(self, tensor):
        """The dtype the binary gives `tensor` ("input", "weight_grad", ...)."""
        return getattr(self, f"{tensor}_dtype", None) or self.dtype

    def head_count(self):
        """N as the binary reads it (nsa_harness.layouts.example_head_count)."""
        return example_head_count(self.layout, self.shape, self.heads)

    def head_dim(self):
        """D: the last size, or H / N for BSH and SBH."""
        if self.layout in FUSED_HEAD_LAYOUTS:
            return int(self.shape[-1]) // max(self.head_count(), 1)
        return int(self.shape[-1])

    def view_shape(self, tensor):
        """The view shape of an input the binary reads, as the binary makes it."""
        if tensor == "input":
            return tuple(self.shape)
        if tensor == "weight":
            return tuple(self.weight_shape) if self.weight_shape is not None else (max(self.block, 0),
                                                                                   self.head_count())
        if self.output_grad_shape is not None:
            return tuple(self.output_grad_shape)
        return (self.output_grad_rows, self.head_count(), self.head_dim())

    def storage_elements(self, tensor):
        """The elements of the storage an input view lives in: what its file holds."""
        return storage_elements(self.view_shape(tensor), getattr(self, f"{tensor}_strides"),
                                getattr(self, f"{tensor}_offset") or 0)

    def act_seq_len_in_file(self):
        return act_seq_len_in_file(self.act_seq_len)

    def arguments(self, folder):
        """The binary's arguments; a long sequence list is read from `folder`/ACT_SEQ_LEN_FILE."""
        folder = Path(folder)
        sequences = act_seq_len_arguments(self.act_seq_len, folder)
        args = ["--dtype", self.dtype, "--shape", list_flag(self.shape), *sequences,
                "--act-seq-len-type", str(self.seq_type), "--layout", self.layout,
                "--block", str(self.block), "--stride", str(self.stride)]
        for tensor, name in INPUT_FILES.items():
            args += [TENSOR_FLAGS[tensor], str(folder / name)]
        args += ["--input-grad-output", str(folder / OUTPUT_FILES["input_grad"]),
                 "--weight-grad-output", str(folder / OUTPUT_FILES["weight_grad"])]
        if self.heads is not None:
            args += ["--heads", str(self.heads)]
        for tensor, flag in TENSOR_FLAGS.items():
            # The input has no *_shape and *_dtype fields: its shape and dtype are --shape and --dtype.
            for suffix in ("shape", "dtype", "strides", "offset", "storage"):
                value = getattr(self, f"{tensor}_{suffix}", None)
                if value is not None:
                    args += [f"{flag}-{suffix}", list_flag(value) if isinstance(value, (tuple, list)) else str(value)]
        return args

    def replaced(self, **changes):
        """A copy with `changes`; unknown field names are an error."""
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ValueError(f"GradCall has no fields {sorted(unknown)}")
        return GradCall(**{**{f.name: getattr(self, f.name) for f in fields(self)}, **changes})


@dataclass
class GradResult:
    returncode: int
    report: dict             # the parsed JSON line; {} when there was none
    input_grad: np.ndarray   # the inputGrad file's raw elements (its whole storage), empty when not written
    weight_grad: np.ndarray  # the weightGrad file's, likewise
    command: str
    stdout: str
    stderr: str

    def describe(self):
        tail = "\n".join(self.stdout.strip().splitlines()[-3:])
        return f"exit {self.returncode}; stdout tail: {tail!r}; stderr: {self.stderr.strip()[-2000:]!r}"


def write_inputs(call, arrays, folder):
    """Writes the raw element bits of each input's whole storage ({"output_grad": ..., "input":
    ..., "weight": ...}) and a long sequence list into `folder`."""
    folder = Path(folder)
    for tensor, name in INPUT_FILES.items():
        np.ascontiguousarray(arrays[tensor]).tofile(folder / name)
    write_act_seq_len(call.act_seq_len, folder)


def run_arguments(arguments, folder, dtypes, timeout=example.TIMEOUT_SECONDS, env=None):
    """Runs the example with `arguments`, whose output files are in `folder` (removed first), and
    reads them back as elements of dtypes["input_grad"] and dtypes["weight_grad"]. `env` adds
    variables (ASCEND_SIM_SOC)."""
    folder = Path(folder)
    for name in OUTPUT_FILES.values():
        (folder / name).unlink(missing_ok=True)
    done, command = example.run_command(binary_path(), arguments, timeout, env)
    outputs = {tensor: example.read_elements(folder / name, dtypes[tensor]) for tensor, name in OUTPUT_FILES.items()}
    return GradResult(done.returncode, example.parse_report(done.stdout), outputs["input_grad"],
                      outputs["weight_grad"], command, done.stdout, done.stderr)


def run(call, arrays, folder, extra_arguments=(), env=None):
    """Writes the inputs into `folder` and runs the binary on them with `extra_arguments` after
    the call's own."""
    write_inputs(call, arrays, folder)
    dtypes = {tensor: call.dtype_of(tensor) for tensor in OUTPUT_FILES}
    return run_arguments(call.arguments(folder) + list(extra_arguments), folder, dtypes, env=env)


def small_call_arguments(folder):
    """A small legal call (one sequence of 64 tokens, N=2, D=16, l=32, d=16: three windows): writes
    its inputs, random values, into `folder` and returns its arguments, given --act-seq-len."""
    call = GradCall(dtype="float16", shape=(64, 2, 16), act_seq_len=(64,), block=32, stride=16, output_grad_rows=3)
    rng = np.random.default_rng(64)
    arrays = {tensor: to_bits(rng.uniform(-1, 1, call.view_shape(tensor)), call.dtype) for tensor in INPUT_FILES}
    write_inputs(call, arrays, folder)
    return call.arguments(folder)
