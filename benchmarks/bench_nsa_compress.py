#!/usr/bin/env python3
"""Kernel benchmark of aclnnNsaCompress on the simulator's calibrated timing model.

For every SoC, shape, sequence layout, (l, d) and dtype it runs the example binary once with
ASCEND_SIM_SOC set, reads the launch report from its JSON line, and compares the modeled kernel
time (the slowest core, launch overhead excluded) with the roofline of the SoC's cost model:

  covered tokens: tokens that at least one window covers (not a sequence shorter than l, not
                  the tail after a sequence's last window)
  memory time   = (covered input bytes + weight bytes + output bytes) / hbm_bytes_per_second
                  (the achievable bandwidth: spec times the fitted efficiency)
  vector time   = (covered * N * D          widen each covered element to fp32 once
                   + 2 * K * N * D * l       one Mul and one Add per (output element, j)
                   + K * N * D)              narrow each output element once
                  fp32 element-operations at vector_bytes_per_cycle / 4 per cycle, times clock_hz,
                  times vector_core_num
  roofline      = max(memory time, vector time)

It reports per case the ratio modeled/roofline, the bound, the bottleneck pipe (highest mean
busy time of V, MTE2, MTE3, S) and its busy fraction of the kernel time, the largest stalls by
pipe and cause, the read amplification (GM->UB bytes / (covered input + weight bytes)), and
whether the case meets the performance goal: T >= 16k within 1.10x of the roofline with the
bottleneck pipe busy >= 90% of the kernel time; T = 4k within 1.25x.
Writes bench.csv, bench.md (tables, summary, cost model source) and bench.png to --out.
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

import nsa_roofline as rl
from example_runs import example_binary, markdown_table, run_example, write_csv

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BIN = example_binary("nsa_compress")

# (N, D, T): small, medium and large heads, short and long sequences.
SHAPES = [(4, 128, 4096), (4, 128, 16384), (4, 128, 65536),
          (4, 192, 4096), (4, 192, 16384), (4, 192, 65536),
          (32, 128, 16384), (128, 256, 4096), (1, 256, 65536)]
BLOCKS = [(32, 16), (16, 16)]
DTYPES = ["float16", "bfloat16"]
LAYOUTS = ["one", "equal32", "random"]
# fp16 and bf16 take the same kernel path (only the widening and narrowing casts differ), so a
# full run takes bf16 on this layout alone, to show that it models the same time as fp16.
BF16_LAYOUTS = ["one"]
SOCS = ["Ascend910B2", "Ascend910B4"]


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


def run_case(binary, case, workdir):
    n, dim, tokens, layout, l, d, dtype, soc = (case[k] for k in ("N", "D", "T", "layout", "l", "d", "dtype", "soc"))
    # A seed fixed by the case but not the SoC or dtype, so every SoC, both dtypes and every run
    # simulate the same sequence layout and bits.
    rng = np.random.default_rng(zlib.crc32(repr((n, dim, tokens, layout, l, d)).encode()))
    ends = sequence_ends(layout, tokens, rng)
    # Any bit pattern of finite values exercises the same data path; uniform halves are cheap.
    x = rng.integers(0, 0x3C00, size=tokens * n * dim, dtype=np.uint16)
    w = rng.integers(0, 0x3C00, size=l * n, dtype=np.uint16)
    stem = Path(workdir) / f"{soc}_{n}_{dim}_{tokens}_{layout}_{l}_{d}_{dtype}"
    x.tofile(f"{stem}.x")
    w.tofile(f"{stem}.w")
    del x  # the largest inputs are 256 MiB; do not hold them while the simulator runs
    command = [str(binary), "--dtype", dtype, "--shape", f"{tokens},{n},{dim}", "--input", f"{stem}.x",
               "--weight", f"{stem}.w", "--act-seq-len", ",".join(map(str, ends)), "--block", str(l),
               "--stride", str(d), "--output", f"{stem}.out"]
    try:
        result, wall = run_example(command, soc, f"case {case}")
    finally:
        for suffix in (".x", ".w", ".out"):
            Path(f"{stem}{suffix}").unlink(missing_ok=True)
    return metrics(case, ends, result["launch"], wall)


def metrics(case, ends, launch, wall):
    n, dim, l, d = case["N"], case["D"], case["l"], case["d"]
    k = rl.output_rows(ends, l, d)
    covered = rl.covered_tokens(ends, l, d)
    roof = rl.roofline(covered, k, n, dim, l, launch["cost_model"])
    modeled = launch["modeled_seconds"]
    pipes = launch["total"]["pipes"]
    pipe, utilisation = rl.bottleneck(pipes, modeled)
    ratio = modeled / roof["roofline_seconds"]
    return {
        **case,
        "B": len(ends),
        "K": k,
        "covered": covered,
        "cores": launch["blockDim"],
        "modeled_us": modeled * 1e6,
        "roofline_us": roof["roofline_seconds"] * 1e6,
        "ratio": ratio,
        "bound": roof["bound"],
        "bottleneck": pipe,
        "util": utilisation,
        "stalls": rl.format_stalls(rl.top_stalls(pipes, modeled)),
        "read_amp": launch["total"]["gm_to_ub_bytes"] / (roof["input_bytes"] + roof["weight_bytes"]),
        "vector_share": roof["vector_seconds"] / roof["roofline_seconds"],
        "memory_share": roof["memory_seconds"] / roof["roofline_seconds"],
        "meets_goal": rl.meets_goal(case["T"], ratio, utilisation),
        "sim_wall_s": wall,
        "cost_model_source": launch["cost_model"]["source"],
    }


def shape_label(row):
    return f"N{row['N']} D{row['D']} T{row['T'] // 1024}k"


def case_label(row):
    return f"{row['layout']} {row['l']}/{row['d']} {'fp16' if row['dtype'] == 'float16' else 'bf16'}"


COLUMNS = [("N", "{}"), ("D", "{}"), ("T", "{}"), ("layout", "{}"), ("l", "{}"), ("d", "{}"), ("dtype", "{}"),
           ("K", "{}"), ("cores", "{}"), ("modeled_us", "{:.1f}"), ("roofline_us", "{:.1f}"), ("ratio", "{:.3f}"),
           ("bound", "{}"), ("bottleneck", "{}"), ("util", "{:.0%}"), ("stalls", "{}"), ("read_amp", "{:.4f}"),
           ("vector_share", "{:.2f}"), ("memory_share", "{:.2f}"), ("meets_goal", "{}")]
HEADERS = {"modeled_us": "modeled (us)", "roofline_us": "roofline (us)", "ratio": "modeled/roofline",
           "util": "bottleneck busy", "stalls": "top stalls (of modeled time)", "read_amp": "read amp",
           "vector_share": "vector/roofline", "memory_share": "memory/roofline", "meets_goal": "goal met"}


def summary(rows, socs):
    """Per SoC: how many cases meet their goal, and every miss, worst ratio first."""
    lines = []
    for soc in socs:
        mine = [r for r in rows if r["soc"] == soc]
        misses = sorted((r for r in mine if not r["meets_goal"]), key=lambda r: -r["ratio"])
        lines.append(f"{soc}: {len(mine) - len(misses)} of {len(mine)} cases meet their goal "
                     f"(T >= 16k: ratio <= {rl.LONG_GOAL[0]} and bottleneck busy >= {rl.LONG_GOAL[1]:.0%}; "
                     f"T = 4k: ratio <= {rl.SHORT_GOAL[0]})")
        for r in misses:
            lines.append(f"  miss: {shape_label(r)} {case_label(r)}: ratio {r['ratio']:.3f} (goal "
                         f"{rl.goal(r['T'])[0]}), {r['bottleneck']} busy {r['util']:.0%}, stalls {r['stalls']}")
    return "\n".join(lines)


def dtype_spread(rows):
    """How many cases ran in both dtypes, and the largest relative difference of their modeled times."""
    def same_case(row):
        return tuple(row[k] for k in ("soc", "N", "D", "T", "layout", "l", "d"))

    fp16 = {same_case(r): r["modeled_us"] for r in rows if r["dtype"] == "float16"}
    pairs = [(fp16[same_case(r)], r["modeled_us"]) for r in rows
             if r["dtype"] == "bfloat16" and same_case(r) in fp16]
    return len(pairs), max((abs(b - a) / a for a, b in pairs), default=0.0)


def plot(rows, socs, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    per_soc = max(len([r for r in rows if r["soc"] == soc]) for soc in socs)
    fig = plt.figure(figsize=(max(14, per_soc * 0.17), 15 * len(socs)), layout="constrained")
    subfigs = np.atleast_1d(fig.subfigures(len(socs), 1))
    for subfig, soc in zip(subfigs, socs):
        mine = [r for r in rows if r["soc"] == soc]
        ax_ratio, ax_time, ax_split = subfig.subplots(3, 1, height_ratios=[3, 3, 2.4])
        ax_time.sharex(ax_ratio)
        x = np.arange(len(mine))
        # Cases come grouped by shape; a separator and a label per group keep tick labels short.
        groups = {}
        for i, r in enumerate(mine):
            groups.setdefault(shape_label(r), []).append(i)

        ratios = [r["ratio"] for r in mine]
        ax_ratio.bar(x, ratios, color=["tab:green" if r["meets_goal"] else "tab:red" for r in mine])
        # Headroom above the tallest bar for the shape names written inside the top of the axes.
        top = max(1.5, max(ratios) * 1.12)
        ax_ratio.set_ylim(0.9, top)
        ax_ratio.axhline(1.0, color="black", linewidth=0.8)
        ax_ratio.axhline(1.10, color="tab:blue", linestyle="--", label="goal 1.10 (T >= 16k)")
        ax_ratio.axhline(1.25, color="tab:orange", linestyle="--", label="goal 1.25 (T = 4k)")
        ax_ratio.set_ylabel("modeled / roofline")
        ax_ratio.set_title("(a) modeled time over roofline (green: goal met, red: missed)", fontsize=10)
        ax_ratio.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        for name, members in groups.items():
            ax_ratio.text((members[0] + members[-1]) / 2, top, name, ha="center", va="top", fontsize=8)

        ax_time.bar(x, [r["modeled_us"] for r in mine], color="tab:blue", label="modeled")
        ax_time.scatter(x, [r["roofline_us"] for r in mine], color="black", marker="_", s=60, zorder=3,
                        label="roofline")
        ax_time.set_yscale("log")
        ax_time.set_ylabel("time (us)")
        ax_time.set_title("(b) modeled kernel time and roofline", fontsize=10)
        ax_time.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        ax_time.set_xticks(x)
        ax_time.set_xticklabels([case_label(r) for r in mine], rotation=90, fontsize=7)
        ax_time.set_xlim(-0.6, len(mine) - 0.4)
        plt.setp(ax_ratio.get_xticklabels(), visible=False)
        for members in list(groups.values())[1:]:
            for ax in (ax_ratio, ax_time):
                ax.axvline(members[0] - 0.5, color="grey", linewidth=0.6)

        # The split depends on the shape and l/d, hardly on the layout or dtype: one case each.
        split = {}
        for r in mine:
            key = f"{shape_label(r)} {r['l']}/{r['d']}"
            if key not in split or (r["layout"], r["dtype"]) == ("one", "float16"):
                split[key] = r
        xs = np.arange(len(split))
        ax_split.bar(xs - 0.2, [r["vector_share"] for r in split.values()], 0.4, color="tab:purple",
                     label="vector time / roofline")
        ax_split.bar(xs + 0.2, [r["memory_share"] for r in split.values()], 0.4, color="tab:gray",
                     label="memory time / roofline")
        ax_split.set_xticks(xs)
        ax_split.set_xticklabels(list(split), rotation=30, ha="right", fontsize=8)
        ax_split.set_ylim(0, 1.15)
        ax_split.set_ylabel("share of roofline")
        ax_split.set_title("(c) vector vs memory lower bound per shape and l/d (layout one, fp16)", fontsize=10)
        ax_split.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        subfig.suptitle(f"{soc}: aclnnNsaCompress modeled on the calibrated simulator", fontsize=13)
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=str(DEFAULT_BIN))
    parser.add_argument("--out", default=str(ROOT / "build_out" / "bench"))
    parser.add_argument("--soc", nargs="+", default=SOCS, help="SoCs to model (ASCEND_SIM_SOC names)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="cases simulated at once (each uses its own process)")
    parser.add_argument("--quick", action="store_true", help="only T <= 16k and the first SoC, for a fast look")
    parser.add_argument("--all-dtypes", action="store_true",
                        help=f"bf16 on every layout, not only on {', '.join(BF16_LAYOUTS)}")
    args = parser.parse_args()
    if not Path(args.binary).exists():
        sys.exit(f"bench: example binary {args.binary} not found; run 'bash build.sh --example' first")
    socs = args.soc[:1] if args.quick else args.soc
    cases = [dict(soc=soc, N=n, D=dim, T=t, layout=layout, l=l, d=d, dtype=dtype)
             for soc in socs for (n, dim, t) in SHAPES if not (args.quick and t > 16384)
             for (l, d) in BLOCKS for layout in LAYOUTS for dtype in DTYPES
             if dtype == "float16" or args.all_dtypes or layout in BF16_LAYOUTS]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as workdir, ThreadPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(lambda c: run_case(args.binary, c, workdir), cases))
    elapsed = time.monotonic() - started
    tables = "\n\n".join(f"## {soc}\n\n" + markdown_table([r for r in rows if r["soc"] == soc], COLUMNS, HEADERS) for soc in socs)
    sources = "\n".join(sorted({f"- {r['cost_model_source']}" for r in rows}))
    pairs, spread = dtype_spread(rows)
    report = (f"{tables}\n\n## Goals\n\n```\n{summary(rows, socs)}\n```\n\n"
              f"Times are modeled by the simulator's calibrated timing model, not measured. Cost models:\n"
              f"{sources}\n\nbf16 against fp16 on the same {pairs} cases: modeled times differ by at most "
              f"{spread:.2%}.\n{len(rows)} cases simulated in {elapsed:.0f} s with {args.jobs} jobs.\n")
    print(report)
    (out / "bench.md").write_text(report)
    write_csv(out / "bench.csv", rows)
    plot(rows, socs, out / "bench.png")
    print(f"wrote {out / 'bench.csv'}, {out / 'bench.md'}, {out / 'bench.png'}")


if __name__ == "__main__":
    main()
