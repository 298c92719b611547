"""The grad benchmark's arithmetic, free of I/O so that tests/bench can check it by hand.

With T slots, `covered` tokens that a window covers, K windows, N heads, D columns, l = block
size, d = stride and e = 2 bytes (fp16, bf16):

Minimum traffic of aclnnNsaCompressGrad: read the covered tokens X and the output gradient dY
once, write inputGrad for every slot once (uncovered slots get zeros):
  reads  = covered * N * D * e + K * N * D * e + l * N * e (weights)
  writes = T * N * D * e + l * N * e (weightGrad)
The fp32 partials of weightGrad (groups * l * N * 4 bytes each way) are reported apart: they
are the price of the deterministic order, and small (one value per 16 windows per (j, n)).

Minimum vector work, in fp32 element operations: widen X and dY once, one Mul and one Add per
(window, j, n, column) for inputGrad and again for weightGrad, narrow each covered element once:
  covered * N * D + K * N * D + 4 * K * l * N * D + covered * N * D

The vendor's design (hicann/ops-transformer, attention/nsa_compress_grad/op_kernel/
nsa_compress_grad.h, read for its data movement): for every window and head chunk it copies the
window's l token rows and its dY row in, and, when windows overlap (l > d), adds l fp32 rows
atomically into a T * N * D fp32 workspace that it zero-filled first; after SyncAll it reads the
workspace back and writes inputGrad. Without overlap it writes each window's rows of inputGrad
directly, after zero-filling inputGrad. Its weightGrad partials (l * N fp32 per window, atomic)
are counted too.
"""

ELEMENT_BYTES = 2
FP32_BYTES = 4


def minimum_traffic(slots, covered, k, n, dim, l):
    """(reads, writes) in bytes of the least data movement the contract allows."""
    weights = l * n * ELEMENT_BYTES if k else 0
    reads = covered * n * dim * ELEMENT_BYTES + k * n * dim * ELEMENT_BYTES + weights
    writes = slots * n * dim * ELEMENT_BYTES + l * n * ELEMENT_BYTES
    return reads, writes


def vendor_traffic(slots, k, n, dim, l, d):
    """(reads, writes) in bytes of the vendor's design for the same call."""
    window_rows = k * l * n * dim
    reads = window_rows * ELEMENT_BYTES + k * n * dim * ELEMENT_BYTES + k * l * n * ELEMENT_BYTES
    writes = k * l * n * FP32_BYTES  # weightGrad partials, atomically
    if l > d:
        workspace = slots * n * dim * FP32_BYTES
        reads += workspace                                 # read back for the cast
        writes += workspace + window_rows * FP32_BYTES     # zero fill, atomic adds
        writes += slots * n * dim * ELEMENT_BYTES          # inputGrad
    else:
        writes += slots * n * dim * ELEMENT_BYTES + window_rows * ELEMENT_BYTES  # zero fill, rows
    return reads, writes


def vector_operations(covered, k, n, dim, l):
    """fp32 element operations of the least vector work."""
    return 2 * covered * n * dim + k * n * dim + 4 * k * l * n * dim


def roofline(slots, covered, k, n, dim, l, model):
    """Memory and vector lower bounds in seconds, and which one the roofline is."""
    reads, writes = minimum_traffic(slots, covered, k, n, dim, l)
    memory = (reads + writes) / model["hbm_bytes_per_second"]
    vector_bytes_per_second = model["vector_bytes_per_cycle"] * model["clock_hz"] * model["vector_core_num"]
    vector = vector_operations(covered, k, n, dim, l) * FP32_BYTES / vector_bytes_per_second
    return {"min_reads": reads, "min_writes": writes, "memory_seconds": memory, "vector_seconds": vector,
            "roofline_seconds": max(memory, vector), "bound": "memory" if memory >= vector else "vector"}
