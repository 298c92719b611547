"""The decode benchmark's arithmetic, free of I/O so that tests/bench can check it by hand.

One decode step of aclnnNsaCompressWithCache over B batches (per-batch lengths L_b, l = block
size, d = stride, N heads, D columns, pages of P tokens, e = 2 bytes for fp16 and bf16). Batch b
is due when L_b >= l and (L_b - l) % d == 0; its window is tokens [L_b - l, L_b), which lie on
the pages (L_b - l) // P to (L_b - 1) // P of its block-table row.

Minimum traffic of the step, what any kernel keeping the contract must move:
  reads  = due * l * N * D * e          the due windows
         + l * N * e                    the weights, once (none when nothing is due)
         + B * 8                        every length (int64), to find the due batches
         + due * 4                      the due batches' slots (int32)
         + 4 * (pages the due windows lie on)   their block-table entries (int32)
  writes = due * N * D * e              one cache row per due batch
Minimum vector work: the forward's (nsa_roofline.py) for due windows of l tokens each, none
shared: widen every window element once, one Mul and one Add per (row element, j), narrow
each row element once.
Roofline = max(memory time at the cost model's HBM bandwidth, vector time).
"""
import nsa_roofline as rl

ELEMENT_BYTES = 2
LENGTH_BYTES = 8
INDEX_BYTES = 4


def due_batches(lengths, l, d):
    return [b for b, length in enumerate(lengths) if length >= l and (length - l) % d == 0]


def window_pages(length, l, page_size):
    """Pages the window ending at `length` lies on."""
    return (length - 1) // page_size - (length - l) // page_size + 1


def minimum_traffic(lengths, l, d, n, dim, page_size):
    """Bytes the step must read and write, by the terms above."""
    due = due_batches(lengths, l, d)
    window_bytes = len(due) * l * n * dim * ELEMENT_BYTES
    weight_bytes = l * n * ELEMENT_BYTES if due else 0
    index_bytes = (len(lengths) * LENGTH_BYTES + len(due) * INDEX_BYTES +
                   sum(window_pages(lengths[b], l, page_size) for b in due) * INDEX_BYTES)
    return {"due": len(due), "window_bytes": window_bytes, "weight_bytes": weight_bytes,
            "index_bytes": index_bytes, "reads": window_bytes + weight_bytes + index_bytes,
            "writes": len(due) * n * dim * ELEMENT_BYTES}


def roofline(lengths, l, d, n, dim, page_size, model):
    """The step's minimum traffic, its memory and vector lower bounds in seconds, and which one
    the roofline is."""
    traffic = minimum_traffic(lengths, l, d, n, dim, page_size)
    memory = (traffic["reads"] + traffic["writes"]) / model["hbm_bytes_per_second"]
    due = traffic["due"]
    vector = rl.roofline(due * l, due, n, dim, l, model)["vector_seconds"]
    return {**traffic, "memory_seconds": memory, "vector_seconds": vector,
            "roofline_seconds": max(memory, vector), "bound": "memory" if memory >= vector else "vector"}
