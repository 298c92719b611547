"""aclnnNsaCompress, its backward aclnnNsaCompressGrad and the decode op aclnnNsaCompressWithCache
from Python: a ctypes binding of the installed aclnn library, the CPU implementation, a NumPy API and (with torch installed) torch custom ops with fake
kernels and autograd.

    import nsa_compress
    out = nsa_compress.compress(x, w, 32, 16, [40, 100])          # NumPy, TND, cumulative ends
    dx, dw = nsa_compress.compress_grad(dy, x, w, 32, 16, [40, 100])
    nsa_compress.compress_with_cache(pool, w, slots, 32, 16, 64, cache=cache, block_table=table, act_seq_len=lens)
    out = nsa_compress.npu_nsa_compress(x_t, w_t, 32, 16, actual_seq_len=[40, 100])   # torch
    dx_t, dw_t = nsa_compress.npu_nsa_compress_grad(dy_t, x_t, w_t, 32, 16, actual_seq_len=[40, 100])
    nsa_compress.npu_nsa_compress_infer(pool_t, w_t, slots_t, 32, 16, 64, block_table=table_t,
                                        actual_seq_len=lens, cache=cache_t)   # updates cache_t, returns it
    nsa_compress.compress_with_cache_v2(pool, w, slots_2d, prev, lens, table, 32, 16, 64, cache=cache)

With torch importable, `import nsa_compress` imports it and registers torch.ops.nsa_compress.*.
See nsa_compress._library for how libcust_opapi.so is found.
"""
from ._binding import NsaCompressError, session
from ._library import LibraryInvalid, LibraryNotFound, find_opapi
from ._numpy_api import compress, compress_grad, output_shape
from ._with_cache_api import compress_with_cache
from ._with_cache_v2_api import compress_with_cache_v2

__all__ = ["compress", "compress_grad", "compress_with_cache", "compress_with_cache_v2", "output_shape", "NsaCompressError", "LibraryNotFound", "LibraryInvalid",
           "find_opapi", "session"]

# With torch importable the torch layer is imported here, so that torch.ops.nsa_compress.* exist
# after `import nsa_compress` alone (torch.compile and opcheck name them there); without it the
# NumPy API works and the torch functions say why they are missing.
try:
    import torch  # noqa: F401
except ImportError as error:
    _TORCH_MISSING = str(error)
else:
    from .torch_ops import npu_nsa_compress, npu_nsa_compress_grad
    from .torch_ops_infer import npu_nsa_compress_infer
    from . import torch_ops_infer_v2  # noqa: F401  (registers torch.ops.nsa_compress.compress_with_cache_v2)
    __all__ += ["npu_nsa_compress", "npu_nsa_compress_grad", "npu_nsa_compress_infer"]


def __getattr__(name):
    if name in ("npu_nsa_compress", "npu_nsa_compress_grad", "npu_nsa_compress_infer"):
        raise AttributeError(f"module 'nsa_compress' has no attribute {name!r}: it needs torch, which is not "
                             f"importable ({_TORCH_MISSING})")
    raise AttributeError(f"module 'nsa_compress' has no attribute {name!r}")
