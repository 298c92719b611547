"""ctypes call of aclnnNsaCompressWithCache (the decode op) through the session of _binding.

The op updates outputCache in place, so unlike the other ops' outputs the cache is uploaded as the
caller holds it (a view in place, or a staging copy: _host_view) and passed as the op's
outputCache; after the launch its storage comes back and the caller's view is rebuilt over it.
"""
import ctypes

import numpy as np

from . import _binding, _host_view

OP = "NsaCompressWithCache"


def read_storage(session, view, device_pointer):
    """The cache's device storage after the launch, as the view the op saw: unsigned integers of
    the element size, in the view's shape and strides over a host copy of the storage."""
    item = _host_view.ITEM_SIZES[view.dtype]
    storage = np.empty(max(view.storage_elements, 1), dtype=np.dtype(f"u{item}"))
    nbytes = view.storage_elements * item
    if nbytes:
        session.check(session.fn["aclrtMemcpy"](storage.ctypes.data, nbytes, device_pointer, nbytes,
                                                _binding.ACL_MEMCPY_DEVICE_TO_HOST),
                      "aclrtMemcpy of the outputCache to the host")
    strides = [stride * item for stride in view.strides]
    return np.lib.stride_tricks.as_strided(storage[view.offset:], shape=view.shape, strides=strides, writeable=False)


def require(session, op):
    """A library built before `op` has no entry for it: say which library and what to do."""
    if f"aclnn{op}GetWorkspaceSize" not in session.fn:
        raise RuntimeError(f"{session.loaded.opapi_path} exports no aclnn{op}GetWorkspaceSize: it was built without "
                           "the decode op; install a package built from this version (bash build.sh --pkg)")


def nsa_compress_with_cache(session, x, w, slots, table, cache, act_seq_len, layout, block, stride, seq_type,
                            page_size):
    """Runs aclnnNsaCompressWithCache on HostViews (`table` may be None: no block table) and returns
    the cache's elements after the call in its shape (see read_storage); the caller writes them back
    into its own array. act_seq_len None reaches the op as a null list, which it refuses."""
    session.check_process()
    require(session, OP)
    named = [("input", x), ("weight", w), ("slotMapping", slots)]
    named += [] if table is None else [("blockTableOptional", table)]
    named.append(("outputCache", cache))
    with session.lock, session.device_buffers() as buffers:
        session.take_message()  # a stale message must not be read as this call's
        devices = [buffers.upload(view, name) for name, view in named]
        with _binding._Handles(session) as handles:
            tensors = [handles.tensor(view.geometry, device) for (_, view), device in zip(named, devices)]
            table_handle = None if table is None else tensors[3]
            layout_bytes = None if layout is None else layout.encode()
            arguments = (tensors[0], tensors[1], tensors[2], handles.int_array(act_seq_len), table_handle,
                         ctypes.c_char_p(layout_bytes), int(block), int(stride), int(seq_type), int(page_size),
                         tensors[-1])
            _binding._launch(session, buffers, OP, arguments)
        return read_storage(session, cache, devices[-1])
