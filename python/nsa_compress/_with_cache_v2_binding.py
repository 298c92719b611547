"""ctypes call of aclnnNsaCompressWithCacheV2 (the decode op's second entry point) through the
session of _binding: the caches are uploaded as the caller holds them and passed as the op's
in-place outputs, as for the first entry point (_with_cache_binding), and come back the same way;
the lengths are uploaded as INT64 device tensors, which the host never reads."""
import ctypes

from . import _binding
from ._with_cache_binding import read_storage, require

OP = "NsaCompressWithCacheV2"
NAMES = ("input", "weight", "valueInputOptional", "valueWeightOptional", "slotMapping", "prevSeqLen", "actSeqLen",
         "blockTable")
CACHE_NAMES = ("outputCache", "valueCacheOptional")


def nsa_compress_with_cache_v2(session, views, caches, block, stride, page_size):
    """Runs aclnnNsaCompressWithCacheV2 on HostViews in the API's order (`views`: the eight inputs,
    the V pair None when there is no V pool; `caches`: the K cache and the V cache or None) and
    returns each given cache's elements after the call in its shape (read_storage), None for
    the others."""
    session.check_process()
    require(session, OP)
    named = [(name, view) for name, view in zip(NAMES + CACHE_NAMES, (*views, *caches)) if view is not None]
    with session.lock, session.device_buffers() as buffers:
        session.take_message()  # a stale message must not be read as this call's
        devices = {name: buffers.upload(view, name) for name, view in named}
        with _binding._Handles(session) as handles:
            tensor = {name: handles.tensor(view.geometry, devices[name]) for name, view in named}
            arguments = [tensor.get(name) for name in NAMES]
            arguments += [int(block), int(stride), int(page_size)] + [tensor.get(name) for name in CACHE_NAMES]
            _binding._launch(session, buffers, OP, arguments)
        return [None if view is None else read_storage(session, view, devices[name])
                for name, view in zip(CACHE_NAMES, caches)]
