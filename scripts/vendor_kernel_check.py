#!/usr/bin/env python3
"""Runs the vendor's NsaCompress kernel (hicann/ops-transformer) unchanged on the simulator.

A developer check, not part of CI (it needs a copy of ops-transformer, which CI cannot fetch):

    python3 scripts/vendor_kernel_check.py [OPS_TRANSFORMER]

OPS_TRANSFORMER (or $NSA_OPS_TRANSFORMER) is a checkout or a bare git directory of
ops-transformer. The kernel's folder (attention/nsa_compress/op_kernel) and the shared kernel
headers it includes (common/include/kernel) are extracted to a temporary folder and compiled,
unchanged, against simulator/include with what the CANN kernel compiler adds around them: the
ORIG_DTYPE_<INPUT> defines of one dtype, the generated tiling struct and GET_TILING_DATA
(vendor_kernel/nsa_compress_tiling_data.h), and the project's kernel glue
(cmake/sim_kernel_glue.cpp.in). Linked with the simulator and a driver
(vendor_kernel/driver.cpp, which fills the tiling as the vendor's host code does), each case runs
on every vector core and its output is compared with the project's golden (tests/st/golden.py):
the largest difference in units in the last place from the ordered golden, and whether every
element meets the arithmetic contract's device bound.

The simulator library comes from the build folder (--build, default build/): run build.sh first.
"""
import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
HERE = pathlib.Path(__file__).resolve().parent / "vendor_kernel"
sys.path.insert(0, str(ROOT / "tests/st"))
import golden  # noqa: E402  (the project's golden, importable once tests/st is on the path)

# Vendor folders the kernel needs, relative to the ops-transformer root.
VENDOR_FOLDERS = ["attention/nsa_compress/op_kernel", "common/include/kernel"]
KERNEL_SOURCE = "attention/nsa_compress/op_kernel/nsa_compress.cpp"
# The kernel's inputs and output by OpDef name (upper-cased by the compiler) and their dtype.
DTYPE_IDS = {"float16": "DT_FLOAT16", "bfloat16": "DT_BF16"}
KERNEL_IO = {"INPUT": None, "WEIGHT": None, "ACTSEQLENOPTIONAL": "DT_INT64", "OUTPUT": None}

# (name, N, D, l, d, sequence lengths)
CASES = [
    ("one sequence", 4, 32, 32, 16, [64]),
    ("three sequences", 8, 128, 32, 16, [40, 100, 163]),
    ("a short sequence among long", 2, 64, 64, 32, [300, 20, 129]),
    ("stride equals block", 16, 128, 16, 16, [96, 33, 250, 17]),
    ("many heads, many windows", 32, 64, 32, 16, [1000, 517]),
    ("odd head count", 5, 48, 48, 16, [200, 48, 47, 99]),
]


def is_bare_git(path):
    return (path / "HEAD").is_file() and (path / "objects").is_dir() and not (path / "attention").exists()


