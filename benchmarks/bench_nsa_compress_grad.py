#!/usr/bin/env python3
"""Kernel benchmark of aclnnNsaCompressGrad on the simulator's calibrated timing model.

For every SoC, shape, sequence layout and (l, d) it runs the grad example once with
ASCEND_SIM_SOC set, reads the launch report from its JSON line and reports:
  - the modeled kernel time (slowest core) against the roofline of the SoC's cost model
    (grad_traffic.py: the least traffic and the least vector work the contract allows);
  - the bottleneck pipe, its busy fraction and the largest stalls;
  - the traffic: GM->UB and UB->GM bytes against the minimum (read X and dY once, write
    inputGrad once), and the bytes the vendor's design moves for the same call (it accumulates
    inputGrad in an fp32 T*N*D workspace); the read amplification against both;
  - the workspace the call asked for besides Ascend C's library share (the fp32 weightGrad
    partials), against the vendor's fp32 T*N*D workspace.
Writes bench_grad.csv and bench_grad.md to --out. Times are modeled, not measured.
"""
import argparse
import os
import sys
import tempfile
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

import grad_traffic as gt
import nsa_roofline as rl
from example_runs import example_binary, markdown_table, run_example, write_csv
from bench_nsa_compress import sequence_ends

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BIN = example_binary("nsa_compress_grad")

# (N, D, T): shapes of the forward benchmark: N4 at 4k and 16k, N4 D192, N32, N128 and N1 at 64k.
SHAPES = [(4, 128, 4096), (4, 128, 16384), (4, 192, 16384), (32, 128, 16384), (128, 256, 4096),
          (1, 256, 65536)]
BLOCKS = [(32, 16), (16, 16)]
LAYOUTS = ["one", "random"]
SOCS = ["Ascend910B2", "Ascend910B4"]
# Ascend C's library share of the workspace (platform_ascendc GetLibApiWorkSpaceSize on Atlas A2).
LIBRARY_WORKSPACE_BYTES = 16 * 1024 * 1024


def run_case(binary, case, workdir):
    n, dim, tokens, layout, l, d, soc = (case[k] for k in ("N", "D", "T", "layout", "l", "d", "soc"))
    rng = np.random.default_rng(zlib.crc32(repr((n, dim, tokens, layout, l, d)).encode()))
    ends = sequence_ends(layout, tokens, rng)
    k = rl.output_rows(ends, l, d)
    stem = Path(workdir) / f"grad_{soc}_{n}_{dim}_{tokens}_{layout}_{l}_{d}"
    # Finite halves below 1: every bit pattern takes the same data path.
    rng.integers(0, 0x3C00, size=k * n * dim, dtype=np.uint16).tofile(f"{stem}.dy")
    rng.integers(0, 0x3C00, size=tokens * n * dim, dtype=np.uint16).tofile(f"{stem}.x")
    rng.integers(0, 0x3C00, size=l * n, dtype=np.uint16).tofile(f"{stem}.w")
    command = [str(binary), "--dtype", "float16", "--shape", f"{tokens},{n},{dim}", "--output-grad", f"{stem}.dy",
               "--input", f"{stem}.x", "--weight", f"{stem}.w", "--act-seq-len", ",".join(map(str, ends)),
               "--block", str(l), "--stride", str(d), "--input-grad-output", f"{stem}.dx",
               "--weight-grad-output", f"{stem}.dw"]
    try:
        result, wall = run_example(command, soc, f"case {case}")
    finally:
        for suffix in (".dy", ".x", ".w", ".dx", ".dw"):
            Path(f"{stem}{suffix}").unlink(missing_ok=True)
    return metrics(case, ends, result, wall)


def metrics(case, ends, result, wall):
    n, dim, tokens, l, d = case["N"], case["D"], case["T"], case["l"], case["d"]
    launch = result["launch"]
    k = rl.output_rows(ends, l, d)
    covered = rl.covered_tokens(ends, l, d)
    roof = gt.roofline(tokens, covered, k, n, dim, l, launch["cost_model"])
    vendor_reads, vendor_writes = gt.vendor_traffic(tokens, k, n, dim, l, d)
    modeled = launch["modeled_seconds"]
    pipes = launch["total"]["pipes"]
    pipe, utilisation = rl.bottleneck(pipes, modeled)
    reads, writes = launch["total"]["gm_to_ub_bytes"], launch["total"]["ub_to_gm_bytes"]
    return {
        **case,
        "K": k,
        "cores": launch["blockDim"],
        "modeled_us": modeled * 1e6,
        "roofline_us": roof["roofline_seconds"] * 1e6,
        "ratio": modeled / roof["roofline_seconds"],
        "bound": roof["bound"],
        "bottleneck": pipe,
        "util": utilisation,
        "stalls": rl.format_stalls(rl.top_stalls(pipes, modeled)),
        "read_amp": reads / roof["min_reads"],
        "traffic_amp": (reads + writes) / (roof["min_reads"] + roof["min_writes"]),
        "vendor_read_amp": vendor_reads / roof["min_reads"],
        "vendor_traffic_amp": (vendor_reads + vendor_writes) / (roof["min_reads"] + roof["min_writes"]),
        "partials_bytes": result["workspace_bytes"] - LIBRARY_WORKSPACE_BYTES,
        "vendor_workspace_bytes": tokens * n * dim * gt.FP32_BYTES if l > d else 0,
        "sim_wall_s": wall,
        "cost_model_source": launch["cost_model"]["source"],
    }


