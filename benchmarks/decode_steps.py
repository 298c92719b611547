"""Decode steps of aclnnNsaCompressWithCache, shared by the decode benchmark and the vendor
decode check (scripts/vendor_decode_check.py): drawing one step, writing its files, and the
example's command line for it.

A step: B batches of a paged pool [POOL_PAGES, P, N, D] with block table [B, W] (random pages:
many batches may share one, as they do after a shared prefix), lengths up to MAX_LENGTH tokens
of which about 1/d are due (at least one), unique random slots in a cache of CACHE_ROWS_PER_BATCH
rows per batch, values uniform in [-1, 1).
"""
import zlib
from pathlib import Path

import numpy as np

from tests.st.nsa_compress import golden as forward_golden

MAX_LENGTH = 4096
POOL_PAGES = 64
CACHE_ROWS_PER_BATCH = 4


def draw_lengths(batches, l, d, rng):
    """Lengths in [l, MAX_LENGTH] of which max(1, round(batches / d)) are due: a due one is
    l + k * d, another l + k * d + r with r in [1, d)."""
    due = rng.choice(batches, size=max(1, round(batches / d)), replace=False)
    steps = rng.integers(0, (MAX_LENGTH - l) // d, size=batches)
    offsets = rng.integers(1, d, size=batches)
    offsets[due] = 0
    return (l + steps * d + offsets).astype(np.int64)


def draw_step(batches, n, dim, l, d, page_size, dtype):
    """One step, from a seed fixed by its arguments but the dtype's (both dtypes see the same
    lengths, pages and slots)."""
    rng = np.random.default_rng(zlib.crc32(repr((batches, n, dim, l, d, page_size)).encode()))
    lengths = draw_lengths(batches, l, d, rng)
    pages_per_batch = -(-MAX_LENGTH // page_size)
    rows = CACHE_ROWS_PER_BATCH * batches
    uniform = lambda shape: forward_golden.to_bits(rng.random(size=shape, dtype=np.float32) * 2 - 1, dtype)
    return {
        "batches": batches, "N": n, "D": dim, "l": l, "d": d, "P": page_size, "dtype": dtype,
        "lengths": lengths,
        "table": rng.integers(0, POOL_PAGES, size=(batches, pages_per_batch), dtype=np.int32),
        "slots": rng.choice(rows, size=batches, replace=False).astype(np.int32),
        "pool": uniform((POOL_PAGES, page_size, n, dim)),
        "weight": uniform((l, n)),
        "cache": uniform((rows, n, dim)),
    }


def write_step(step, folder):
    """The step's files in `folder`: the tensors' raw bytes, and problem.txt for the vendor driver
    ("P N D l d R W dtype")."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("pool", "weight", "cache", "slots", "table", "lengths"):
        step[name].tofile(folder / f"{name}.bin")
    rows, pages_per_batch = step["cache"].shape[0], step["table"].shape[1]
    (folder / "problem.txt").write_text(
        f"{step['P']} {step['N']} {step['D']} {step['l']} {step['d']} {rows} {pages_per_batch} {step['dtype']}\n")


def example_command(binary, step, folder, repeat=1):
    """The decode example's command line for the step written to `folder`; the cache after the
    call goes to folder/ours.bin."""
    folder = Path(folder)
    pool, cache, table = step["pool"].shape, step["cache"].shape, step["table"].shape
    return [str(binary), "--dtype", step["dtype"], "--shape", ",".join(map(str, pool)),
            "--input", str(folder / "pool.bin"), "--weight", str(folder / "weight.bin"),
            "--cache-shape", ",".join(map(str, cache)), "--cache", str(folder / "cache.bin"),
            "--output", str(folder / "ours.bin"), "--slot-mapping", str(folder / "slots.bin"),
            "--block-table", str(folder / "table.bin"), "--block-table-shape", ",".join(map(str, table)),
            "--act-seq-len", ",".join(map(str, step["lengths"])), "--block", str(step["l"]),
            "--stride", str(step["d"]), "--repeat", str(repeat)]
