#!/usr/bin/env python3
"""Kernel benchmark of aclnnNsaCompressGrad on the simulator's calibrated timing model.

For every SoC, shape, sequence layout and (l, d) it runs the grad example once with
ASCEND_SIM_SOC set, reads the launch report from its JSON line, and reports the modeled kernel
time (the slowest core, launch overhead excluded) and the traffic against two references
(grad_traffic.py):

  minimum      read X (the covered tokens) and dY once, the weight; write dX once and dW
  vendor       the minimum plus the vendor's fp32 T*N*D inputGrad workspace: zero-filled,
               accumulated by atomic adds (l rows per window), re-read before the cast

  read amp     GM->UB bytes / minimum reads
  traffic amp  (GM->UB + UB->GM bytes) / minimum bytes
  vendor amp   vendor bytes / minimum bytes
  floor        minimum bytes / the SoC's achievable HBM bandwidth: the memory time any kernel
               keeping the contract needs (vendor floor: the same for the vendor's bytes)

Writes grad_bench.csv and grad_bench.md to --out. Times are modeled, not measured; fp16 only
(bf16 takes the same kernel path, only the casts differ).
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

import grad_traffic as gt
import nsa_roofline as rl
from bench_nsa_compress import sequence_ends

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BIN = ROOT / "build_out" / "example" / "test_aclnn_nsa_compress_grad"

# (N, D, T): small, medium and large heads, short and long sequences.
SHAPES = [(4, 128, 4096), (4, 128, 16384), (4, 192, 16384), (32, 128, 16384), (128, 256, 4096), (1, 256, 65536)]
BLOCKS = [(32, 16), (16, 16)]
LAYOUTS = ["one", "random"]
SOCS = ["Ascend910B2", "Ascend910B4"]
MB = 1e6


def run_case(binary, case, workdir):
    n, dim, tokens, layout, l, d, soc = (case[k] for k in ("N", "D", "T", "layout", "l", "d", "soc"))
    # A seed fixed by the case but not the SoC, so every SoC simulates the same sequences and bits.
    rng = np.random.default_rng(zlib.crc32(repr((n, dim, tokens, layout, l, d)).encode()))
    ends = sequence_ends(layout, tokens, rng)
    k = rl.output_rows(ends, l, d)
    stem = Path(workdir) / f"{soc}_{n}_{dim}_{tokens}_{layout}_{l}_{d}"
    # Any bit pattern of finite values exercises the same data path; uniform halves are cheap.
    for suffix, count in ((".dy", k * n * dim), (".x", tokens * n * dim), (".w", l * n)):
        rng.integers(0, 0x3C00, size=count, dtype=np.uint16).tofile(f"{stem}{suffix}")
    command = [str(binary), "--dtype", "float16", "--shape", f"{tokens},{n},{dim}",
               "--act-seq-len", ",".join(map(str, ends)), "--block", str(l), "--stride", str(d),
               "--output-grad", f"{stem}.dy", "--input", f"{stem}.x", "--weight", f"{stem}.w",
               "--input-grad-output", f"{stem}.dx", "--weight-grad-output", f"{stem}.dw"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800,
                          env={**os.environ, "ASCEND_SIM_SOC": soc})
    for suffix in (".dy", ".x", ".w", ".dx", ".dw"):
        Path(f"{stem}{suffix}").unlink(missing_ok=True)
    lines = done.stdout.strip().splitlines()
    result = json.loads(lines[-1]) if lines else {}
    if done.returncode != 0 or result.get("status") != 0:
        raise RuntimeError(f"case {case} failed ({done.returncode}): {done.stderr.strip()} {lines[-1:]}")
    if result["launch"]["soc"] != soc:
        raise RuntimeError(f"case {case} ran on {result['launch']['soc']}, not {soc}")
    return metrics(case, ends, result)


def metrics(case, ends, result):
    n, dim, l, d = case["N"], case["D"], case["l"], case["d"]
    launch = result["launch"]
    total = launch["total"]
    minimum = gt.minimum_bytes(ends, n, dim, l, d)
    vendor_extra = sum(gt.vendor_workspace_bytes(ends, n, dim, l, d).values())
    bandwidth = launch["cost_model"]["hbm_bytes_per_second"]
    floor = (minimum["reads"] + minimum["writes"]) / bandwidth
    modeled = launch["modeled_seconds"]
    pipe, utilisation = rl.bottleneck(total["pipes"], modeled)
    return {
        **case,
        "B": len(ends),
        "K": rl.output_rows(ends, l, d),
        "cores": launch["blockDim"],
        "modeled_us": modeled * 1e6,
        "floor_us": floor * 1e6,
        "ratio": modeled / floor,
        "bottleneck": pipe,
        "util": utilisation,
        "read_mb": total["gm_to_ub_bytes"] / MB,
        "write_mb": total["ub_to_gm_bytes"] / MB,
        "partials_kb": gt.partials_bytes(ends, n, l, d) / 1e3,
        **gt.amplification(ends, n, dim, l, d, total["gm_to_ub_bytes"], total["ub_to_gm_bytes"]),
        "vendor_extra_mb": vendor_extra / MB,
        "vendor_floor_us": (minimum["reads"] + minimum["writes"] + vendor_extra) / bandwidth * 1e6,
    }


COLUMNS = [("N", "{}"), ("D", "{}"), ("T", "{}"), ("layout", "{}"), ("l", "{}"), ("d", "{}"), ("K", "{}"),
           ("cores", "{}"), ("modeled_us", "{:.1f}"), ("floor_us", "{:.1f}"), ("ratio", "{:.2f}"),
           ("bottleneck", "{}"), ("util", "{:.0%}"), ("read_mb", "{:.2f}"), ("write_mb", "{:.2f}"),
           ("partials_kb", "{:.1f}"), ("read_amp", "{:.3f}"), ("traffic_amp", "{:.3f}"), ("vendor_amp", "{:.3f}"),
           ("vendor_extra_mb", "{:.2f}"), ("vendor_floor_us", "{:.1f}")]
HEADERS = {"modeled_us": "modeled (us)", "floor_us": "memory floor (us)", "ratio": "modeled/floor",
           "util": "bottleneck busy", "read_mb": "GM->UB (MB)", "write_mb": "UB->GM (MB)",
           "partials_kb": "partials (KB)", "read_amp": "read amp", "traffic_amp": "traffic amp",
           "vendor_amp": "vendor traffic amp", "vendor_extra_mb": "vendor fp32 workspace (MB)",
           "vendor_floor_us": "vendor memory floor (us)"}


def markdown(rows):
    head = "| " + " | ".join(HEADERS.get(name, name) for name, _ in COLUMNS) + " |"
    rule = "|" + "---|" * len(COLUMNS)
    body = ["| " + " | ".join(fmt.format(row[name]) for name, fmt in COLUMNS) + " |" for row in rows]
    return "\n".join([head, rule] + body)


def summary(rows):
    """The ranges of the amplifications, and how far the vendor's floor lies above our modeled time."""
    def span(key):
        values = [r[key] for r in rows]
        return f"{min(values):.3f} .. {max(values):.3f}"

    faster = sum(r["modeled_us"] < r["vendor_floor_us"] for r in rows)
    return (f"read amp {span('read_amp')}, traffic amp {span('traffic_amp')}, vendor traffic amp "
            f"{span('vendor_amp')}; modeled time below the vendor design's memory floor in {faster} of "
            f"{len(rows)} cases")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.environ.get("NSA_GRAD_EXAMPLE_BIN", str(DEFAULT_BIN)))
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
    tables = "\n\n".join(f"## {soc}\n\n" + markdown([r for r in rows if r["soc"] == soc]) for soc in socs)
    report = (f"# aclnnNsaCompressGrad, fp16\n\n{tables}\n\n## Summary\n\n{summary(rows)}\n\n"
              f"Times are modeled by the simulator's calibrated timing model, not measured; the floors are "
              f"bytes over the cost model's achievable HBM bandwidth.\n{len(rows)} cases simulated in "
              f"{elapsed:.0f} s with {args.jobs} jobs.\n")
    print(report)
    (out / "grad_bench.md").write_text(report)
    with open(out / "grad_bench.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {out / 'grad_bench.csv'}, {out / 'grad_bench.md'}")


if __name__ == "__main__":
    main()