def extract(source, target):
    """Copies VENDOR_FOLDERS of `source` (a checkout or a bare git dir) into `target`, unchanged."""
    if is_bare_git(source):
        git = ["git", f"--git-dir={source}"]
        commit = subprocess.run(git + ["rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        for folder in VENDOR_FOLDERS:
            names = subprocess.run(git + ["ls-tree", "-r", "--name-only", "HEAD", folder], capture_output=True,
                                   text=True, check=True).stdout.split()
            for name in names:
                blob = subprocess.run(git + ["show", f"HEAD:{name}"], capture_output=True, check=True).stdout
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                (target / name).write_bytes(blob)
        return f"bare git dir {source} at {commit[:12]}"
    for folder in VENDOR_FOLDERS:
        if not (source / folder).is_dir():
            sys.exit(f"vendor check: {source} has no {folder}: not an ops-transformer checkout")
        shutil.copytree(source / folder, target / folder)
    return f"checkout {source}"


def glue(work):
    """The project's kernel glue for the vendor entry (what cmake/sim_kernel.cmake generates)."""
    text = (ROOT / "cmake/sim_kernel_glue.cpp.in").read_text()
    for key, value in {"OP_TYPE": "VendorNsaCompress", "KERNEL_NAME": "NASCompress::nsa_compress",
                       "KERNEL_SOURCE": str(work / KERNEL_SOURCE),
                       "KERNEL_ARGS": ", ".join(f"args[{i}]" for i in range(6))}.items():
        text = text.replace(f"@{key}@", value)
    path = work / "vendor_glue.cpp"
    path.write_text(text)
    return path


def build(work, dtype, sim_lib):
    """Compiles the vendor kernel for `dtype` with the driver; returns the program's path."""
    program = work / f"driver_{dtype}"
    # -w: the vendor's sources are compiled as they are; their warnings are not this project's.
    defines = [f"-DORIG_DTYPE_{name}={fixed or DTYPE_IDS[dtype]}" for name, fixed in KERNEL_IO.items()]
    cmd = (["g++", "-std=c++17", "-O2", "-w", "-I", str(ROOT / "simulator/include"), "-I", str(HERE),
            "-I", str(work / "attention/nsa_compress/op_kernel"), "-I", str(work / "common/include/kernel"),
            "-include", str(HERE / "nsa_compress_tiling_data.h")] + defines +
           [str(glue(work)), str(HERE / "driver.cpp"), str(HERE / "vendor_tiling.cpp"), "-o", str(program),
            f"-L{sim_lib.parent}", "-lascend_sim", f"-Wl,-rpath,{sim_lib.parent}", "-pthread"])
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"vendor check: the vendor kernel does not compile for {dtype}:\n{result.stderr}")
    return program


def ulp_distance(a_bits, b_bits, dtype):
    """|a - b| in units in the last place of `dtype`, from bit patterns (ordered as integers)."""
    def ordered(bits):
        bits = bits.astype(np.int64)
        return np.where(bits & 0x8000, 0x8000 - bits, bits)   # -0 and +0 both map to 0
    return np.abs(ordered(a_bits) - ordered(b_bits))


def write_problem(case, T, N, D, l, d, dtype, x_bits, w_bits, ends):
    """The driver's case folder: problem.txt, x.bin, w.bin and ends.bin."""
    case.mkdir()
    (case / "problem.txt").write_text(f"{T} {N} {D} {l} {d} {dtype}\n")
    x_bits.tofile(case / "x.bin")
    w_bits.tofile(case / "w.bin")
    ends.tofile(case / "ends.bin")


def contract_check(got_bits, x_bits, w_bits, ends, l, d, dtype):
    """(largest ulp distance from the ordered golden, elements that differ from it, elements, whether
    every element meets the contract's device bound)."""
    expected = golden.ordered_golden(x_bits, w_bits, ends, l, d, dtype)
    got = got_bits.reshape(expected.shape)
    distance = ulp_distance(got, expected, dtype)
    del expected
    g, magnitude = golden.float64_golden(x_bits, w_bits, ends, l, d, dtype)
    error = np.abs(golden.to_float32(got, dtype).astype(np.float64) - g)
    within = bool(np.all(error <= golden.tolerance(g, magnitude, l, dtype)))
    max_ulp = int(distance.max()) if distance.size else 0
    return max_ulp, int(np.count_nonzero(distance)), distance.size, within


def run_case(program, work, name, N, D, l, d, lengths, dtype, rng):
    ends = np.cumsum(np.asarray(lengths, dtype=np.int64))
    T = int(ends[-1])
    x_bits = golden.to_bits(rng.uniform(-1, 1, size=(T, N, D)).astype(np.float32), dtype)
    w_bits = golden.to_bits(rng.uniform(-1, 1, size=(l, N)).astype(np.float32), dtype)
    case = work / f"case_{dtype}_{name.replace(' ', '_').replace(',', '')}"
    write_problem(case, T, N, D, l, d, dtype, x_bits, w_bits, ends)
    result = subprocess.run([str(program), str(case)], capture_output=True, text=True)
    if result.returncode != 0:
        return False, f"FAIL {dtype:8} {name}: {result.stderr.strip()}"
    got = np.fromfile(case / "out.bin", dtype=np.uint16)
    max_ulp, differ, elements, within = contract_check(got, x_bits, w_bits, ends, l, d, dtype)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    line = (f"{'ok  ' if within else 'FAIL'} {dtype:8} {name:28} T={T:<5} N={N:<3} D={D:<4} l={l:<3} d={d:<3} "
            f"outputs={elements // (N * D):<4} max ulp {max_ulp}, "
            f"{differ} of {elements} differ from the ordered golden, "
            f"{'all' if within else 'NOT all'} within the contract's bound; modeled "
            f"{report['modeled_seconds'] * 1e6:.1f} us, {report['total']['vector_instructions']} vector instructions")
    return within, line


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ops_transformer", nargs="?", default=os.environ.get("NSA_OPS_TRANSFORMER"),
                        help="ops-transformer checkout or bare git dir (default $NSA_OPS_TRANSFORMER)")
    parser.add_argument("--build", default=str(ROOT / "build"), help="the project's build folder")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    if not args.ops_transformer:
        sys.exit("vendor check: name an ops-transformer checkout or bare git dir (or set NSA_OPS_TRANSFORMER)")
    sim_lib = pathlib.Path(args.build) / "simulator/libascend_sim.so"
    if not sim_lib.is_file():
        sys.exit(f"vendor check: no {sim_lib}; build the project first (bash build.sh)")
    rng = np.random.default_rng(args.seed)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="nsa_vendor_") as scratch:
        work = pathlib.Path(scratch)
        print(f"vendor check: kernel from {extract(pathlib.Path(args.ops_transformer).resolve(), work)}")
        for dtype in DTYPE_IDS:
            program = build(work, dtype, sim_lib)
            for name, N, D, l, d, lengths in CASES:
                ok, line = run_case(program, work, name, N, D, l, d, lengths, dtype, rng)
                failures += not ok
                print(line)
    print(f"vendor check: {len(CASES) * len(DTYPE_IDS)} cases, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
