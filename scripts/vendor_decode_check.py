#!/usr/bin/env python3
"""Runs the vendor's NsaCompressWithCache kernel (hicann/ops-transformer) unchanged on the
simulator, on the decode benchmark's steps, beside the project's.

A developer check, not part of CI (it needs a copy of ops-transformer, which CI cannot fetch):

    python3 scripts/vendor_decode_check.py [OPS_TRANSFORMER] [--soc SOC] [--dtype ...]

OPS_TRANSFORMER (or $NSA_OPS_TRANSFORMER) is a checkout or a bare git directory. The kernel's
folder (attention/nsa_compress_with_cache/op_kernel) is extracted and compiled unchanged against
simulator/include as vendor_kernel_check.py does for the forward, with the generated tiling struct
(vendor_kernel/nsa_compress_with_cache_tiling_data.h) and a driver (vendor_kernel/decode_driver.cpp)
whose tiling (vendor_kernel/vendor_decode_tiling.cpp) is the vendor host code's: due batches
scanned on the host, heads per task from its UB budget, tasks cut over the cores.

Each step of benchmarks/bench_nsa_compress_with_cache.py within the vendor's limits (actSeqLenType
1, l <= 64, N <= 64; all of them) runs on both kernels on the same simulated SoC. Both caches are
checked against the project's golden (tests/st/nsa_compress_with_cache/golden.py): the written
rows' largest distance in units in the last place from the ordered golden and whether each
element meets the contract's bound, and every other row unchanged. It prints a Markdown table of
the modeled kernel times (the simulator's cost model, not measurements) and fails when a kernel
is outside the bound or touched another row.
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
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks"), str(ROOT / "scripts")]
import bench_nsa_compress_with_cache as bench  # noqa: E402
import decode_steps as steps  # noqa: E402
from tests.st.nsa_compress_with_cache import golden  # noqa: E402
from vendor_kernel_check import DTYPE_IDS, VendorKernel, build, contract_check, extract  # noqa: E402

DECODE = VendorKernel(
    op_type="VendorNsaCompressWithCache", entry="nsa_compress_with_cache",
    source="attention/nsa_compress_with_cache/op_kernel/nsa_compress_with_cache.cpp",
    folders=("attention/nsa_compress_with_cache/op_kernel",),
    io={"INPUT": None, "WEIGHT": None, "SLOT_MAPPING": "DT_INT32", "OUTPUT_CACHE": None,
        "ACT_SEQ_LEN": "DT_INT64", "BLOCK_TABLE": "DT_INT32"},
    arguments=9, tiling_header="nsa_compress_with_cache_tiling_data.h",
    driver_sources=("decode_driver.cpp", "vendor_decode_tiling.cpp", "driver_io.cpp"))
VENDOR_MAX_BLOCK = 64
VENDOR_MAX_HEADS = 64


def run(command, env, what):
    """The launch report of a driver or example run: its last JSON line's (the example's under
    "launch")."""
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    lines = result.stdout.strip().splitlines()
    report = json.loads(lines[-1]) if lines else {}
    if result.returncode != 0 or report.get("status", 0) != 0:
        raise RuntimeError(f"{what} failed ({result.returncode}): {result.stderr.strip()} {lines[-1:]}")
    return report.get("launch", report)


def check_cache(step, got_bits):
    """(max ulp of the written rows from the ordered golden, every written element within the
    contract's bound, every other row unchanged)."""
    dtype, l, d = step["dtype"], step["l"], step["d"]
    expected, written = golden.golden_cache(step["cache"], step["pool"], step["weight"], step["table"],
                                            step["lengths"], 1, step["slots"], l, d, dtype)
    got = got_bits.reshape(expected.shape)
    rows = [slot for _, slot in written]
    others = np.setdiff1d(np.arange(expected.shape[0]), rows)
    untouched = bool(np.array_equal(got[others], step["cache"][others]))
    if not written:
        return 0, True, untouched
    windows = np.concatenate([golden.window_of(step["pool"], step["table"], step["lengths"], b, l, step["P"])
                              for b, _ in written])
    ends = np.arange(1, len(written) + 1, dtype=np.int64) * l
    [(max_ulp, _, _, within)] = contract_check([got[rows]], windows, step["weight"], ends, l, d, dtype)
    return max_ulp, within, untouched


def compare_case(programs, example, work, soc, case):
    step = steps.draw_step(case["B"], case["N"], case["D"], case["l"], case["d"], bench.PAGE_SIZE, case["dtype"])
    folder = work / "_".join(str(v) for v in case.values())
    steps.write_step(step, folder)
    env = dict(os.environ, **({"ASCEND_SIM_SOC": soc} if soc else {}))
    launches = {"vendor": run([str(programs[case["dtype"]]), str(folder)], env, f"vendor kernel on {case}"),
                "ours": run(steps.example_command(example, step, folder), env, f"our kernel on {case}")}
    outputs = {"vendor": folder / "out.bin", "ours": folder / "ours.bin"}
    row = dict(case, due=len(golden.writers(step["lengths"], step["slots"], step["table"], steps.POOL_PAGES,
                                            step["cache"].shape[0], case["l"], case["d"], step["P"])))
    for kernel, launch in launches.items():
        max_ulp, within, untouched = check_cache(step, np.fromfile(outputs[kernel], dtype=np.uint16))
        row[kernel] = {"us": launch["modeled_seconds"] * 1e6, "cores": launch["blockDim"], "soc": launch["soc"],
                       "moved": launch["total"]["gm_to_ub_bytes"] + launch["total"]["ub_to_gm_bytes"],
                       "max_ulp": max_ulp, "ok": within and untouched,
                       "verdict": "ok" if within and untouched else
                       ("OUT OF BOUND" if not within else "OTHER ROWS CHANGED")}
    shutil.rmtree(folder)
    return row


def table(rows):
    head = ("| dtype | N | D | l | d | B | due | vendor modeled us | ours modeled us | vendor/ours "
            "| moved B vendor/ours | cores vendor/ours | max ulp vendor/ours | check vendor/ours |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        v, o = r["vendor"], r["ours"]
        lines.append(f"| {r['dtype']} | {r['N']} | {r['D']} | {r['l']} | {r['d']} | {r['B']} | {r['due']} "
                     f"| {v['us']:.2f} | {o['us']:.2f} | {v['us'] / o['us']:.2f} | {v['moved']}/{o['moved']} "
                     f"| {v['cores']}/{o['cores']} | {v['max_ulp']}/{o['max_ulp']} | {v['verdict']}/{o['verdict']} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ops_transformer", nargs="?", default=os.environ.get("NSA_OPS_TRANSFORMER"),
                        help="ops-transformer checkout or bare git dir (default $NSA_OPS_TRANSFORMER)")
    parser.add_argument("--build", default=str(ROOT / "build"), help="the project's build folder")
    parser.add_argument("--example", default=str(bench.DEFAULT_BIN), help="the project's decode example")
    parser.add_argument("--soc", default=os.environ.get("ASCEND_SIM_SOC"),
                        help="the SoC both kernels run on (default $ASCEND_SIM_SOC, else the build's)")
    parser.add_argument("--dtype", nargs="+", default=bench.DTYPES, choices=bench.DTYPES)
    args = parser.parse_args()
    if not args.ops_transformer:
        sys.exit("vendor decode check: name an ops-transformer checkout or bare git dir (or set NSA_OPS_TRANSFORMER)")
    sim_lib = pathlib.Path(args.build) / "simulator/libascend_sim.so"
    for needed, how in ((sim_lib, "bash build.sh"), (pathlib.Path(args.example), "bash build.sh --example")):
        if not needed.is_file():
            sys.exit(f"vendor decode check: no {needed}; build it first ({how})")
    cases = [dict(dtype=dtype, N=n, D=dim, l=l, d=d, B=b) for dtype in args.dtype for (n, dim) in bench.SHAPES
             for (l, d) in bench.BLOCKS for b in bench.BATCHES if l <= VENDOR_MAX_BLOCK and n <= VENDOR_MAX_HEADS]
    with tempfile.TemporaryDirectory(prefix="nsa_vendor_decode_") as scratch:
        work = pathlib.Path(scratch)
        source = extract(pathlib.Path(args.ops_transformer).resolve(), work, DECODE.folders)
        print(f"vendor decode check: kernel from {source}")
        programs = {dtype: build(work, dtype, sim_lib, DECODE) for dtype in args.dtype}
        rows = [compare_case(programs, args.example, work, args.soc, case) for case in cases]
    socs = {row[kernel]["soc"] for row in rows for kernel in ("vendor", "ours")}
    if len(socs) != 1:
        sys.exit(f"vendor decode check: the kernels ran on different SoCs: {sorted(socs)}")
    print(f"modeled kernel times on {socs.pop()} (simulator cost model, not measurements):\n")
    print(table(rows))
    failures = sum(not row[kernel]["ok"] for row in rows for kernel in ("vendor", "ours"))
    print(f"\nvendor decode check: {len(rows)} steps on both kernels, {failures} caches failing the check")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
