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
(simulator/cmake/sim_kernel_glue.cpp.in). Linked with the simulator and a driver
(vendor_kernel/driver.cpp, which fills the tiling as the vendor's host code does), each case runs
on every vector core and its output is compared with the project's golden (tests/st/nsa_compress/golden.py):
the largest difference in units in the last place from the ordered golden, and whether every
element meets the arithmetic contract's device bound.

The simulator library comes from the build folder (--build, default build/): run build.sh first.

With --compare it instead runs the benchmark shapes (COMPARE_SHAPES, fp16, one sequence and 32
equal ones) on both the vendor's kernel and the project's (through the example binary,
--example, which build.sh --example builds) on the same simulated SoC ($ASCEND_SIM_SOC or --soc),
checks both outputs against the golden as above, and prints a Markdown table of the modeled
kernel times, their ratio, read amplification (GM->UB bytes over input + weight bytes) and vector
instruction counts. The numbers are the simulator's cost model, not measurements.
"""
import argparse
import dataclasses
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import zlib
from concurrent.futures import ProcessPoolExecutor

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
HERE = pathlib.Path(__file__).resolve().parent / "vendor_kernel"
sys.path.insert(0, str(ROOT))
from tests.st.nsa_compress import golden  # noqa: E402  (the project's golden, importable once the root is on the path)

DTYPE_IDS = {"float16": "DT_FLOAT16", "bfloat16": "DT_BF16"}


@dataclasses.dataclass(frozen=True)
class VendorKernel:
    """What building one vendor kernel for the simulator takes."""
    op_type: str              # the name the glue registers the entry under, and the driver launches
    entry: str                # the kernel's entry function
    source: str               # its source, relative to the ops-transformer root
    folders: tuple            # vendor folders it needs (extracted), relative to the root
    io: dict                  # ORIG_DTYPE_<NAME> of its inputs and outputs: a fixed dtype, or None for the data's
    arguments: int            # the entry's GM_ADDR parameters
    tiling_header: str        # the generated tiling struct (scripts/vendor_kernel/)
    driver_sources: tuple     # the driver and what it needs (scripts/vendor_kernel/)


FORWARD = VendorKernel(
    op_type="VendorNsaCompress", entry="NASCompress::nsa_compress",
    source="attention/nsa_compress/op_kernel/nsa_compress.cpp",
    folders=("attention/nsa_compress/op_kernel", "common/include/kernel"),
    io={"INPUT": None, "WEIGHT": None, "ACTSEQLENOPTIONAL": "DT_INT64", "OUTPUT": None},
    arguments=6, tiling_header="nsa_compress_tiling_data.h",
    driver_sources=("driver.cpp", "vendor_tiling.cpp", "driver_io.cpp"))

# (name, N, D, l, d, sequence lengths)
CASES = [
    ("one sequence", 4, 32, 32, 16, [64]),
    ("three sequences", 8, 128, 32, 16, [40, 100, 163]),
    ("a short sequence among long", 2, 64, 64, 32, [300, 20, 129]),
    ("stride equals block", 16, 128, 16, 16, [96, 33, 250, 17]),
    ("many heads, many windows", 32, 64, 32, 16, [1000, 517]),
    ("odd head count", 5, 48, 48, 16, [200, 48, 47, 99]),
]

# --compare: the benchmark's shapes (benchmarks/bench_nsa_compress.py) as (N, D, T, l, d), each run
# as one sequence and as 32 equal sequences.
COMPARE_SHAPES = [(4, 128, 16384, 32, 16), (4, 128, 65536, 32, 16), (4, 128, 16384, 16, 16),
                  (32, 128, 16384, 32, 16), (128, 256, 4096, 32, 16), (1, 256, 65536, 32, 16),
                  (4, 192, 16384, 32, 16)]
COMPARE_LAYOUTS = ["one", "equal32"]
COMPARE_DTYPE = "float16"
DEFAULT_EXAMPLE = ROOT / "build_out/example/test_aclnn_nsa_compress"


def is_bare_git(path):
    return (path / "HEAD").is_file() and (path / "objects").is_dir() and not (path / "attention").exists()


def extract(source, target, folders=FORWARD.folders):
    """Copies `folders` of `source` (a checkout or a bare git dir) into `target`, unchanged."""
    if is_bare_git(source):
        git = ["git", f"--git-dir={source}"]
        commit = subprocess.run(git + ["rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        for folder in folders:
            names = subprocess.run(git + ["ls-tree", "-r", "--name-only", "HEAD", folder], capture_output=True,
                                   text=True, check=True).stdout.split()
            for name in names:
                blob = subprocess.run(git + ["show", f"HEAD:{name}"], capture_output=True, check=True).stdout
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                (target / name).write_bytes(blob)
        return f"bare git dir {source} at {commit[:12]}"
    for folder in folders:
        if not (source / folder).is_dir():
            sys.exit(f"vendor check: {source} has no {folder}: not an ops-transformer checkout")
        shutil.copytree(source / folder, target / folder)
    return f"checkout {source}"


def glue(work, kernel):
    """The project's kernel glue for the vendor entry (what simulator/cmake/sim_kernel.cmake
    generates)."""
    text = (ROOT / "simulator/cmake/sim_kernel_glue.cpp.in").read_text()
    for key, value in {"OP_TYPE": kernel.op_type, "KERNEL_NAME": kernel.entry,
                       "KERNEL_SOURCE": str(work / kernel.source),
                       "KERNEL_ARGS": ", ".join(f"args[{i}]" for i in range(kernel.arguments))}.items():
        text = text.replace(f"@{key}@", value)
    path = work / f"{kernel.op_type}_glue.cpp"
    path.write_text(text)
    return path


def build(work, dtype, sim_lib, kernel=FORWARD):
    """Compiles the vendor kernel for `dtype` with its driver; returns the program's path."""
    program = work / f"{kernel.op_type}_driver_{dtype}"
    # -w: the vendor's sources are compiled as they are; their warnings are not this project's.
    defines = [f"-DORIG_DTYPE_{name}={fixed or DTYPE_IDS[dtype]}" for name, fixed in kernel.io.items()]
    includes = [arg for folder in kernel.folders for arg in ("-I", str(work / folder))]
    cmd = (["g++", "-std=c++17", "-O2", "-w", "-I", str(ROOT / "simulator/include"), "-I", str(HERE)] + includes +
           ["-include", str(HERE / kernel.tiling_header)] + defines +
           [str(glue(work, kernel))] + [str(HERE / name) for name in kernel.driver_sources] +
           ["-o", str(program), f"-L{sim_lib.parent}", "-lascend_sim", f"-Wl,-rpath,{sim_lib.parent}", "-pthread"])
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


