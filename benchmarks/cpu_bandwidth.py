#!/usr/bin/env python3
"""The CPU implementation (python/native, nsa_compress's default backend) against this machine's
memory bandwidth and against a naive torch reference, measured (wall-clock time, not the
simulator's model) on the machine it runs on.

"Memory bandwidth" here is DRAM bandwidth, measured as STREAM measures it: a copy whose arrays
are each at least four times the last-level cache, so that whatever the cache still holds from
the previous pass is a small part of each pass and the copy's speed is the memory's; a smaller
copy is partly served by the cache. On the 2-core Xeon this was written on (a 300 MiB last-level
cache, shared with other tenants), the 1.2 GiB copy measured 39-40 GB/s on two threads on a quiet
machine and 20-27 GB/s while other jobs ran; the 512 MiB copy measured 35 GB/s quiet. The
last-level cache's size comes from sysfs (the highest-level cache of cpu0), else from sysconf.

In one run it measures:
- DRAM copy: a plain copy between two buffers of at least 4x the last-level cache each, into a
  warm destination (no page faults), with numpy (np.copyto, glibc's memcpy, one thread), the same
  copy split over the CPU implementation's thread count (numpy releases the GIL) and torch's
  parallel copy_ when torch is importable; bytes read + written per second. Each copier is timed
  --repeat times at the start and at the end, and one copy runs before every timed run of an op,
  so that on a shared machine the copy meets the same moments of load as the ops; the best
  copier's best time over the whole run is the machine's memory bandwidth, which every ratio uses;
- cache-assisted copy: the same copiers on 512 MiB buffers, timed at the start and at the end. It
  is printed as context only (what a copy reaches when the cache helps it), never a ratio's base;
- forward / grad: nsa_compress.compress / compress_grad on the CPU backend, as a user calls them
  (output allocation included; as in any loop of calls, a 32 MiB+ output reuses the buffer of the
  previous call's result once it is dropped, nsa_compress/_output_buffers.py, and
  NSA_COMPRESS_REUSE_OUTPUTS=0 measures fresh memory instead), effective bandwidth = the bytes any
  implementation must move
  (forward: read the input and weight, write the output; grad: read outputGrad, input and weight,
  write inputGrad and weightGrad) / time;
- torch: the naive reference in torch, fp32 (forward: unfold + einsum per sequence; grad: einsum
  for weightGrad and index_add over the window positions for inputGrad), on torch's own threads.

Each time is the best of --repeat runs after one warm-up (the torch reference's: of
--torch-repeat runs). Inputs are 64 MiB and more: 64 MiB and 128 MiB (T=16384, D=128, N=16 and
32), which a large last-level cache partly holds between calls, and 1 GiB in bf16 and fp16
(T=131072, N=32, D=128), at least 4x the cache here, for which the ops are DRAM-bound as the copy
is. With the torch reference, a 1 GiB case peaked at 11.5 GB of resident memory (the copies'
buffers, the grad's outputs, the reference's fp32 copies), and the reference's grad took about
two minutes per call there (--no-torch skips it, --torch-cases limits it to some cases). Prints a
markdown table; --out DIR also writes cpu_bandwidth.md there.

    .venv/bin/python benchmarks/cpu_bandwidth.py [--repeat 5] [--torch-repeat N] [--dtypes bfloat16 float16]
                                                 [--no-torch] [--cases I ...] [--torch-cases I ...]
                                                 [--out DIR]

Needs libnsa_compress_cpu.so (cmake -S python/native -B build_out/native && cmake --build
build_out/native) and, for the torch columns, torch. Not named bench_*.py: build.sh --bench runs
those on the simulator's model, and does not build the native library yet.
"""
import argparse
import os
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
# (T, N, D, l, d, sequence length): inputs of 64 MiB, 128 MiB and 1 GiB.
CASES = [(16384, 16, 128, 32, 16, 4096), (16384, 32, 128, 32, 16, 4096), (16384, 32, 128, 64, 16, 16384),
         (131072, 32, 128, 32, 16, 16384), (131072, 32, 128, 64, 16, 16384)]
# The cache-assisted copy's buffers (context only).
CACHE_ASSISTED_COPY = 512 * MIB


def last_level_cache_bytes():
    """The size of cpu0's highest-level cache (sysfs), else sysconf's level-3 size; None when
    neither tells."""
    caches = []
    for index in Path("/sys/devices/system/cpu/cpu0/cache").glob("index*"):
        try:
            level = int((index / "level").read_text())
            size = (index / "size").read_text().strip()
        except (OSError, ValueError):
            continue
        units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
        caches.append((level, int(size[:-1]) * units[size[-1]] if size[-1] in units else int(size)))
    if caches:
        return max(caches)[1]
    if "SC_LEVEL3_CACHE_SIZE" in os.sysconf_names and os.sysconf("SC_LEVEL3_CACHE_SIZE") > 0:
        return os.sysconf("SC_LEVEL3_CACHE_SIZE")
    return None