COLUMNS = [("N", "{}"), ("D", "{}"), ("T", "{}"), ("layout", "{}"), ("l", "{}"), ("d", "{}"), ("K", "{}"),
           ("cores", "{}"), ("modeled_us", "{:.1f}"), ("roofline_us", "{:.1f}"), ("ratio", "{:.3f}"),
           ("bound", "{}"), ("bottleneck", "{}"), ("util", "{:.0%}"), ("stalls", "{}"), ("read_amp", "{:.3f}"),
           ("traffic_amp", "{:.3f}"), ("vendor_read_amp", "{:.2f}"), ("vendor_traffic_amp", "{:.2f}"),
           ("partials_bytes", "{}"), ("vendor_workspace_bytes", "{}")]
HEADERS = {"modeled_us": "modeled (us)", "roofline_us": "roofline (us)", "ratio": "modeled/roofline",
           "util": "bottleneck busy", "stalls": "top stalls (of modeled time)", "read_amp": "read amp",
           "traffic_amp": "traffic amp", "vendor_read_amp": "vendor read amp",
           "vendor_traffic_amp": "vendor traffic amp", "partials_bytes": "partials (B)",
           "vendor_workspace_bytes": "vendor fp32 workspace (B)"}


def summary(rows, socs):
    """Per SoC: the range of modeled/roofline, and of our and the vendor's traffic amplification."""
    lines = []
    for soc in socs:
        mine = [r for r in rows if r["soc"] == soc]
        ratios = [r["ratio"] for r in mine]
        ours = [r["traffic_amp"] for r in mine]
        vendor = [r["vendor_traffic_amp"] for r in mine]
        lines.append(f"{soc}: {len(mine)} cases; modeled/roofline {min(ratios):.3f}-{max(ratios):.3f}; "
                     f"traffic over the minimum {min(ours):.3f}-{max(ours):.3f} "
                     f"(vendor's design {min(vendor):.2f}-{max(vendor):.2f})")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=str(DEFAULT_BIN))
    parser.add_argument("--out", default=str(ROOT / "build_out" / "bench"))
    parser.add_argument("--soc", nargs="+", default=SOCS, help="SoCs to model (ASCEND_SIM_SOC names)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="cases simulated at once (each uses its own process)")
    parser.add_argument("--quick", action="store_true", help="only T <= 16k and the first SoC, for a fast look")
    args = parser.parse_args()
    if not Path(args.binary).exists():
        sys.exit(f"bench: grad example binary {args.binary} not found; run 'bash build.sh --example' first")
    socs = args.soc[:1] if args.quick else args.soc
    cases = [dict(soc=soc, N=n, D=dim, T=t, layout=layout, l=l, d=d)
             for soc in socs for (n, dim, t) in SHAPES if not (args.quick and t > 16384)
             for (l, d) in BLOCKS for layout in LAYOUTS]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as workdir, ThreadPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(lambda c: run_case(args.binary, c, workdir), cases))
    elapsed = time.monotonic() - started
    tables = "\n\n".join(f"## {soc}\n\n" + markdown_table([r for r in rows if r["soc"] == soc], COLUMNS, HEADERS) for soc in socs)
    sources = "\n".join(sorted({f"- {r['cost_model_source']}" for r in rows}))
    report = (f"# aclnnNsaCompressGrad\n\n{tables}\n\n## Summary\n\n```\n{summary(rows, socs)}\n```\n\n"
              f"Times are modeled by the simulator's calibrated timing model, not measured. The vendor's "
              f"traffic is counted from its design (benchmarks/grad_traffic.py), not simulated. Cost models:\n"
              f"{sources}\n\n{len(rows)} cases simulated in {elapsed:.0f} s with {args.jobs} jobs.\n")
    print(report)
    (out / "bench_grad.md").write_text(report)
    write_csv(out / "bench_grad.csv", rows)
    print(f"wrote {out / 'bench_grad.csv'}, {out / 'bench_grad.md'}")


if __name__ == "__main__":
    main()
