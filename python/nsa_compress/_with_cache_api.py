"""The NumPy API of the decode op aclnnNsaCompressWithCache: compress_with_cache(x, w,
slot_mapping, block, stride, page_block_size, cache=..., block_table=None, act_seq_len=None)
updates `cache` in place and returns it."""
import numpy as np

from . import _arguments, _backend, _binding, _cpu, _host_view, _numpy_api, _with_cache_binding

INDEX_DTYPES = {np.dtype(np.int32): "int32", np.dtype(np.int64): "int64"}


def index_dtype_name(name, array, want="int32"):
    """int32 or int64 for an index array (the other one reaches the op, which refuses it with its
    message); anything else is a TypeError naming the argument and the dtype the op takes."""
    kind = np.asarray(array).dtype
    if kind not in INDEX_DTYPES:
        raise TypeError(f"{name} has dtype {kind}; it must be an {want} array (the op's dtype for it)")
    return INDEX_DTYPES[kind]


def writable_cache(cache):
    """The cache is updated in place: it must be a numpy array numpy lets us write."""
    if not isinstance(cache, np.ndarray):
        raise TypeError(f"cache is a {type(cache).__name__}; it must be a numpy array, which the op updates in place")
    if not cache.flags.writeable:
        raise ValueError("cache is a read-only array; the op updates it in place, so it must be writable")
    return cache


def run(operands, act_seq_len, layout, block, stride, seq_type, page_size, backend, library=None):
    """The op on checked arguments. operands: ((x, x_dtype), (w, w_dtype), (slots, slots_dtype),
    (table, table_dtype) or None, (cache, cache_dtype)) as numpy arrays of raw elements with op dtype
    names; `cache` is written in place. backend: "cpu" or "simulator"."""
    (x, x_dtype), (w, w_dtype), (slots, slots_dtype), table, (cache, cache_dtype) = operands
    if backend == _backend.CPU:
        table_array, table_dtype = (None, None) if table is None else table
        _cpu.nsa_compress_with_cache(x, x_dtype, w, w_dtype, slots, slots_dtype, table_array, table_dtype, cache,
                                     cache_dtype, act_seq_len, layout, block, stride, seq_type, page_size)
        return
    views = [_host_view.HostView(array, dtype) for array, dtype in ((x, x_dtype), (w, w_dtype), (slots, slots_dtype))]
    table_view = None if table is None else _host_view.HostView(*table)
    after = _with_cache_binding.nsa_compress_with_cache(
        _binding.session(library), *views, table_view, _host_view.HostView(cache, cache_dtype), act_seq_len, layout,
        block, stride, seq_type, page_size)
    # Every element goes back (the unwritten ones with the bits they were uploaded with).
    np.copyto(cache.view(after.dtype), after)


def compress_with_cache(x, w, slot_mapping, block, stride, page_block_size, *, cache, block_table=None,
                        act_seq_len=None, act_seq_len_type=1, layout="TND", dtype=None, library=None, backend=None):
    """aclnnNsaCompressWithCache on host arrays: every batch whose length completes a window
    (L >= block and (L - block) % stride == 0) writes that window's compressed token to
    cache[slot_mapping[b]], in place; returns `cache`.

    x: a paged pool [blocks, page_block_size, N, D] (with block_table [B, pages per batch], int32)
    or packed tokens [T, N, D] (layout TND, no block table); w: [block, N]; slot_mapping: [>= B]
    int32; cache: [R, N, D], x's dtype, writable (views are updated through their strides);
    act_seq_len: the batches' lengths (act_seq_len_type 1, torch_npu's) or cumulative ends (0).
    A negative slot, a slot >= R or a page id outside the pool skips its batch; of due batches
    naming one slot, the highest writes it. dtype, library and backend as for compress; raises
    NsaCompressError with the op's message when it refuses the arguments.
    """
    block, stride, act_seq_len, act_seq_len_type, layout = _numpy_api.checked_arguments(
        block, stride, act_seq_len, act_seq_len_type, layout)
    page_block_size = _arguments.integer("page_block_size", page_block_size)
    x, w, slots = np.asarray(x), np.asarray(w), np.asarray(slot_mapping)
    cache = writable_cache(cache)
    table = None
    if block_table is not None:
        block_table = np.asarray(block_table)
        table = (block_table, index_dtype_name("block_table", block_table))
    operands = ((x, _numpy_api.dtype_name(x, dtype)), (w, _numpy_api.operand_dtype_name(w, dtype)),
                (slots, index_dtype_name("slot_mapping", slots)), table,
                (cache, _numpy_api.operand_dtype_name(cache, dtype)))
    run(operands, act_seq_len, layout, block, stride, act_seq_len_type, page_block_size,
        _numpy_api.backend_of(backend, library), library)
    return cache