def dram_copy_bytes():
    """Each buffer of the DRAM copy: at least 4x the last-level cache (STREAM's rule), whole MiB;
    1 GiB when the cache's size is unknown."""
    cache = last_level_cache_bytes()
    return max(-(-4 * cache // MIB) * MIB, CACHE_ASSISTED_COPY) if cache else 1 << 30


def best_time(function, repeat, between=None):
    """The best of `repeat` timed runs after one warm-up; `between` (a copy) runs before each."""
    function()  # warm-up: library loading, first-touch of buffers numpy reuses
    times = []
    for _ in range(repeat):
        if between is not None:
            between()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


class Copies:
    """Plain copies of a `size`-byte buffer into a warm one (no page faults), bytes read + written per
    second: numpy's memcpy on one thread and on `threads` threads (numpy releases the GIL), and
    torch's own parallel copy_ when torch is importable. Each is timed on its own and again before
    every timed run of an op (`between`), so that the copy samples the same moments of a shared
    machine's load as the ops do; the best time of each copier over the whole run counts."""

    def __init__(self, threads, torch, size):
        self.size = size
        src = np.ones(size, np.uint8)
        dst = np.empty_like(src)
        bounds = [(size * i // threads, size * (i + 1) // threads) for i in range(threads)]

        def parallel():
            with ThreadPoolExecutor(threads) as pool:
                list(pool.map(lambda b: np.copyto(dst[b[0]:b[1]], src[b[0]:b[1]]), bounds))
        self.copiers = {"numpy, 1 thread": lambda: np.copyto(dst, src), f"numpy, {threads} threads": parallel}
        if torch is not None:
            src_t, dst_t = torch.from_numpy(src), torch.from_numpy(dst)
            self.copiers[f"torch copy_, {torch.get_num_threads()} threads"] = lambda: dst_t.copy_(src_t)
        self.best = {name: float("inf") for name in self.copiers}
        self.turn = 0

    def time_each(self, repeat):
        for name, copy in self.copiers.items():
            self.best[name] = min(self.best[name], best_time(copy, repeat))

    def between(self):
        """One timed copy, each copier in turn."""
        name = list(self.copiers)[self.turn % len(self.copiers)]
        self.turn += 1
        start = time.perf_counter()
        self.copiers[name]()
        self.best[name] = min(self.best[name], time.perf_counter() - start)

    def bandwidths(self):
        """{copier: GB/s}"""
        return {name: 2 * self.size / seconds / 1e9 for name, seconds in self.best.items()}


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


def measure(case, dtype, repeat, torch, copies, torch_repeat):
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
           "forward s": best_time(lambda: nsa_compress.compress(x, w, l, d, ends, backend="cpu"), repeat,
                                  copies.between),
           "grad s": best_time(lambda: nsa_compress.compress_grad(dy, x, w, l, d, ends, backend="cpu"), repeat,
                               copies.between)}
    row["forward GB/s"] = forward_bytes / row["forward s"] / 1e9
    row["grad GB/s"] = grad_bytes / row["grad s"] / 1e9
    if torch is not None:
        tx, tw, tdy = (torch.from_numpy(a.view(np.int16)).view(getattr(torch, dtype)) for a in (x, w, dy))
        row["torch forward s"] = best_time(lambda: torch_forward(torch, tx, tw, ends, l, d), torch_repeat)
        row["torch grad s"] = best_time(lambda: torch_grad(torch, tdy, tx, tw, ends, l, d), torch_repeat)
    return row


def copy_line(label, size, bandwidths):
    measured = ", ".join(f"{gbs:.1f} GB/s ({name})" for name, gbs in bandwidths.items())
    return f"{label} ({size / MIB:.0f} MiB buffers): {measured}."


def table(rows, dram, cache_assisted, cache, threads, isa):
    copy = max(dram.bandwidths().values())
    cache_text = f"{cache / MIB:.0f} MiB" if cache else "unknown"
    lines = [copy_line("DRAM copy", dram.size, dram.bandwidths()),
             copy_line("Cache-assisted copy, context only", cache_assisted.size, cache_assisted.bandwidths()),
             f"Last-level cache: {cache_text}. Every ratio is against the best DRAM copy, {copy:.1f} GB/s. "
             f"CPU implementation: {threads} threads, {isa} loops.", "",
             "| case | dtype | input MiB | forward s | forward GB/s | fwd / DRAM copy | fwd vs torch | "
             "grad s | grad GB/s | grad / DRAM copy | grad vs torch |",
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
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--torch-repeat", type=int, help="timed runs of the torch reference (default: --repeat)")
    parser.add_argument("--dtypes", nargs="+", default=["bfloat16", "float16"], choices=["bfloat16", "float16"])
    parser.add_argument("--no-torch", action="store_true", help="skip the naive torch reference")
    parser.add_argument("--cases", type=int, nargs="+", choices=range(len(CASES)), help="indices into CASES (default: all)")
    parser.add_argument("--torch-cases", type=int, nargs="+", choices=range(len(CASES)),
                        help="the cases the torch reference runs on (default: every case measured)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    torch = None
    if not args.no_torch:
        try:
            import torch
        except ImportError:
            print("torch is not importable: no torch columns", file=sys.stderr)
    threads = _cpu.library().nsa_cpu_default_threads()
    cache = last_level_cache_bytes()
    dram = Copies(threads, torch, dram_copy_bytes())
    cache_assisted = Copies(threads, torch, CACHE_ASSISTED_COPY)
    for copies in (dram, cache_assisted):
        copies.time_each(args.repeat)
    torch_repeat = args.torch_repeat or args.repeat
    indices = args.cases or range(len(CASES))
    with_torch = set(indices if args.torch_cases is None else args.torch_cases)
    rows = [measure(CASES[i], dtype, args.repeat, torch if i in with_torch else None, dram, torch_repeat)
            for i in indices for dtype in args.dtypes]
    for copies in (dram, cache_assisted):
        copies.time_each(args.repeat)
    report = table(rows, dram, cache_assisted, cache, threads, _cpu.instruction_set())
    print(report)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "cpu_bandwidth.md").write_text(report + "\n")


if __name__ == "__main__":
    main()