def contract_check(outputs, x_bits, w_bits, ends, l, d, dtype):
    """For each output's bits: (largest ulp distance from the ordered golden, elements that differ
    from it, elements, whether every element meets the contract's device bound). The goldens are
    computed once for all outputs of the same problem."""
    expected = golden.ordered_golden(x_bits, w_bits, ends, l, d, dtype)
    g, magnitude = golden.float64_golden(x_bits, w_bits, ends, l, d, dtype)
    bound = golden.tolerance(g, magnitude, l, dtype)
    checks = []
    for got_bits in outputs:
        got = got_bits.reshape(expected.shape)
        distance = ulp_distance(got, expected, dtype)
        error = np.abs(golden.to_float32(got, dtype).astype(np.float64) - g)
        checks.append((int(distance.max()) if distance.size else 0, int(np.count_nonzero(distance)), distance.size,
                       bool(np.all(error <= bound))))
    return checks


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
    [(max_ulp, differ, elements, within)] = contract_check([got], x_bits, w_bits, ends, l, d, dtype)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    line = (f"{'ok  ' if within else 'FAIL'} {dtype:8} {name:28} T={T:<5} N={N:<3} D={D:<4} l={l:<3} d={d:<3} "
            f"outputs={elements // (N * D):<4} max ulp {max_ulp}, "
            f"{differ} of {elements} differ from the ordered golden, "
            f"{'all' if within else 'NOT all'} within the contract's bound; modeled "
            f"{report['modeled_seconds'] * 1e6:.1f} us, {report['total']['vector_instructions']} vector instructions")
    return within, line


