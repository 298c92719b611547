"""Runs one call of aclnnNsaCompressWithCacheV2's example binary: writes the input files (the K
pool and weight, optionally the V pool and weight, the slot rows, the block table, each cache
before the call), runs it through subprocess with a timeout, parses its JSON result line and reads
each cache's storage back."""
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np

from ..nsa_harness import example
from ..nsa_harness.example import TIMEOUT_SECONDS, list_flag
from ..nsa_harness.numerics import to_bits

OP = Path(__file__).resolve().parent.name
# The caches' files before the call are inputs too, but the shared file tests move the output's
# view far into its storage (OUTPUT_OFFSET_FLAGS), which a --cache file would have to match: their
# small call starts the cache from the fill instead.
INPUT_FLAGS = ("--input", "--weight", "--value-input", "--value-weight", "--slot-mapping", "--block-table")
OUTPUT_FLAGS = ("--output", "--value-output")
OUTPUT_OFFSET_FLAGS = {"--output": "--cache-offset", "--value-output": "--value-cache-offset"}
# --shape is always a paged pool [blocks, P, N, D]: V2 has no layout, and its example no --layout.
SHAPE_FOLLOWS_LAYOUT = False
TAKES_LAYOUT = False


def binary_path():
    return example.binary_path(OP)


@dataclass
class Call:
    """Every argument the binary is given, with the data. The `*_storage` arrays are the raw 16-bit
    elements of each tensor's whole storage; the views inside them are `shape`/`input_strides`/
    `input_offset` (None: contiguous at 0), and so on. The V pool is passed when `value_input` is
    not None, its weight when `value_weight` is not, its cache when `value_cache` is not. `slots`
    and `table` are int32 arrays; `prev` and `act` the length lists (None: a null pointer)."""
    dtype: str
    shape: tuple
    input_storage: np.ndarray
    weight_storage: np.ndarray
    cache_shape: tuple
    cache_storage: np.ndarray
    slots: np.ndarray
    table: Optional[np.ndarray]
    prev: Optional[tuple]
    act: Optional[tuple]
    block: int
    stride: int
    value_input: Optional[np.ndarray] = None
    value_weight: Optional[np.ndarray] = None
    value_cache: Optional[np.ndarray] = None
    page_block_size: Optional[int] = None
    input_strides: Optional[tuple] = None
    input_offset: Optional[int] = None
    value_input_strides: Optional[tuple] = None
    value_input_offset: Optional[int] = None
    cache_strides: Optional[tuple] = None
    cache_offset: Optional[int] = None
    value_cache_strides: Optional[tuple] = None
    value_cache_offset: Optional[int] = None
    cache_in: Optional[str] = None             # "input" or "weight": the K cache view in that storage
    value_cache_in_key_cache: bool = False     # the V cache view in the K cache's storage
    extra: list = field(default_factory=list)  # flags passed as they are (illegal calls)

    def value_files(self, folder):
        pairs = [("--value-input", "value_input.bin", self.value_input),
                 ("--value-weight", "value_weight.bin", self.value_weight)]
        args = [arg for flag, name, data in pairs if data is not None for arg in (flag, str(folder / name))]
        if self.value_cache_in_key_cache:
            args += ["--value-cache-storage", "output"]
        elif self.value_cache is not None:
            args += ["--value-cache", str(folder / "value_cache.bin")]
        if self.value_cache is not None or self.value_cache_in_key_cache:
            args += ["--value-output", str(folder / "value_output.bin")]
        return args

    def arguments(self, folder):
        folder = Path(folder)
        args = ["--dtype", self.dtype, "--shape", list_flag(self.shape),
                "--input", str(folder / "input.bin"), "--weight", str(folder / "weight.bin"),
                "--cache-shape", list_flag(self.cache_shape),
                *(["--cache-storage", self.cache_in] if self.cache_in else ["--cache", str(folder / "cache.bin")]),
                "--output", str(folder / "output.bin"), *self.value_files(folder),
                "--slot-mapping", str(folder / "slots.bin"), "--slot-shape", list_flag(self.slots.shape),
                "--block", str(self.block), "--stride", str(self.stride)]
        for flag, lengths in (("--prev-seq-len", self.prev), ("--act-seq-len", self.act)):
            if lengths is not None:
                args += [flag, list_flag(lengths)]
        if self.table is not None:
            args += ["--block-table", str(folder / "table.bin"), "--block-table-shape", list_flag(self.table.shape)]
        optional = [("--page-block-size", self.page_block_size), ("--input-strides", self.input_strides),
                    ("--input-offset", self.input_offset), ("--value-input-strides", self.value_input_strides),
                    ("--value-input-offset", self.value_input_offset), ("--cache-strides", self.cache_strides),
                    ("--cache-offset", self.cache_offset), ("--value-cache-strides", self.value_cache_strides),
                    ("--value-cache-offset", self.value_cache_offset)]
        for flag, value in optional:
            if value is not None:
                args += [flag, list_flag(value) if isinstance(value, (tuple, list)) else str(value)]
        return args + list(self.extra)

    def write(self, folder):
        folder = Path(folder)
        files = {"input.bin": self.input_storage, "weight.bin": self.weight_storage, "cache.bin": self.cache_storage,
                 "slots.bin": self.slots, "table.bin": self.table, "value_input.bin": self.value_input,
                 "value_weight.bin": self.value_weight, "value_cache.bin": self.value_cache}
        for name, data in files.items():
            if data is not None:
                np.ascontiguousarray(data).tofile(folder / name)


@dataclass
class Result(example.Result):
    value_output: np.ndarray = None   # the V cache's whole storage after the call (empty when not written)


def run(call, folder, extra_env=None):
    """Writes the call's files into `folder` and runs the binary: the Result's output and
    value_output are each cache's whole storage after the call (empty when the call failed)."""
    call.write(folder)
    outputs = [Path(folder) / "output.bin", Path(folder) / "value_output.bin"]
    for file in outputs:
        if file.exists():
            file.unlink()
    done, command = example.run_command(binary_path(), call.arguments(folder), TIMEOUT_SECONDS, extra_env)
    return Result(done.returncode, example.parse_report(done.stdout), example.read_elements(outputs[0], call.dtype),
                  command, done.stdout, done.stderr, example.read_elements(outputs[1], call.dtype))


def small_call_arguments(folder):
    """A small legal call (a prefill and a decode step in a pool of 6 pages of 16 tokens, N=2, D=16,
    l=32, d=16, K and V): writes its inputs, random values, into `folder` and returns its
    arguments. The caches start as the example's fill, so that their views may be moved
    (--cache-offset, --value-cache-offset) without files to match."""
    rng = np.random.default_rng(17)
    pools = [to_bits(rng.uniform(-1, 1, (6, 16, 2, 16)), "float16") for _ in range(2)]
    weights = [to_bits(rng.uniform(-1, 1, (32, 2)), "float16") for _ in range(2)]
    call = Call(dtype="float16", shape=(6, 16, 2, 16), input_storage=pools[0], weight_storage=weights[0],
                cache_shape=(4, 2, 16), cache_storage=np.zeros((4, 2, 16), np.uint16),
                slots=np.array([[0, 1], [2, -1]], np.int32), table=np.array([[0, 1, 2], [3, 4, 5]], np.int32),
                prev=(0, 47), act=(48, 48), block=32, stride=16, value_input=pools[1], value_weight=weights[1],
                value_cache=np.zeros((4, 2, 16), np.uint16))
    call.write(folder)
    arguments = call.arguments(folder)
    for flag in ("--cache", "--value-cache"):
        at = arguments.index(flag)
        del arguments[at:at + 2]
    return arguments
