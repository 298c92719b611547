"""torch.ops.nsa_compress.npu_nsa_compress_infer.cache: the decode op (aclnnNsaCompressWithCache)
with torch_npu's arguments, mutating `cache` in place, with a fake kernel (torch_npu registers
none), and the function nsa_compress.npu_nsa_compress_infer with torch_npu's signature and return;
torch.ops.nsa_compress.compress_with_cache_lens, the same op with the lengths as a tensor, for
torch.compile of a decode loop.

CPU tensors run on the native CPU implementation, or on the simulator with
NSA_COMPRESS_BACKEND=simulator (an environment variable: an argument would change the schema);
NPU tensors, where torch_npu is installed, on torch_npu's own op.
"""
import torch

from . import _arguments, _backend, _with_cache_api
from .torch_ops import NAMESPACE, _host_bits, _torch_npu

# torch_npu's schema, verbatim from Ascend/op-plugin op_plugin/config/op_plugin_functions.yaml
# (commit 517f2e7d0f202f38b76310706cb977ca2388ad21):
#   npu_nsa_compress_infer.cache(Tensor input, Tensor weight, Tensor slot_mapping, int compress_block_size, int compress_stride, int page_block_size, *, Tensor? block_table=None, int[]? actual_seq_len=None, Tensor(a!) cache) -> Tensor(a!)
# The op registered here keeps its name, overload and arguments (cache keyword-only, mutated:
# `Tensor(a!)`) and returns nothing: functionalization (torch.compile, AOT autograd, opcheck's
# aot test) refuses a custom op whose output carries an alias annotation, while a mutated
# argument with no aliased return is functionalized. torch.library.custom_op refuses keyword-only
# tensors, hence Library.define. npu_nsa_compress_infer below returns `cache`, as torch_npu does.
INFER_SCHEMA = ("npu_nsa_compress_infer.cache(Tensor input, Tensor weight, Tensor slot_mapping, "
                "int compress_block_size, int compress_stride, int page_block_size, *, Tensor? block_table=None, "
                "int[]? actual_seq_len=None, Tensor(a!) cache) -> ()")
# torch_npu's gen_opapi passes these two to aclnn as constants.
LAYOUT, ACT_SEQ_LEN_TYPE = "TND", 1

_INDEX_DTYPES = {torch.int32: "int32", torch.int64: "int64"}

_library = torch.library.Library(NAMESPACE, "FRAGMENT")
_library.define(INFER_SCHEMA)


def _index_bits(name, tensor):
    """An index tensor's elements as a numpy view (int64 reaches the op, which refuses it by name)."""
    if tensor.dtype not in _INDEX_DTYPES:
        raise TypeError(f"npu_nsa_compress_infer: {name} dtype is {tensor.dtype}; it must be torch.int32")
    return tensor.detach().numpy(), _INDEX_DTYPES[tensor.dtype]


def _infer_host(input, weight, slot_mapping, compress_block_size, compress_stride, page_block_size, block_table,
                actual_seq_len, cache):
    """The op on host tensors (the CPU implementation, or the simulator on request)."""
    # _host_bits shares the tensors' memory: the op writes into cache's own elements.
    (x_dtype, x_bits), (w_dtype, w_bits) = _host_bits(input), _host_bits(weight)
    cache_dtype, cache_bits = _host_bits(cache)
    slots, slots_dtype = _index_bits("slot_mapping", slot_mapping)
    table = None if block_table is None else _index_bits("block_table", block_table)
    operands = ((x_bits, x_dtype), (w_bits, w_dtype), (slots, slots_dtype), table, (cache_bits, cache_dtype))
    _with_cache_api.run(operands, actual_seq_len, LAYOUT, compress_block_size, compress_stride, ACT_SEQ_LEN_TYPE,
                        page_block_size, _backend.resolve())


def _infer_cpu(input, weight, slot_mapping, compress_block_size, compress_stride, page_block_size, *,
               block_table=None, actual_seq_len=None, cache):
    _infer_host(input, weight, slot_mapping, compress_block_size, compress_stride, page_block_size, block_table,
                actual_seq_len, cache)


_library.impl("npu_nsa_compress_infer.cache", _infer_cpu, "CPU")


@torch.library.register_fake(f"{NAMESPACE}::npu_nsa_compress_infer.cache", lib=_library)
def _infer_fake(input, weight, slot_mapping, compress_block_size, compress_stride, page_block_size, *,
                block_table=None, actual_seq_len=None, cache):
    # Which rows change depends on the lengths and the slot values: nothing to compute here but
    # the refusals that need no data, so that a traced graph fails while it is traced.
    torch._check(actual_seq_len is not None,
                 lambda: "npu_nsa_compress_infer: actual_seq_len is None; the op needs each batch's length")
    _check_input("npu_nsa_compress_infer", input, block_table)