def compare_case(vendor_program, example, work, soc, N, D, T, l, d, layout):
    """Runs one shape on both kernels; returns the table row and both launch reports.

    Runs in a pool worker: the data come from a seed fixed by the case, so a row does not depend
    on which worker ran it or in what order."""
    dtype = COMPARE_DTYPE
    rng = np.random.default_rng(zlib.crc32(repr((N, D, T, l, d, layout)).encode()))
    lengths = [T] if layout == "one" else [T // 32] * 32
    ends = np.cumsum(np.asarray(lengths, dtype=np.int64))
    # Values in [-1, 1) as the checks above; float32 draws halve the memory of the largest shapes.
    x_bits = golden.to_bits(rng.random(size=(T, N, D), dtype=np.float32) * 2 - 1, dtype)
    w_bits = golden.to_bits(rng.random(size=(l, N), dtype=np.float32) * 2 - 1, dtype)
    case = work / f"compare_{N}_{D}_{T}_{l}_{d}_{layout}"
    write_problem(case, T, N, D, l, d, dtype, x_bits, w_bits, ends)
    # Both programs read the SoC from ASCEND_SIM_SOC (sim::CurrentSoc), the vendor driver for
    # its core count and UB size as well; unset, both fall back to the build's default SoC.
    env = dict(os.environ, **({"ASCEND_SIM_SOC": soc} if soc else {}))
    commands = {
        "vendor": [str(vendor_program), str(case)],
        "ours": [str(example), "--dtype", dtype, "--shape", f"{T},{N},{D}", "--input", str(case / "x.bin"),
                 "--weight", str(case / "w.bin"), "--act-seq-len", ",".join(map(str, ends)), "--block", str(l),
                 "--stride", str(d), "--output", str(case / "ours.bin")],
    }
    outputs = {"vendor": case / "out.bin", "ours": case / "ours.bin"}
    row = {"N": N, "D": D, "T": T, "l": l, "d": d, "layout": layout, "K": golden.output_rows(ends, l, d)}
    launches = {}
    for kernel, command in commands.items():
        result = subprocess.run(command, capture_output=True, text=True, env=env)
        lines = result.stdout.strip().splitlines()
        report = json.loads(lines[-1]) if lines else {}
        # The example wraps the launch report with the aclnn call's status; the driver prints it bare.
        launch = report.get("launch", report) if kernel == "ours" else report
        if result.returncode != 0 or (kernel == "ours" and report.get("status") != 0):
            shutil.rmtree(case)
            raise RuntimeError(f"{kernel} kernel failed on {row}: {result.stderr.strip()} {lines[-1:]}")
        launches[kernel] = launch
    checks = contract_check([np.fromfile(outputs[kernel], dtype=np.uint16) for kernel in commands],
                            x_bits, w_bits, ends, l, d, dtype)
    read = (x_bits.size + w_bits.size) * x_bits.itemsize
    for kernel, (max_ulp, _, _, within) in zip(commands, checks):
        launch = launches[kernel]
        row[kernel] = {"us": launch["modeled_seconds"] * 1e6, "cores": launch["blockDim"],
                       "read_amp": launch["total"]["gm_to_ub_bytes"] / read,
                       "vector_instructions": launch["total"]["vector_instructions"],
                       "max_ulp": max_ulp, "within": within, "soc": launch["soc"]}
    shutil.rmtree(case)
    return row, launches


def compare_table(rows):
    head = ("| layout | N | D | T | l | d | K | vendor modeled us | ours modeled us | vendor/ours "
            "| read amp vendor | read amp ours | vector instr vendor | vector instr ours | cores vendor/ours "
            "| max ulp vendor/ours |")
    lines = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for r in rows:
        v, o = r["vendor"], r["ours"]
        ulps = "/".join(f"{k['max_ulp']}{'' if k['within'] else ' OUT OF BOUND'}" for k in (v, o))
        lines.append(f"| {r['layout']} | {r['N']} | {r['D']} | {r['T']} | {r['l']} | {r['d']} | {r['K']} "
                     f"| {v['us']:.1f} | {o['us']:.1f} | {v['us'] / o['us']:.2f} "
                     f"| {v['read_amp']:.4f} | {o['read_amp']:.4f} "
                     f"| {v['vector_instructions']} | {o['vector_instructions']} | {v['cores']}/{o['cores']} "
                     f"| {ulps} |")
    return "\n".join(lines)


def compare(args, sim_lib):
    example = pathlib.Path(args.example)
    if not example.is_file():
        sys.exit(f"vendor check: no {example}; build it first (bash build.sh --example)")
    cases = [(N, D, T, l, d, layout) for N, D, T, l, d in COMPARE_SHAPES for layout in COMPARE_LAYOUTS]
    # Largest problems first, so that no big one starts last while the other workers idle.
    cases.sort(key=lambda c: -c[0] * c[1] * c[2])
    with tempfile.TemporaryDirectory(prefix="nsa_vendor_") as scratch:
        work = pathlib.Path(scratch)
        print(f"vendor check: kernel from {extract(pathlib.Path(args.ops_transformer).resolve(), work)}")
        program = build(work, COMPARE_DTYPE, sim_lib)
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            futures = [pool.submit(compare_case, program, example, work, args.soc, *case) for case in cases]
            results = [future.result() for future in futures]
    results.sort(key=lambda r: (COMPARE_LAYOUTS.index(r[0]["layout"]), COMPARE_SHAPES.index(
        tuple(r[0][k] for k in ("N", "D", "T", "l", "d")))))
    rows = [row for row, _ in results]
    socs = {kernel["soc"] for row in rows for kernel in (row["vendor"], row["ours"])}
    if len(socs) != 1:
        sys.exit(f"vendor check: the kernels ran on different SoCs: {sorted(socs)}")
    if args.reports:
        with open(args.reports, "w") as out:
            for row, launches in results:
                out.write(json.dumps({"case": {k: row[k] for k in ("N", "D", "T", "l", "d", "layout")},
                                      **launches}) + "\n")
    print(f"modeled kernel times on {socs.pop()} ({COMPARE_DTYPE}; simulator cost model, not measurements):\n")
    print(compare_table(rows))
    failures = sum(not row[kernel]["within"] for row in rows for kernel in ("vendor", "ours"))
    print(f"\nvendor check: {len(rows)} shapes on both kernels, {failures} outputs out of the contract's bound")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ops_transformer", nargs="?", default=os.environ.get("NSA_OPS_TRANSFORMER"),
                        help="ops-transformer checkout or bare git dir (default $NSA_OPS_TRANSFORMER)")
    parser.add_argument("--build", default=str(ROOT / "build"), help="the project's build folder")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--compare", action="store_true",
                        help="compare modeled times with the project's kernel on the benchmark shapes")
    parser.add_argument("--example", default=str(DEFAULT_EXAMPLE), help="--compare: the project's example binary")
    parser.add_argument("--soc", default=os.environ.get("ASCEND_SIM_SOC"),
                        help="--compare: the SoC both kernels run on (default $ASCEND_SIM_SOC, else the build's)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="--compare: cases run at once")
    parser.add_argument("--reports", help="--compare: write both launch reports of every shape to this JSON-lines file")
    args = parser.parse_args()
    if not args.ops_transformer:
        sys.exit("vendor check: name an ops-transformer checkout or bare git dir (or set NSA_OPS_TRANSFORMER)")
    sim_lib = pathlib.Path(args.build) / "simulator/libascend_sim.so"
    if not sim_lib.is_file():
        sys.exit(f"vendor check: no {sim_lib}; build the project first (bash build.sh)")
    if args.compare:
        return compare(args, sim_lib)
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
