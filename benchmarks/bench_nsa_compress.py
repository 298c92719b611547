#!/usr/bin/env python3
"""Kernel benchmark of aclnnNsaCompress on the simulator.

For every shape, sequence layout, (l, d) and dtype it runs the example binary once, reads the
launch counters from its JSON line, and reports how close the kernel comes to the hardware's
limits under the simulator's cost model: read and write amplification, load balance, UB use,
vector-instruction density, and modeled time against the roofline
    max(bytes moved / HBM bandwidth, minimum vector work / vector throughput of all cores).
Writes a Markdown table to stdout, and bench.csv, bench.md and bench.png to --out.
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

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BIN = ROOT / "build_out" / "example" / "test_aclnn_nsa_compress"

# (N, D, T): small, medium and large heads, short and long sequences.
SHAPES = [(4, 128, 4096), (4, 128, 16384), (4, 128, 65536),
          (4, 192, 4096), (4, 192, 16384), (4, 192, 65536),
          (32, 128, 16384), (128, 256, 4096), (1, 256, 65536)]
BLOCKS = [(32, 16), (16, 16)]
DTYPES = ["float16", "bfloat16"]
LAYOUTS = ["one", "equal32", "random"]
ELEMENT_BYTES = 2
FP32_BYTES = 4


def sequence_ends(layout, tokens, rng):
    """Cumulative ends: one sequence, 32 equal ones, or random lengths in [0, 4096]."""
    if layout == "one":
        return [tokens]
    if layout == "equal32":
        return [tokens * (b + 1) // 32 for b in range(32)]
    ends, total = [], 0
    while total < tokens:
        total = min(tokens, total + int(rng.integers(0, 4097)))
        ends.append(total)
    return ends


def output_rows(ends, l, d):
    starts = [0] + ends[:-1]
    return sum((e - s - l) // d + 1 for s, e in zip(starts, ends) if e - s >= l)


def run_case(binary, case, workdir):
    n, dim, tokens, layout, l, d, dtype = (case[k] for k in ("N", "D", "T", "layout", "l", "d", "dtype"))
    # A seed fixed by the case, so every run of the benchmark simulates the same data.
    rng = np.random.default_rng(zlib.crc32(repr((n, dim, tokens, layout, l, d, dtype)).encode()))
    ends = sequence_ends(layout, tokens, rng)
    # Any bit pattern of finite values exercises the same data path; uniform halves are cheap.
    x = rng.integers(0, 0x3C00, size=tokens * n * dim, dtype=np.uint16)
    w = rng.integers(0, 0x3C00, size=l * n, dtype=np.uint16)
    stem = Path(workdir) / f"{n}_{dim}_{tokens}_{layout}_{l}_{d}_{dtype}"
    x.tofile(f"{stem}.x")
    w.tofile(f"{stem}.w")
    command = [str(binary), "--dtype", dtype, "--shape", f"{tokens},{n},{dim}", "--input", f"{stem}.x",
               "--weight", f"{stem}.w", "--act-seq-len", ",".join(map(str, ends)), "--block", str(l),
               "--stride", str(d), "--output", f"{stem}.out"]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    wall = time.monotonic() - started
    for suffix in (".x", ".w", ".out"):
        Path(f"{stem}{suffix}").unlink(missing_ok=True)
    lines = done.stdout.strip().splitlines()
    result = json.loads(lines[-1]) if lines else {}
    if done.returncode != 0 or result.get("status") != 0:
        raise RuntimeError(f"case {case} failed ({done.returncode}): {done.stderr.strip()} {lines[-1:]}")
    return metrics(case, ends, result["launch"], wall)


def metrics(case, ends, launch, wall):
    n, dim, tokens, l, d = case["N"], case["D"], case["T"], case["l"], case["d"]
    k = output_rows(ends, l, d)
    model = launch["cost_model"]
    total = launch["total"]
    input_bytes = tokens * n * dim * ELEMENT_BYTES
    weight_bytes = l * n * ELEMENT_BYTES
    output_bytes = k * n * dim * ELEMENT_BYTES
    # The least vector work any kernel does under the contract, in fp32 element-operations:
    # widen every input element once, one multiply and one add per (output element, j), and
    # round every output element once.
    min_element_ops = tokens * n * dim + 2 * k * n * dim * l + k * n * dim
    vector_bytes_per_second = model["vector_bytes_per_cycle"] * model["clock_hz"] * model["vector_core_num"]
    min_vector_seconds = min_element_ops * FP32_BYTES / vector_bytes_per_second
    memory_seconds = (input_bytes + weight_bytes + output_bytes) / model["hbm_bytes_per_second"]
    roofline = max(memory_seconds, min_vector_seconds)
    core_seconds = [s for s in launch["cores"]["modeled_seconds"]]
    used = [s for s in core_seconds if s > 0]
    return {
        **case,
        "B": len(ends),
        "K": k,
        "cores": launch["blockDim"],
        "read_amp": total["gm_to_ub_bytes"] / (input_bytes + weight_bytes),
        "write_ratio": total["ub_to_gm_bytes"] / output_bytes if output_bytes else 1.0,
        "balance": max(used) / (sum(used) / len(used)),
        "ub_use": total["peak_ub_bytes"] / model["ub_bytes"],
        "vec_instr_per_out_elem": total["vector_instructions"] / (k * n * dim),
        "repeats_per_instr": total["vector_repeats"] / total["vector_instructions"],
        "modeled_us": launch["modeled_seconds"] * 1e6,
        "roofline_us": roofline * 1e6,
        "bound": "memory" if memory_seconds >= min_vector_seconds else "vector",
        "vs_roofline": launch["modeled_seconds"] / roofline,
        "sim_wall_s": wall,
        "cost_model_source": model["source"],
    }


COLUMNS = [("N", "{}"), ("D", "{}"), ("T", "{}"), ("layout", "{}"), ("l", "{}"), ("d", "{}"), ("dtype", "{}"),
           ("B", "{}"), ("K", "{}"), ("cores", "{}"), ("read_amp", "{:.4f}"), ("write_ratio", "{:.3f}"),
           ("balance", "{:.3f}"), ("ub_use", "{:.2f}"), ("vec_instr_per_out_elem", "{:.4f}"),
           ("repeats_per_instr", "{:.1f}"), ("modeled_us", "{:.1f}"), ("roofline_us", "{:.1f}"), ("bound", "{}"),
           ("vs_roofline", "{:.3f}"), ("sim_wall_s", "{:.1f}")]


def markdown(rows):
    head = "| " + " | ".join(name for name, _ in COLUMNS) + " |"
    rule = "|" + "---|" * len(COLUMNS)
    body = ["| " + " | ".join(fmt.format(row[name]) for name, fmt in COLUMNS) + " |" for row in rows]
    return "\n".join([head, rule] + body)


def plot(rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [f"N{r['N']} D{r['D']} T{r['T'] // 1024}k {r['layout']} {r['l']}/{r['d']} {r['dtype'][:4]}" for r in rows]
    fig, axes = plt.subplots(2, 1, figsize=(max(12, len(rows) * 0.22), 9), sharex=True)
    axes[0].bar(range(len(rows)), [r["vs_roofline"] for r in rows], color="tab:blue")
    axes[0].axhline(1.15, color="tab:red", linestyle="--", label="goal 1.15")
    axes[0].set_ylabel("modeled time / roofline")
    axes[0].legend()
    axes[1].bar(range(len(rows)), [r["read_amp"] for r in rows], color="tab:green")
    axes[1].axhline(1.02, color="tab:red", linestyle="--", label="goal 1.02 (T >= 16k)")
    axes[1].set_ylabel("GM read / (input + weight)")
    axes[1].set_ylim(0.8, max(1.1, max(r["read_amp"] for r in rows) * 1.02))
    axes[1].legend()
    axes[1].set_xticks(range(len(rows)))
    axes[1].set_xticklabels(labels, rotation=90, fontsize=6)
    fig.suptitle("aclnnNsaCompress kernel on the simulator (" + rows[0]["cost_model_source"][:90] + ")", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.environ.get("NSA_EXAMPLE_BIN", str(DEFAULT_BIN)))
    parser.add_argument("--out", default=str(ROOT / "build_out" / "bench"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="cases simulated at once (each uses its own process)")
    parser.add_argument("--quick", action="store_true", help="only T <= 16k, for a fast look")
    args = parser.parse_args()
    if not Path(args.binary).exists():
        sys.exit(f"bench: example binary {args.binary} not found; run 'bash build.sh --example' first")
    cases = [dict(N=n, D=dim, T=t, layout=layout, l=l, d=d, dtype=dtype)
             for (n, dim, t) in SHAPES if not (args.quick and t > 16384)
             for layout in LAYOUTS for (l, d) in BLOCKS for dtype in DTYPES]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir, ThreadPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(lambda c: run_case(args.binary, c, workdir), cases))
    table = markdown(rows)
    print(table)
    print(f"\ncost model: {rows[0]['cost_model_source']}")
    (out / "bench.md").write_text(table + f"\n\ncost model: {rows[0]['cost_model_source']}\n")
    with open(out / "bench.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)
    plot(rows, out / "bench.png")
    print(f"wrote {out / 'bench.csv'}, {out / 'bench.md'}, {out / 'bench.png'}")


if __name__ == "__main__":
    main()