def _check_input(op, input, block_table):
    torch._check(input.dim() in (3, 4),
                 lambda: f"{op}: input must be [blocks, P, N, D] or [T, N, D], got {tuple(input.shape)}")
    torch._check(input.dim() == 3 or block_table is not None,
                 lambda: f"{op}: block_table is None; a paged input [blocks, P, N, D] needs it")


if _torch_npu() is not None:  # pragma: no cover - needs an Ascend machine
    def _infer_npu(input, weight, slot_mapping, compress_block_size, compress_stride, page_block_size, *,
                   block_table=None, actual_seq_len=None, cache):
        torch.ops.npu.npu_nsa_compress_infer.cache(input, weight, slot_mapping, compress_block_size, compress_stride,
                                                   page_block_size, block_table=block_table,
                                                   actual_seq_len=actual_seq_len, cache=cache)

    _library.impl("npu_nsa_compress_infer.cache", _infer_npu, "PrivateUse1")


# The compile form: the lengths as an int64 tensor instead of `int[]?`. torch_npu's list is a
# constant to torch.compile, which guards on its values, so every decode step (new lengths)
# recompiles and the ninth fails under fullgraph=True. Here the lengths are data: the op returns
# nothing and its fake kernel needs no value, so one graph serves every step.
INFER_LENS_SCHEMA = ("compress_with_cache_lens(Tensor input, Tensor weight, Tensor slot_mapping, Tensor seq_lens, "
                     "int compress_block_size, int compress_stride, int page_block_size, Tensor? block_table, "
                     "Tensor(a!) cache) -> ()")
_library.define(INFER_LENS_SCHEMA)


def _check_lens(seq_lens):
    """The same ValueError from the real and the fake kernel: dtype and rank are static."""
    if seq_lens.dtype != torch.int64 or seq_lens.dim() != 1:
        raise ValueError(f"compress_with_cache_lens: seq_lens must be a one-dimensional int64 tensor of the batches' "
                         f"lengths, got {seq_lens.dtype} of shape {list(seq_lens.shape)}")


def _infer_lens_cpu(input, weight, slot_mapping, seq_lens, compress_block_size, compress_stride, page_block_size,
                    block_table, cache):
    _check_lens(seq_lens)
    _infer_host(input, weight, slot_mapping, compress_block_size, compress_stride, page_block_size, block_table,
                seq_lens.detach().cpu().tolist(), cache)


_library.impl("compress_with_cache_lens", _infer_lens_cpu, "CPU")


@torch.library.register_fake(f"{NAMESPACE}::compress_with_cache_lens", lib=_library)
def _infer_lens_fake(input, weight, slot_mapping, seq_lens, compress_block_size, compress_stride, page_block_size,
                     block_table, cache):
    _check_lens(seq_lens)
    _check_input("compress_with_cache_lens", input, block_table)


if _torch_npu() is not None:  # pragma: no cover - needs an Ascend machine
    def _infer_lens_npu(input, weight, slot_mapping, seq_lens, compress_block_size, compress_stride,
                        page_block_size, block_table, cache):
        _check_lens(seq_lens)
        torch.ops.npu.npu_nsa_compress_infer.cache(input, weight, slot_mapping, compress_block_size, compress_stride,
                                                   page_block_size, block_table=block_table,
                                                   actual_seq_len=seq_lens.detach().cpu().tolist(), cache=cache)

    _library.impl("compress_with_cache_lens", _infer_lens_npu, "PrivateUse1")


def npu_nsa_compress_infer(input, weight, slot_mapping, compress_block_size, compress_stride, page_block_size, *,
                           block_table=None, actual_seq_len=None, cache):
    """torch_npu.npu_nsa_compress_infer's signature and return: each batch whose length
    actual_seq_len[b] completes a window (L >= compress_block_size and (L - compress_block_size) %
    compress_stride == 0) writes that window of its paged tokens, compressed, to
    cache[slot_mapping[b]] in place; returns `cache`. NPU tensors go to torch_npu's op, others to
    torch.ops.nsa_compress.npu_nsa_compress_infer.cache."""
    compress_block_size = _arguments.integer("compress_block_size", compress_block_size)
    compress_stride = _arguments.integer("compress_stride", compress_stride)
    page_block_size = _arguments.integer("page_block_size", page_block_size)
    actual_seq_len = _arguments.integer_list("actual_seq_len", actual_seq_len)
    if input.device.type == "npu" and _torch_npu() is not None:  # pragma: no cover - needs an Ascend machine
        return torch.ops.npu.npu_nsa_compress_infer.cache(input, weight, slot_mapping, compress_block_size,
                                                          compress_stride, page_block_size, block_table=block_table,
                                                          actual_seq_len=actual_seq_len, cache=cache)
    torch.ops.nsa_compress.npu_nsa_compress_infer.cache(input, weight, slot_mapping, compress_block_size,
                                                        compress_stride, page_block_size, block_table=block_table,
                                                        actual_seq_len=actual_seq_len, cache=cache)
    return cache


__all__ = ["npu_nsa_compress_infer", "INFER_SCHEMA", "INFER_LENS_SCHEMA"]
