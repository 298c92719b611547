#!/usr/bin/env python3
"""The CPU implementation (python/native, nsa_compress's default backend) against this machine's
memory bandwidth and against a naive torch reference, measured (wall-clock time, not the
simulator's model) on the machine it runs on.

In one run it measures:
- copy: a plain copy of a 512 MiB buffer with numpy (np.copyto, one thread) and the same copy
  split over the CPU implementation's thread count (numpy releases the GIL), bytes read + written
  per second; the larger of the two is the machine's copy bandwidth the ratios use;
- forward / grad: nsa_compress.compress / compress_grad on the CPU backend, as a user calls them
  (output allocation included), effective bandwidth = the bytes any implementation must move
  (forward: read the input and weight, write the output; grad: read outputGrad, input and weight,
  write inputGrad and weightGrad) / time;
- torch: the naive reference in torch, fp32 (forward: unfold + einsum per sequence; grad: einsum
  for weightGrad and index_add over the window positions for inputGrad), on torch's own threads.

Each time is the best of --repeat runs after one warm-up. Inputs are 64 MiB and more (T=16384,
D=128, N=16 and 32). Prints a markdown table; --out DIR also writes cpu_bandwidth.md there.

    .venv/bin/python benchmarks/cpu_bandwidth.py [--repeat 3] [--dtypes bfloat16 float16] [--out DIR]

Needs libnsa_compress_cpu.so (cmake -S python/native -B build_out/native && cmake --build
build_out/native) and, for the torch columns, torch. Not named bench_*.py: build.sh --bench runs
those on the simulator's model, and does not build the native library yet.
"""
import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "python"))

import nsa_compress  # noqa: E402
from nsa_compress import _cpu  # noqa: E402

MIB = 1 << 20
# (T, N, D, l, d, sequence length): inputs of 64 MiB and 128 MiB.
CASES = [(16384, 16, 128, 32, 16, 4096), (16384, 32, 128, 32, 16, 4096), (16384, 32, 128, 64, 16, 16384)]


def best_time(function, repeat):
    function()  # warm-up: library loading, first-touch of buffers numpy reuses
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def copy_bandwidth(threads, repeat, size=512 * MIB):
    """(one-thread GB/s, `threads`-thread GB/s) of a plain copy: bytes read + written per second."""
    src = np.ones(size, np.uint8)
    dst = np.empty_like(src)
    one = best_time(lambda: np.copyto(dst, src), repeat)
    chunks = np.array_split(np.arange(size), threads)
    bounds = [(int(c[0]), int(c[-1]) + 1) for c in chunks if c.size]

    def parallel():
        with ThreadPoolExecutor(len(bounds)) as pool:
            list(pool.map(lambda b: np.copyto(dst[b[0]:b[1]], src[b[0]:b[1]]), bounds))
    many = best_time(parallel, repeat)
    return 2 * size / one / 1e9, 2 * size / many / 1e9


def torch_forward(torch, x, w, ends, l, d):
    xf, wf = x.float(), w.float()
    outs, begin = [], 0
    for end in ends:
        windows = xf[begin:end].unfold(0, l, d)                   # [K_b, N, D, l]
        outs.append(torch.einsum("kndl,ln->knd", windows, wf))
        begin = end
    return torch.cat(outs).to(x.dtype)


def torch_grad(torch, dy, x, w, ends, l, d):
    dyf, xf, wf = dy.float(), x.float(), w.float()
    starts = torch.cat([torch.arange(b, e - l + 1, d) for b, e in zip([0] + ends[:-1], ends)])
    dx = torch.zeros_like(xf)
    for j in range(l):
        dx.index_add_(0, starts + j, dyf * wf[j][None, :, None])
    dw = torch.stack([torch.einsum("knd,knd->n", dyf, xf[starts + j]) for j in range(l)])
    return dx.to(x.dtype), dw.to(w.dtype)


