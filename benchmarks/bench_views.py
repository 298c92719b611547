#!/usr/bin/env python3
"""What a view costs aclnnNsaCompress, on the simulator's calibrated timing model.

For a few benchmark shapes it runs the example binary on the same logical input, weight and
output held in different storages, and sums what every launch of the call moved (GM->UB plus
UB->GM bytes) and its modeled kernel time (the slowest core of each launch, launch overhead
excluded):

  contiguous        [T, N, D] input and [K, N, D] output, row-major
  qkv-key           the input is K of a fused [T, 3, N, D] QKV buffer; the output rows padded
  transposed        the input read from an [N, T, D] storage: each head's rows are a copy of their own
  broadcast         every head reads the same [T, D] rows (head stride 0): rows that share
                    addresses, which the call first copies into a contiguous buffer (l0op::Contiguous)
  copied            the input every other element of a [T, N, 2D] storage and the output every
                    other element of a [K, N, 2D] one: views the kernel cannot stride, so the call
                    adds l0op::Contiguous before the kernel and l0op::ViewCopy after it

The first three are read and written in place and should move the contiguous case's bytes; the
last two show the copy path, which the vendor operator takes for every non-contiguous
view (QKV slices included). Writes views.csv and views.md to --out.
"""
import argparse
import tempfile
from pathlib import Path

import numpy as np

from example_runs import example_binary, run_example, write_csv

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BINARY = example_binary("nsa_compress")
SOCS = ["Ascend910B2", "Ascend910B4"]
SHAPES = [(4, 128, 16384), (32, 128, 16384)]
BLOCK, STRIDE = 32, 16


def views(n, dim):
    """Per variant: the input's strides and offset, and the output's strides (elements)."""
    return {
        "contiguous": ((n * dim, dim, 1), 0, (n * dim, dim, 1)),
        "qkv-key": ((3 * n * dim, dim, 1), n * dim, (n * (dim + 16), dim + 16, 1)),
        "transposed": ((dim, None, 1), 0, (n * dim, dim, 1)),
        "broadcast": ((dim, 0, 1), 0, (n * dim, dim, 1)),
        "copied": ((2 * n * dim, 2 * dim, 2), 0, (2 * n * dim, 2 * dim, 2)),
    }


def storage_elements(shape, strides, offset):
    return offset + 1 + sum((size - 1) * stride for size, stride in zip(shape, strides))


def run(binary, soc, n, dim, tokens, name, view, workdir):
    in_strides, in_offset, out_strides = view
    if in_strides[1] is None:  # heads a whole [T, D] block apart
        in_strides = (in_strides[0], tokens * dim, in_strides[2])
    in_storage = storage_elements((tokens, n, dim), in_strides, in_offset)
    rng = np.random.default_rng(7)
    stem = Path(workdir) / f"{soc}_{n}_{dim}_{tokens}_{name}"
    rng.integers(0, 0x3C00, size=in_storage, dtype=np.uint16).tofile(f"{stem}.x")
    rng.integers(0, 0x3C00, size=BLOCK * n, dtype=np.uint16).tofile(f"{stem}.w")
    command = [str(binary), "--dtype", "float16", "--shape", f"{tokens},{n},{dim}", "--input", f"{stem}.x",
               "--weight", f"{stem}.w", "--act-seq-len", str(tokens), "--block", str(BLOCK), "--stride",
               str(STRIDE), "--output", f"{stem}.out", "--input-strides", ",".join(map(str, in_strides)),
               "--input-offset", str(in_offset), "--output-strides", ",".join(map(str, out_strides))]
    try:
        result, _ = run_example(command, soc, f"{name} {n}x{dim}x{tokens}")
    finally:
        for suffix in (".x", ".w", ".out"):
            Path(f"{stem}{suffix}").unlink(missing_ok=True)
    launches = [result["launch"]] + result["copies"]
    moved = sum(l["total"]["gm_to_ub_bytes"] + l["total"]["ub_to_gm_bytes"] for l in launches)
    return {"soc": soc, "N": n, "D": dim, "T": tokens, "view": name, "launches": len(launches),
            "moved_bytes": moved, "modeled_us": sum(l["modeled_seconds"] for l in launches) * 1e6,
            "kernel_us": result["launch"]["modeled_seconds"] * 1e6}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=str(DEFAULT_BINARY))
    parser.add_argument("--out", default=str(REPO / "build_out" / "bench"))
    parser.add_argument("--soc", nargs="+", default=SOCS, help="SoCs to model (ASCEND_SIM_SOC names)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        for soc in args.soc:
            for n, dim, tokens in SHAPES:
                for name, view in views(n, dim).items():
                    rows.append(run(args.binary, soc, n, dim, tokens, name, view, workdir))
    for row in rows:
        base = next(r for r in rows if (r["soc"], r["N"], r["D"], r["T"], r["view"]) ==
                    (row["soc"], row["N"], row["D"], row["T"], "contiguous"))
        row["bytes_vs_contiguous"] = row["moved_bytes"] / base["moved_bytes"]
        row["time_vs_contiguous"] = row["modeled_us"] / base["modeled_us"]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "views.csv", rows)
    header = "| SoC | N | D | T | view | launches | moved MB | x contiguous | modeled us (all launches) | x contiguous | kernel us |"
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for r in rows:
        lines.append(f"| {r['soc']} | {r['N']} | {r['D']} | {r['T']} | {r['view']} | {r['launches']} | "
                     f"{r['moved_bytes'] / 1e6:.2f} | {r['bytes_vs_contiguous']:.3f} | {r['modeled_us']:.1f} | "
                     f"{r['time_vs_contiguous']:.3f} | {r['kernel_us']:.1f} |")
    table = "\n".join(lines)
    (out / "views.md").write_text("Modeled on the simulator's calibrated timing model, fp16, one sequence, "
                                  f"l={BLOCK}, d={STRIDE}.\n\n{table}\n")
    print(table)


if __name__ == "__main__":
    main()
