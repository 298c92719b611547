"""Runs one call of the example binary: writes the input files, runs it through subprocess with a
timeout, parses its JSON result line and reads the output file back."""
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import numpy as np

from ..nsa_harness import example
from ..nsa_harness.example import ACT_SEQ_LEN_FILE, REPO_ROOT, TIMEOUT_SECONDS, Result  # noqa: F401  (the op's tests take them from here)
from ..nsa_harness.example import act_seq_len_arguments, act_seq_len_in_file, list_flag, write_act_seq_len
from ..nsa_harness.layouts import example_head_count
from ..nsa_harness.numerics import to_bits
from ..nsa_harness.views import storage_elements

OP = Path(__file__).resolve().parent.name
# The files the example reads and the ones it writes, by flag, besides the --act-seq-len-file and
# the --trace every op's example takes.
INPUT_FLAGS = ("--input", "--weight")
OUTPUT_FLAGS = ("--output",)
# The flag that places each output's view in its storage (the whole storage goes to the file).
OUTPUT_OFFSET_FLAGS = {"--output": "--output-offset"}


def binary_path():
    """This op's example binary (nsa_harness.example: build.sh's, or the one in NSA_EXAMPLE_DIR)."""
    return example.binary_path(OP)


def environment():
    return example.environment()


@dataclass(frozen=True)
class Call:
    """Every argument the binary is given. None leaves the binary's default: weight shape [l, N],
    weight and output dtype equal to --dtype, output shape [K, N, D] with K computed on the host,
    contiguous views at offset 0, the output filled with 0xFFFF in its own storage. An
    act_seq_len of None passes neither sequence flag: a null actSeqLenOptional."""
    dtype: str
    shape: tuple
    act_seq_len: Optional[tuple]
    block: int
    stride: int
    seq_type: int = 0
    layout: str = "TND"
    weight_shape: Optional[tuple] = None
    weight_dtype: Optional[str] = None
    output_dtype: Optional[str] = None
    output_shape: Optional[tuple] = None
    heads: Optional[int] = None
    input_strides: Optional[tuple] = None
    input_offset: Optional[int] = None
    weight_strides: Optional[tuple] = None
    weight_offset: Optional[int] = None
    output_strides: Optional[tuple] = None
    output_offset: Optional[int] = None
    output_fill: Optional[int] = None
    output_storage: Optional[str] = None     # "own", "input" or "weight"

    def resolved_weight_shape(self):
        if self.weight_shape is not None:
            return tuple(self.weight_shape)
        return (max(self.block, 0), example_head_count(self.layout, self.shape, self.heads))

    def resolved_weight_dtype(self):
        return self.weight_dtype or self.dtype

    def input_storage_elements(self):
        return storage_elements(self.shape, self.input_strides, self.input_offset or 0)

    def weight_storage_elements(self):
        return storage_elements(self.resolved_weight_shape(), self.weight_strides, self.weight_offset or 0)

    def act_seq_len_in_file(self):
        return act_seq_len_in_file(self.act_seq_len)

    def arguments(self, folder):
        """The binary's arguments; a long sequence list is read from `folder`/ACT_SEQ_LEN_FILE,
        which run() writes."""
        folder = Path(folder)
        sequences = act_seq_len_arguments(self.act_seq_len, folder)
        args = ["--dtype", self.dtype, "--shape", list_flag(self.shape),
                "--input", str(folder / "input.bin"), "--weight", str(folder / "weight.bin"),
                *sequences, "--act-seq-len-type", str(self.seq_type),
                "--layout", self.layout, "--block", str(self.block), "--stride", str(self.stride),
                "--output", str(folder / "output.bin")]
        optional = [("--weight-shape", self.weight_shape), ("--weight-dtype", self.weight_dtype),
                    ("--output-dtype", self.output_dtype), ("--output-shape", self.output_shape),
                    ("--heads", self.heads),
                    ("--input-strides", self.input_strides), ("--input-offset", self.input_offset),
                    ("--weight-strides", self.weight_strides), ("--weight-offset", self.weight_offset),
                    ("--output-strides", self.output_strides), ("--output-offset", self.output_offset),
                    ("--output-fill", None if self.output_fill is None else f"{self.output_fill:#06x}"),
                    ("--output-storage", self.output_storage)]
        for flag, value in optional:
            if value is None:
                continue
            args += [flag, list_flag(value) if isinstance(value, (tuple, list)) else str(value)]
        return args


def write_inputs(call, x, w, folder):
    """Writes x and w (the raw element bits of the whole storage of each view), and a long
    sequence list, into `folder`."""
    folder = Path(folder)
    np.ascontiguousarray(x).tofile(folder / "input.bin")
    np.ascontiguousarray(w).tofile(folder / "weight.bin")
    write_act_seq_len(call.act_seq_len, folder)


def run_arguments(arguments, folder, output_dtype, timeout=TIMEOUT_SECONDS):
    """Runs the example with `arguments`, whose --output is `folder`/output.bin."""
    return example.run_arguments(binary_path(), arguments, folder, output_dtype, timeout)


def run(call, x, w, folder, extra_arguments=()):
    """Writes x and w into `folder`, runs the binary on them with `extra_arguments` after the
    call's own."""
    write_inputs(call, x, w, folder)
    return run_arguments(call.arguments(folder) + list(extra_arguments), folder, call.output_dtype or call.dtype)


def small_call_arguments(folder):
    """A small legal call (one sequence of 64 tokens, N=4, D=32, two windows): writes its inputs,
    random values, into `folder` and returns its arguments, given --act-seq-len."""
    call = Call(dtype="float16", shape=(64, 4, 32), act_seq_len=(64,), block=32, stride=32)
    rng = np.random.default_rng(64)
    x = to_bits(rng.uniform(-1, 1, call.shape), call.dtype)
    w = to_bits(rng.uniform(-1, 1, call.resolved_weight_shape()), call.dtype)
    write_inputs(call, x, w, folder)
    return call.arguments(folder)
