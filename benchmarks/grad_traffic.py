"""The grad benchmark's traffic arithmetic, kept free of I/O so that tests/bench can check it by
hand. All counts in bytes; e = 2 (fp16 and bf16); TND input [T, N, D], K windows.

Minimum (what any kernel keeping the contract must move):
  reads  = covered * N * D * e   X: only tokens some window covers feed weightGrad
         + K * N * D * e         dY once
         + l * N * e             W (when K > 0)
  writes = T * N * D * e         dX once, every token (an uncovered one gets +0)
         + l * N * e             dW
Vendor design (the vendor's kernel, design.md): the minimum plus an fp32 inputGrad workspace
[T, N, D] that it
  zero-fills                     T * N * D * 4 written
  accumulates by atomic adds     K * l * N * D * 4 written (every window adds its l rows; the
                                 read-modify-write happens at the memory, counted once)
  re-reads before the cast       T * N * D * 4 read
This design's own extra: the fp32 weightGrad partials [ceil(K / G), l, N], written once and read
once by the combining pass.
"""
import nsa_roofline as rl

ELEMENT_BYTES = 2
FP32_BYTES = 4
GROUP_WINDOWS = 16          # G of design.md's weightGrad contract


def minimum_bytes(ends, n, dim, l, d):
    """{"reads", "writes"} of the minimum for cumulative `ends` (T = ends[-1])."""
    tokens = ends[-1] if ends else 0
    k = rl.output_rows(ends, l, d)
    weight = l * n * ELEMENT_BYTES if k else 0
    reads = (rl.covered_tokens(ends, l, d) + k) * n * dim * ELEMENT_BYTES + weight
    writes = tokens * n * dim * ELEMENT_BYTES + l * n * ELEMENT_BYTES
    return {"reads": reads, "writes": writes}


def vendor_workspace_bytes(ends, n, dim, l, d):
    """{"zero_fill", "atomic_adds", "re_read"}: the vendor design's fp32 inputGrad workspace traffic."""
    tokens = ends[-1] if ends else 0
    k = rl.output_rows(ends, l, d)
    return {"zero_fill": tokens * n * dim * FP32_BYTES, "atomic_adds": k * l * n * dim * FP32_BYTES,
            "re_read": tokens * n * dim * FP32_BYTES}


def partials_bytes(ends, n, l, d):
    """The fp32 weightGrad partials [ceil(K / G), l, N] this design writes once and reads once."""
    k = rl.output_rows(ends, l, d)
    return -(-k // GROUP_WINDOWS) * l * n * FP32_BYTES


def amplification(ends, n, dim, l, d, gm_to_ub, ub_to_gm):
    """Read amplification (GM->UB over the minimum reads), traffic amplification (all bytes over
    the minimum's), and the vendor design's traffic over the minimum's."""
    minimum = minimum_bytes(ends, n, dim, l, d)
    total = minimum["reads"] + minimum["writes"]
    vendor = total + sum(vendor_workspace_bytes(ends, n, dim, l, d).values())
    return {"read_amp": gm_to_ub / minimum["reads"], "traffic_amp": (gm_to_ub + ub_to_gm) / total,
            "vendor_amp": vendor / total}
