"""The NumPy API of the decode op's second entry point, aclnnNsaCompressWithCacheV2:
compress_with_cache_v2 writes every window that ends in (prev_seq_len[b], act_seq_len[b]] of each
batch, the k-th into cache[slot_mapping[b, k]] (and, with a V pool, into value_cache's same row),
in place."""
import numpy as np

from . import _arguments, _backend, _binding, _cpu, _host_view, _numpy_api, _with_cache_v2_binding
from ._with_cache_api import index_dtype_name, writable_cache


def run(operands, caches, block, stride, page_size, backend, library=None):
    """The op on checked arguments. operands: the eight inputs in the API's order, each an
    (array, op dtype name) pair of raw elements, the V pair None when there is no V pool; caches:
    (K cache pair, V cache pair or None), written in place. backend: "cpu" or "simulator"."""
    if backend == _backend.CPU:
        _cpu.nsa_compress_with_cache_v2(operands, caches, block, stride, page_size)
        return
    views = [None if pair is None else _host_view.HostView(*pair) for pair in operands]
    cache_views = [None if pair is None else _host_view.HostView(*pair) for pair in caches]
    after = _with_cache_v2_binding.nsa_compress_with_cache_v2(_binding.session(library), views, cache_views, block,
                                                              stride, page_size)
    # Every element goes back (the unwritten ones with the bits they were uploaded with).
    for pair, elements in zip(caches, after):
        if pair is not None:
            np.copyto(pair[0].view(elements.dtype), elements)


def _value_pool(value, value_weight, value_cache):
    """The V pool, its weight and its cache come together, or not at all."""
    given = [name for name, item in (("value", value), ("value_weight", value_weight), ("value_cache", value_cache))
             if item is not None]
    if given and len(given) != 3:
        raise TypeError(f"compress_with_cache_v2: {', '.join(given)} given without the rest of value, value_weight "
                        "and value_cache; the V pool, its weight and its cache come together")
    return bool(given)


def compress_with_cache_v2(x, w, slot_mapping, prev_seq_len, act_seq_len, block_table, block, stride,
                           page_block_size, *, cache, value=None, value_weight=None, value_cache=None, dtype=None,
                           library=None, backend=None):
    """aclnnNsaCompressWithCacheV2 on host arrays; returns `cache`, or (cache, value_cache) with a
    V pool.

    x (and value): paged pools [blocks, page_block_size, N, D]; w (and value_weight): [block, N];
    slot_mapping: [>= B, S] int32, the row of each batch's k-th new window; prev_seq_len and
    act_seq_len: [B] int64, each batch's length before and after the step; block_table: [>= B, W]
    int32, shared by both pools; cache (and value_cache): [R, N, D], writable, updated through
    their strides. Window i of a batch covers its tokens [i*stride, i*stride + block); a negative
    slot, k >= S, a slot >= R, a page id outside the pool or prev > act skips what it names; of
    windows naming one row, the last in (batch, k) order writes it. dtype, library and backend as
    for compress; raises NsaCompressError with the op's message when it refuses the arguments.
    """
    block = _arguments.integer("block", block)
    stride = _arguments.integer("stride", stride)
    page_block_size = _arguments.integer("page_block_size", page_block_size)
    with_value = _value_pool(value, value_weight, value_cache)
    pools = [(np.asarray(x), _numpy_api.dtype_name(np.asarray(x), dtype)),
             (np.asarray(w), _numpy_api.operand_dtype_name(np.asarray(w), dtype))]
    pools += [(np.asarray(value), _numpy_api.operand_dtype_name(np.asarray(value), dtype)),
              (np.asarray(value_weight), _numpy_api.operand_dtype_name(np.asarray(value_weight), dtype))] \
        if with_value else [None, None]
    indices = [(np.asarray(array), index_dtype_name(name, array, want)) for name, array, want in
               (("slot_mapping", slot_mapping, "int32"), ("prev_seq_len", prev_seq_len, "int64"),
                ("act_seq_len", act_seq_len, "int64"), ("block_table", block_table, "int32"))]
    caches = [(writable_cache(cache), _numpy_api.operand_dtype_name(cache, dtype))]
    caches.append((writable_cache(value_cache), _numpy_api.operand_dtype_name(value_cache, dtype))
                  if with_value else None)
    run(pools + indices, caches, block, stride, page_block_size, _numpy_api.backend_of(backend, library), library)
    return (cache, value_cache) if with_value else cache
