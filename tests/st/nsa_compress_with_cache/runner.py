"""Runs one call of the decode op's example binary: writes the input files (the pool or TND
tokens, the weight, the slot mapping, the block table, the cache before the call), runs it through
subprocess with a timeout, parses its JSON result line and reads the cache storage back."""
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np

from ..nsa_harness import example
from ..nsa_harness.example import TIMEOUT_SECONDS, act_seq_len_arguments, list_flag, write_act_seq_len
from ..nsa_harness.numerics import to_bits

OP = Path(__file__).resolve().parent.name
# --cache, the cache's storage before the call, is an input too, but the shared file tests move the
# output's view far into its storage (OUTPUT_OFFSET_FLAGS), which a --cache file would have to
# match: their small call starts the cache from the fill instead (test_cli.py covers --cache).
INPUT_FLAGS = ("--input", "--weight", "--slot-mapping", "--block-table")
OUTPUT_FLAGS = ("--output",)
OUTPUT_OFFSET_FLAGS = {"--output": "--cache-offset"}
# --shape is a paged pool [blocks, P, N, D] or a TND input [T, N, D] whatever --layout says: the op
# ignores the layout of a pool (test_layout_rules.py reads the layouts' axes from the other examples).
SHAPE_FOLLOWS_LAYOUT = False


def binary_path():
    return example.binary_path(OP)


@dataclass
class Call:
    """Every argument the binary is given, with the data. `input_storage`, `weight_storage` and
    `cache_storage` are the raw 16-bit elements of each tensor's whole storage; the views inside
    them are `shape`/`input_strides`/`input_offset` (None: contiguous at 0), and so on. `slots` and
    `table` are int32 arrays (None table: a null blockTableOptional)."""
    dtype: str
    shape: tuple
    input_storage: np.ndarray
    weight_storage: np.ndarray
    cache_shape: tuple
    cache_storage: np.ndarray
    slots: np.ndarray
    table: Optional[np.ndarray]
    act_seq_len: Optional[tuple]
    block: int
    stride: int
    seq_type: int = 1
    layout: str = "TND"
    page_block_size: Optional[int] = None
    weight_shape: Optional[tuple] = None
    input_strides: Optional[tuple] = None
    input_offset: Optional[int] = None
    weight_strides: Optional[tuple] = None
    cache_strides: Optional[tuple] = None
    cache_offset: Optional[int] = None
    cache_in: Optional[str] = None              # "input" or "weight": the cache view in that storage
    extra: list = field(default_factory=list)   # flags passed as they are (dtypes of illegal calls)

    def arguments(self, folder):
        folder = Path(folder)
        args = ["--dtype", self.dtype, "--shape", list_flag(self.shape),
                "--input", str(folder / "input.bin"), "--weight", str(folder / "weight.bin"),
                "--cache-shape", list_flag(self.cache_shape),
                *(["--cache-storage", self.cache_in] if self.cache_in else ["--cache", str(folder / "cache.bin")]),
                "--slot-mapping", str(folder / "slots.bin"), "--slot-shape", list_flag(self.slots.shape),
                *act_seq_len_arguments(self.act_seq_len, folder), "--act-seq-len-type", str(self.seq_type),
                "--layout", self.layout, "--block", str(self.block), "--stride", str(self.stride),
                "--output", str(folder / "output.bin")]
        if self.table is not None:
            args += ["--block-table", str(folder / "table.bin"), "--block-table-shape", list_flag(self.table.shape)]
        optional = [("--page-block-size", self.page_block_size), ("--weight-shape", self.weight_shape),
                    ("--input-strides", self.input_strides), ("--input-offset", self.input_offset),
                    ("--weight-strides", self.weight_strides), ("--cache-strides", self.cache_strides),
                    ("--cache-offset", self.cache_offset)]
        for flag, value in optional:
            if value is not None:
                args += [flag, list_flag(value) if isinstance(value, (tuple, list)) else str(value)]
        return args + list(self.extra)

    def write(self, folder):
        folder = Path(folder)
        np.ascontiguousarray(self.input_storage).tofile(folder / "input.bin")
        np.ascontiguousarray(self.weight_storage).tofile(folder / "weight.bin")
        np.ascontiguousarray(self.cache_storage).tofile(folder / "cache.bin")
        np.ascontiguousarray(self.slots).tofile(folder / "slots.bin")
        if self.table is not None:
            np.ascontiguousarray(self.table).tofile(folder / "table.bin")
        write_act_seq_len(self.act_seq_len, folder)


def run(call, folder, extra_env=None):
    """Writes the call's files into `folder` and runs the binary: the Result's output is the whole
    cache storage after the call (empty when the call failed)."""
    call.write(folder)
    out_file = Path(folder) / "output.bin"
    if out_file.exists():
        out_file.unlink()
    done, command = example.run_command(binary_path(), call.arguments(folder), TIMEOUT_SECONDS, extra_env)
    return example.Result(done.returncode, example.parse_report(done.stdout),
                          example.read_elements(out_file, call.dtype), command, done.stdout, done.stderr)


def small_call_arguments(folder):
    """A small legal call (two batches in a pool of 4 pages of 16 tokens, N=2, D=16, l=32, d=16,
    one due): writes its inputs, random values, into `folder` and returns its arguments, given
    --act-seq-len. The cache starts as the example's fill, so that its view may be moved
    (--cache-offset) without a file to match."""
    rng = np.random.default_rng(16)
    call = Call(dtype="float16", shape=(4, 16, 2, 16),
                input_storage=to_bits(rng.uniform(-1, 1, (4, 16, 2, 16)), "float16"),
                weight_storage=to_bits(rng.uniform(-1, 1, (32, 2)), "float16"), cache_shape=(3, 2, 16),
                cache_storage=np.zeros((3, 2, 16), np.uint16), slots=np.array([1, 0], np.int32),
                table=np.array([[2, 0, 3], [1, 1, 1]], np.int32), act_seq_len=(48, 40), block=32, stride=16)
    call.write(folder)
    arguments = call.arguments(folder)
    at = arguments.index("--cache")
    del arguments[at:at + 2]
    return arguments
