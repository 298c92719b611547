"""The layout rules agree across the languages: Python's one copy (python/nsa_compress/_layouts.py,
through nsa_harness.layouts) against the op host's table in C++ (nsa_common/op_host/nsa_views.cpp,
whose rows and refusal message are read from the source) and against what every op's example
binary does with each layout's --shape."""
import importlib
import re
import subprocess

import pytest

from .nsa_harness import example
from .nsa_harness.layouts import LAYOUTS, axes

OP_HOST_TABLE = example.REPO_ROOT / "nsa_common" / "op_host" / "nsa_views.cpp"
# A row of the op host's kLayouts: {Layout::kBSND, "BSND", 4, "[B, S, N, D]", ...
OP_HOST_ROW = re.compile(r'\{Layout::k\w+, "(\w+)", (\d+), "\[([A-Z, ]*)\]"')
OP_HOST_REFUSAL = re.compile(r'it must be one of ((?:\\"\w+\\"(?:, | and )?)+)\.')
# Every op with system tests has an example binary; those whose --shape follows --layout (each
# op's runner says otherwise with SHAPE_FOLLOWS_LAYOUT = False) read each layout's axes.
OPS = [op for op in example.ops()
       if getattr(importlib.import_module(f".{op}.runner", __package__), "SHAPE_FOLLOWS_LAYOUT", True)]
SIZE = 16
MISSING_FLAG = re.compile(r"error: missing (--[a-z-]+)")
MAX_REQUIRED_FLAGS = 10


def test_the_op_host_takes_the_python_layouts_with_their_axes():
    source = OP_HOST_TABLE.read_text()
    rows = OP_HOST_ROW.findall(source)
    assert [name for name, _, _ in rows] == list(LAYOUTS), rows
    for name, rank, dims in rows:
        assert tuple(dims.split(", ")) == axes(name) and int(rank) == len(axes(name)), (name, rank, dims)
    refusal = OP_HOST_REFUSAL.search(source)
    assert refusal is not None, f"no refusal message listing the layouts in {OP_HOST_TABLE}"
    assert re.findall(r'\\"(\w+)\\"', refusal.group(1)) == list(LAYOUTS), refusal.group(0)


def _run(binary, arguments):
    return subprocess.run([str(binary)] + arguments, capture_output=True, text=True, timeout=60,
                          env=example.environment())


def _shape_refusal(binary, layout, sizes):
    """The usage error of `binary` given --layout `layout` and a --shape of `sizes` sizes, once
    every flag the binary requires is there (each op's example requires its own files: they are
    added as the binary names them missing; none is read, the shape is refused first)."""
    arguments = ["--layout", layout, "--shape", ",".join([str(SIZE)] * sizes), "--heads", "1",
                 "--block", str(SIZE), "--stride", str(SIZE)]
    for _ in range(MAX_REQUIRED_FLAGS):
        done = _run(binary, arguments)
        missing = MISSING_FLAG.search(done.stderr)
        if missing is None:
            break
        arguments += [missing.group(1), "unread.bin"]
    assert done.returncode == 2, (arguments, done.stdout, done.stderr)
    return done.stderr


@pytest.mark.parametrize("op", OPS)
def test_the_example_reads_each_python_layout_with_its_axes(op):
    binary = example.binary_path(op)
    assert binary.is_file(), f"{binary} is missing: build it with 'bash build.sh --example'"
    for layout in LAYOUTS:
        want = f"layout {layout} takes {len(axes(layout))} sizes {','.join(axes(layout))}"
        message = _shape_refusal(binary, layout, len(axes(layout)) + 1)
        assert want in message, (layout, message)
    # A name that is no layout is one the example does not know, however it is spelled.
    assert "is not one the example knows" in _shape_refusal(binary, "".join(reversed(LAYOUTS[1])), 5)
    # Its usage text names the same layouts, each with the sizes --shape takes.
    usage = " ".join(_run(binary, ["--help"]).stdout.split())
    assert f"[--layout {'|'.join(LAYOUTS)}]" in usage, usage
    for layout in LAYOUTS:
        assert f"{layout} {','.join(axes(layout))}" in usage, (layout, usage)
