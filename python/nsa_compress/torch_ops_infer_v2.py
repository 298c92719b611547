"""torch.ops.nsa_compress.compress_with_cache_v2: the decode op's second entry point
(aclnnNsaCompressWithCacheV2) as a torch op mutating `cache` (and `value_cache`) in place, with
a fake kernel. The lengths are tensors, so a compiled serving step (decode, several tokens,
chunked prefill) is one graph whatever the lengths hold.

CPU tensors run on the native CPU implementation, or on the simulator with
NSA_COMPRESS_BACKEND=simulator. torch_npu has no counterpart op; NPU tensors are refused with a
message saying so.
"""
import torch

from . import _backend, _with_cache_v2_api
from .torch_ops import NAMESPACE, _host_bits, _torch_npu

# Mutated caches and no return, as for npu_nsa_compress_infer (torch_ops_infer): functionalization
# refuses a custom op whose output aliases an input.
V2_SCHEMA = ("compress_with_cache_v2(Tensor input, Tensor weight, Tensor slot_mapping, Tensor prev_seq_len, "
             "Tensor act_seq_len, Tensor block_table, int compress_block_size, int compress_stride, "
             "int page_block_size, Tensor(a!) cache, Tensor? value_input=None, Tensor? value_weight=None, "
             "Tensor(b!)? value_cache=None) -> ()")
OP = "compress_with_cache_v2"
_INDEX_DTYPES = {torch.int32: "int32", torch.int64: "int64"}
# The dtype each index or length argument must have; another integer dtype reaches the op, which
# refuses it by name.
_WANT = {"slot_mapping": "torch.int32", "prev_seq_len": "torch.int64", "act_seq_len": "torch.int64",
         "block_table": "torch.int32"}

_library = torch.library.Library(NAMESPACE, "FRAGMENT")
_library.define(V2_SCHEMA)


def _index_bits(name, tensor):
    if tensor.dtype not in _INDEX_DTYPES:
        raise TypeError(f"{OP}: {name} dtype is {tensor.dtype}; it must be {_WANT[name]}")
    return tensor.detach().numpy(), _INDEX_DTYPES[tensor.dtype]


def _bits_or_none(tensor):
    if tensor is None:
        return None
    dtype, bits = _host_bits(tensor)
    return bits, dtype


def _v2_cpu(input, weight, slot_mapping, prev_seq_len, act_seq_len, block_table, compress_block_size,
            compress_stride, page_block_size, cache, value_input=None, value_weight=None, value_cache=None):
    _check_value_set(value_input, value_weight, value_cache)
    # _host_bits shares the tensors' memory: the op writes into the caches' own elements.
    operands = [_bits_or_none(input), _bits_or_none(weight), _bits_or_none(value_input), _bits_or_none(value_weight)]
    operands += [_index_bits(name, tensor) for name, tensor in
                 (("slot_mapping", slot_mapping), ("prev_seq_len", prev_seq_len), ("act_seq_len", act_seq_len),
                  ("block_table", block_table))]
    caches = (_bits_or_none(cache), _bits_or_none(value_cache))
    _with_cache_v2_api.run(operands, caches, compress_block_size, compress_stride, page_block_size,
                           _backend.resolve())


_library.impl(OP, _v2_cpu, "CPU")


def _check_value_set(value_input, value_weight, value_cache):
    given = [t is not None for t in (value_input, value_weight, value_cache)]
    torch._check(all(given) or not any(given),
                 lambda: f"{OP}: value_input, value_weight and value_cache come together or not at all "
                         f"(given: {given})")


@torch.library.register_fake(f"{NAMESPACE}::{OP}", lib=_library)
def _v2_fake(input, weight, slot_mapping, prev_seq_len, act_seq_len, block_table, compress_block_size,
             compress_stride, page_block_size, cache, value_input=None, value_weight=None, value_cache=None):
    # Which rows change depends on the lengths and slots: nothing to compute here but the
    # refusals that need no data, so that a traced graph fails while it is traced.
    _check_value_set(value_input, value_weight, value_cache)
    torch._check(input.dim() == 4, lambda: f"{OP}: input must be a paged pool [blocks, P, N, D], got "
                                           f"{tuple(input.shape)}")
    for name, tensor in (("prev_seq_len", prev_seq_len), ("act_seq_len", act_seq_len)):
        torch._check(tensor.dim() == 1 and tensor.dtype == torch.int64,
                     lambda: f"{OP}: {name} must be a one-dimensional int64 tensor, got {tensor.dtype} of shape "
                             f"{tuple(tensor.shape)}")
    torch._check(slot_mapping.dim() == 2, lambda: f"{OP}: slot_mapping must be [B, S], got {tuple(slot_mapping.shape)}")


if _torch_npu() is not None:  # pragma: no cover - needs an Ascend machine
    def _v2_npu(*args, **kwargs):
        raise NotImplementedError(f"{OP} has no NPU binding: torch_npu has no counterpart op; call "
                                  "aclnnNsaCompressWithCacheV2 from the installed package's op_api")

    _library.impl(OP, _v2_npu, "PrivateUse1")

__all__ = ["V2_SCHEMA"]