def measure(case, dtype, repeat, torch):
    T, N, D, l, d, seq = case
    rng = np.random.default_rng(0)
    numpy_dtype = np.float16 if dtype == "float16" else __import__("ml_dtypes").bfloat16
    x = rng.standard_normal((T, N, D), np.float32).astype(numpy_dtype)
    w = rng.standard_normal((l, N), np.float32).astype(numpy_dtype)
    ends = list(range(seq, T + 1, seq))
    K = nsa_compress.output_shape(x.shape, w.shape, "TND", ends, 0, l, d)[0]
    dy = rng.standard_normal((K, N, D), np.float32).astype(numpy_dtype)
    forward_bytes = x.nbytes + w.nbytes + K * N * D * 2
    grad_bytes = dy.nbytes + x.nbytes + w.nbytes + x.nbytes + w.nbytes
    row = {"case": f"T={T} N={N} D={D} l={l} d={d} seqs={len(ends)}", "dtype": dtype, "input MiB": x.nbytes / MIB,
           "forward s": best_time(lambda: nsa_compress.compress(x, w, l, d, ends, backend="cpu"), repeat),
           "grad s": best_time(lambda: nsa_compress.compress_grad(dy, x, w, l, d, ends, backend="cpu"), repeat)}
    row["forward GB/s"] = forward_bytes / row["forward s"] / 1e9
    row["grad GB/s"] = grad_bytes / row["grad s"] / 1e9
    if torch is not None:
        tx, tw, tdy = (torch.from_numpy(a.view(np.int16)).view(getattr(torch, dtype)) for a in (x, w, dy))
        row["torch forward s"] = best_time(lambda: torch_forward(torch, tx, tw, ends, l, d), repeat)
        row["torch grad s"] = best_time(lambda: torch_grad(torch, tdy, tx, tw, ends, l, d), repeat)
    return row


def table(rows, copy_one, copy_many, threads):
    copy = max(copy_one, copy_many)
    lines = [f"Measured on this machine: copy {copy_one:.1f} GB/s (numpy, 1 thread), {copy_many:.1f} GB/s "
             f"({threads} threads); ratios against {copy:.1f} GB/s. CPU implementation threads: {threads}.", "",
             "| case | dtype | input MiB | forward s | forward GB/s | fwd / copy | fwd vs torch | "
             "grad s | grad GB/s | grad / copy | grad vs torch |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        vs = {k: (f"{r[f'torch {k} s'] / r[f'{k} s']:.1f}x faster" if f"torch {k} s" in r else "n/a")
              for k in ("forward", "grad")}
        lines.append(f"| {r['case']} | {r['dtype']} | {r['input MiB']:.0f} | {r['forward s']:.4f} | "
                     f"{r['forward GB/s']:.1f} | {r['forward GB/s'] / copy:.2f} | {vs['forward']} | {r['grad s']:.4f} | "
                     f"{r['grad GB/s']:.1f} | {r['grad GB/s'] / copy:.2f} | {vs['grad']} |")
    torch_rows = [r for r in rows if "torch forward s" in r]
    if torch_rows:
        lines += ["", "| case | dtype | torch forward s | torch grad s |", "|---|---|---|---|"]
        lines += [f"| {r['case']} | {r['dtype']} | {r['torch forward s']:.4f} | {r['torch grad s']:.4f} |"
                  for r in torch_rows]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dtypes", nargs="+", default=["bfloat16", "float16"], choices=["bfloat16", "float16"])
    parser.add_argument("--no-torch", action="store_true", help="skip the naive torch reference")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    torch = None
    if not args.no_torch:
        try:
            import torch
        except ImportError:
            print("torch is not importable: no torch columns", file=sys.stderr)
    threads = _cpu.library().nsa_cpu_default_threads()
    copy_one, copy_many = copy_bandwidth(threads, args.repeat)
    rows = [measure(case, dtype, args.repeat, torch) for case in CASES for dtype in args.dtypes]
    report = table(rows, copy_one, copy_many, threads)
    print(report)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "cpu_bandwidth.md").write_text(report + "\n")


if __name__ == "__main__":
    main()
