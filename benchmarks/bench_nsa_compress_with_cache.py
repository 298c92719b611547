#!/usr/bin/env python3
"""Decode-step benchmark of aclnnNsaCompressWithCache on the simulator's calibrated timing model.

For every SoC, dtype, shape, (l, d) and batch count B it draws one decode step (decode_steps.py:
a paged pool, P = 128, lengths up to 4k of which about 1/d are due), runs the decode example on
it with ASCEND_SIM_SOC set and --repeat, and reports:
  - the modeled kernel time (slowest core) and task time (plus the launch overhead), against the
    roofline of the step's minimum traffic and vector work (decode_traffic.py) at the SoC's
    cost model;
  - the bytes the launch moved GM->UB and UB->GM against that minimum;
  - the host time per call: the median wall-clock of phase one and of phase two (less the
    simulator's run of the launch) over the repeated calls, measured on the machine that runs
    the benchmark. These depend on its load and are not modeled.
Writes bench_with_cache.csv and bench_with_cache.md to --out.
"""
import argparse
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # decode_steps draws its values with the forward's golden helpers

import decode_steps as steps  # noqa: E402
import decode_traffic as dt  # noqa: E402
from example_runs import example_binary, markdown_table, run_example, write_csv  # noqa: E402

DEFAULT_BIN = example_binary("nsa_compress_with_cache")
SHAPES = [(4, 128), (32, 128)]   # (N, D): few KV heads, as NSA's GQA groups, and many
BLOCKS = [(32, 16), (64, 32)]
BATCHES = [1, 16, 64, 256]
PAGE_SIZE = 128
DTYPES = ["float16", "bfloat16"]
SOCS = ["Ascend910B2", "Ascend910B4"]
REPEAT = 20


def run_case(binary, case, workdir, repeat):
    step = steps.draw_step(case["B"], case["N"], case["D"], case["l"], case["d"], PAGE_SIZE, case["dtype"])
    folder = Path(workdir) / "_".join(str(v) for v in case.values())
    steps.write_step(step, folder)
    try:
        result, _ = run_example(steps.example_command(binary, step, folder, repeat), case["soc"], f"case {case}")
    finally:
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
    return metrics(case, step, result)


def metrics(case, step, result):
    launch = result["launch"]
    roof = dt.roofline([int(length) for length in step["lengths"]], case["l"], case["d"], case["N"], case["D"], PAGE_SIZE,
                       launch["cost_model"])
    modeled = launch["modeled_seconds"]
    moved = launch["total"]["gm_to_ub_bytes"] + launch["total"]["ub_to_gm_bytes"]
    host = result["host_seconds"]
    return {
        **case,
        "due": roof["due"],
        "cores": launch["blockDim"],
        "modeled_us": modeled * 1e6,
        "task_us": launch["task_seconds"] * 1e6,
        "min_bytes": roof["reads"] + roof["writes"],
        "roofline_us": roof["roofline_seconds"] * 1e6,
        "ratio": modeled / roof["roofline_seconds"],
        "bound": roof["bound"],
        "moved_bytes": moved,
        "traffic_amp": moved / (roof["reads"] + roof["writes"]),
        "host_phase_one_us": host["phase_one"] * 1e6,
        "host_phase_two_us": host["phase_two"] * 1e6,
        "host_calls": host["calls"],
        "cost_model_source": launch["cost_model"]["source"],
    }


COLUMNS = [("dtype", "{}"), ("N", "{}"), ("D", "{}"), ("l", "{}"), ("d", "{}"), ("B", "{}"), ("due", "{}"),
           ("cores", "{}"), ("modeled_us", "{:.2f}"), ("task_us", "{:.2f}"), ("min_bytes", "{}"),
           ("roofline_us", "{:.3f}"), ("ratio", "{:.1f}"), ("bound", "{}"), ("moved_bytes", "{}"),
           ("traffic_amp", "{:.2f}"), ("host_phase_one_us", "{:.1f}"), ("host_phase_two_us", "{:.1f}")]
HEADERS = {"modeled_us": "modeled kernel (us)", "task_us": "modeled task (us)", "min_bytes": "minimum traffic (B)",
           "roofline_us": "roofline (us)", "ratio": "modeled/roofline", "moved_bytes": "moved GM<->UB (B)",
           "traffic_amp": "moved/minimum", "host_phase_one_us": "host phase 1 (us, measured)",
           "host_phase_two_us": "host phase 2 (us, measured)"}


def report(rows, socs, elapsed, jobs, repeat):
    tables = "\n\n".join(f"## {soc}\n\n" + markdown_table([r for r in rows if r["soc"] == soc], COLUMNS, HEADERS)
                         for soc in socs)
    sources = "\n".join(sorted({f"- {r['cost_model_source']}" for r in rows}))
    return (f"# aclnnNsaCompressWithCache: decode steps\n\n{tables}\n\n"
            f"Kernel and task times and the roofline are modeled by the simulator's calibrated timing "
            f"model, not measured. The host times are measured: the median over {repeat} calls of the "
            f"wall-clock of each phase on this machine (phase two less the simulator's run of the launch), "
            f"{'one case at a time' if jobs == 1 else f'{jobs} cases at once'}; they depend on the machine "
            f"and its load. Cost models:\n{sources}\n\n"
            f"{len(rows)} cases in {elapsed:.0f} s.\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=str(DEFAULT_BIN))
    parser.add_argument("--out", default=str(ROOT / "build_out" / "bench"))
    parser.add_argument("--soc", nargs="+", default=SOCS, help="SoCs to model (ASCEND_SIM_SOC names)")
    parser.add_argument("--dtype", nargs="+", default=DTYPES, choices=DTYPES)
    parser.add_argument("--jobs", type=int, default=1,
                        help="cases run at once; more than one shares the cores the host times are measured on")
    parser.add_argument("--repeat", type=int, default=REPEAT, help="calls per case for the host times")
    args = parser.parse_args()
    if not Path(args.binary).exists():
        sys.exit(f"bench: decode example binary {args.binary} not found; run 'bash build.sh --example' first")
    cases = [dict(soc=soc, dtype=dtype, N=n, D=dim, l=l, d=d, B=b) for soc in args.soc for dtype in args.dtype
             for (n, dim) in SHAPES for (l, d) in BLOCKS for b in BATCHES]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as workdir, ThreadPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(lambda c: run_case(args.binary, c, workdir, args.repeat), cases))
    text = report(rows, args.soc, time.monotonic() - started, args.jobs, args.repeat)
    print(text)
    (out / "bench_with_cache.md").write_text(text)
    write_csv(out / "bench_with_cache.csv", rows)
    print(f"wrote {out / 'bench_with_cache.csv'}, {out / 'bench_with_cache.md'}")


if __name__ == "__main__":
    main()
