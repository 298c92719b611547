"""torch custom ops with torch_npu's schemas, their fake (meta) kernels and autograd:
npu_nsa_compress and its backward npu_nsa_compress_grad.

torch.ops.nsa_compress.npu_nsa_compress and .npu_nsa_compress_grad run CPU tensors on the native
CPU implementation (nsa_compress._cpu), or through the aclnn library (the simulator) when
NSA_COMPRESS_BACKEND=simulator is set (an environment variable, not an argument: a keyword would
change torch_npu's schemas, which these ops keep verbatim), and, where torch_npu is installed, NPU tensors through
torch_npu's own ops. Their fake kernels compute the shapes on the host (K from actual_seq_len),
so FakeTensor tracing and torch.compile(fullgraph=True) work; torch_npu registers no fake kernel
for either op. The forward's autograd calls the grad op, as torch_npu's derivatives.yaml does, so
backward passes trace and compile too.

torch.ops.nsa_compress.compress_varlen and .compress_varlen_grad are the same ops with the
cumulative ends as an int64 tensor (cu_seqlens), the form to use under torch.compile when the
packing changes between batches: their fake kernels give the output an unbacked row count, so
Dynamo guards on neither the ends' values nor K (python/README.md, "Under torch.compile").
"""
import torch

from . import _arguments, _backend, _binding, _cpu, _host_view, _numpy_api

NAMESPACE = "nsa_compress"
# torch_npu's schema, verbatim from Ascend/op-plugin op_plugin/config/op_plugin_functions.yaml
# (commit 517f2e7d0f202f38b76310706cb977ca2388ad21), which torch_npu's
# npu_native_functions_by_codegen.yaml is generated from:
#   npu_nsa_compress(Tensor input, Tensor weight, int compress_block_size, int compress_stride, *, int[]? actual_seq_len=None) -> Tensor
# It is passed explicitly, so that the ints stay `int` and the list `int[]?` (inferred from Python
# annotations they could not be told apart from SymInt / a required list).
NSA_COMPRESS_SCHEMA = ("(Tensor input, Tensor weight, int compress_block_size, int compress_stride, *, "
                       "int[]? actual_seq_len=None) -> Tensor")
# The backward's, verbatim from the same file and commit:
#   npu_nsa_compress_grad(Tensor grad, Tensor input, Tensor weight, int compress_block_size, int compress_stride, *, int[]? actual_seq_len=None) -> (Tensor, Tensor)
# op_plugin/config/derivatives.yaml (same commit) makes it the gradient of npu_nsa_compress's input
# and weight, called with the forward's arguments, which register_autograd below repeats.
NSA_COMPRESS_GRAD_SCHEMA = ("(Tensor grad, Tensor input, Tensor weight, int compress_block_size, "
                            "int compress_stride, *, int[]? actual_seq_len=None) -> (Tensor, Tensor)")

_TORCH_DTYPES = {torch.float16: ("float16", torch.int16), torch.bfloat16: ("bfloat16", torch.int16),
                 torch.float32: ("float32", torch.int32)}


def _torch_npu():
    try:
        import torch_npu  # noqa: F401
    except ImportError:
        return None
    return torch_npu


def _host_bits(tensor):
    """A CPU tensor as a numpy array of its raw elements, same strides and offset (no copy)."""
    if tensor.dtype not in _TORCH_DTYPES:
        raise TypeError(f"unsupported dtype {tensor.dtype}: the op takes float16 or bfloat16")
    name, bits = _TORCH_DTYPES[tensor.dtype]
    return name, tensor.detach().view(bits).numpy()


def _tensor_from_bits(bits, dtype):
    """Raw elements as the binding returns them (unsigned integers) as a tensor of `dtype`, through
    the signed integers of the same size that _host_bits uses the other way."""
    return torch.from_numpy(bits.view(f"i{bits.itemsize}")).view(dtype)


def _output_shape(input, weight, compress_block_size, compress_stride, actual_seq_len):
    return _numpy_api.output_shape(tuple(input.shape), tuple(weight.shape), "TND", actual_seq_len, 0,
                                   compress_block_size, compress_stride)


@torch.library.custom_op(f"{NAMESPACE}::npu_nsa_compress", mutates_args=(), device_types="cpu",
                         schema=NSA_COMPRESS_SCHEMA)
def _nsa_compress_cpu(input, weight, compress_block_size, compress_stride, *, actual_seq_len=None):
    return _compress_host(input, weight, compress_block_size, compress_stride, actual_seq_len)


def _compress_host(input, weight, compress_block_size, compress_stride, actual_seq_len):
    """The forward on host tensors (the CPU implementation, or the simulator on request)."""
    x_dtype, x_bits = _host_bits(input)
    w_dtype, w_bits = _host_bits(weight)
    shape = _output_shape(input, weight, compress_block_size, compress_stride, actual_seq_len)
    if _backend.resolve() == _backend.CPU:
        out = _cpu.nsa_compress(x_bits, x_dtype, w_bits, w_dtype, shape, actual_seq_len, "TND", compress_block_size,
                                compress_stride, 0)
        return _tensor_from_bits(out, input.dtype)
    out = _binding.nsa_compress(_binding.session(), _host_view.HostView(x_bits, x_dtype),
                                _host_view.HostView(w_bits, w_dtype), shape, actual_seq_len, "TND",
                                compress_block_size, compress_stride, 0)
    return _tensor_from_bits(out, input.dtype)


def _check_tnd(op, input, actual_seq_len):
    """What the fake kernels need to compute K; the real kernels refuse the same with aclnn's message."""
    torch._check(actual_seq_len is not None,
                 lambda: f"{op}: actual_seq_len is None; the TND layout needs the cumulative ends")
    torch._check(input.dim() == 3, lambda: f"{op}: input must be [T, N, D], got {tuple(input.shape)}")


@_nsa_compress_cpu.register_fake
def _nsa_compress_fake(input, weight, compress_block_size, compress_stride, *, actual_seq_len=None):
    # actual_seq_len is `int[]?`, not SymInt[]: its values are concrete even while tracing, so K is.
    _check_tnd("npu_nsa_compress", input, actual_seq_len)
    return input.new_empty(_output_shape(input, weight, compress_block_size, compress_stride, actual_seq_len))


@torch.library.custom_op(f"{NAMESPACE}::npu_nsa_compress_grad", mutates_args=(), device_types="cpu",
                         schema=NSA_COMPRESS_GRAD_SCHEMA)
def _nsa_compress_grad_cpu(grad, input, weight, compress_block_size, compress_stride, *, actual_seq_len=None):
    return _compress_grad_host(grad, input, weight, compress_block_size, compress_stride, actual_seq_len)


def _compress_grad_host(grad, input, weight, compress_block_size, compress_stride, actual_seq_len):
    """The backward on host tensors, (input_grad, weight_grad)."""
    operands = [_host_bits(tensor) for tensor in (grad, input, weight)]
    if _backend.resolve() == _backend.CPU:
        (dy_dtype, dy_bits), (x_dtype, x_bits), (w_dtype, w_bits) = operands
        input_grad, weight_grad = _cpu.nsa_compress_grad(dy_bits, dy_dtype, x_bits, x_dtype, w_bits, w_dtype,
                                                         actual_seq_len, "TND", compress_block_size, compress_stride, 0)
        return _tensor_from_bits(input_grad, input.dtype), _tensor_from_bits(weight_grad, weight.dtype)
    views = [_host_view.HostView(bits, dtype) for dtype, bits in operands]
    input_grad, weight_grad = _binding.nsa_compress_grad(_binding.session(), *views, actual_seq_len, "TND",
                                                         compress_block_size, compress_stride, 0)
    return _tensor_from_bits(input_grad, input.dtype), _tensor_from_bits(weight_grad, weight.dtype)


@_nsa_compress_grad_cpu.register_fake
def _nsa_compress_grad_fake(grad, input, weight, compress_block_size, compress_stride, *, actual_seq_len=None):
    _check_tnd("npu_nsa_compress_grad", input, actual_seq_len)
    # The op refuses any other grad shape; checked here too, so that a traced graph fails while it
    # is traced rather than when it runs.
    expected = _output_shape(input, weight, compress_block_size, compress_stride, actual_seq_len)
    torch._check(tuple(grad.shape) == expected,
                 lambda: f"npu_nsa_compress_grad: grad shape is {list(grad.shape)}, it must be the forward's "
                         f"output shape [K, N, D] = {list(expected)}")
    return input.new_empty(input.shape), weight.new_empty(weight.shape)


def _save_for_backward(ctx, inputs, keyword_only_inputs, output):
    input, weight, ctx.compress_block_size, ctx.compress_stride = inputs
    ctx.actual_seq_len = keyword_only_inputs["actual_seq_len"]
    ctx.save_for_backward(input, weight)


def _backward(ctx, grad):
    input, weight = ctx.saved_tensors
    input_grad, weight_grad = torch.ops.nsa_compress.npu_nsa_compress_grad(
        grad, input, weight, ctx.compress_block_size, ctx.compress_stride, actual_seq_len=ctx.actual_seq_len)
    return input_grad, weight_grad, None, None  # the two ints have no gradient


_nsa_compress_cpu.register_autograd(_backward, setup_context=_save_for_backward)


if _torch_npu() is not None:  # pragma: no cover - needs an Ascend machine
    @_nsa_compress_cpu.register_kernel("npu")
    def _nsa_compress_npu(input, weight, compress_block_size, compress_stride, *, actual_seq_len=None):
        return torch.ops.npu.npu_nsa_compress(input, weight, compress_block_size, compress_stride,
                                              actual_seq_len=actual_seq_len)

    @_nsa_compress_grad_cpu.register_kernel("npu")
    def _nsa_compress_grad_npu(grad, input, weight, compress_block_size, compress_stride, *, actual_seq_len=None):
        return torch.ops.npu.npu_nsa_compress_grad(grad, input, weight, compress_block_size, compress_stride,
                                                   actual_seq_len=actual_seq_len)


# The compile form: the cumulative ends as an int64 tensor instead of `int[]`. torch_npu's `int[]?`
# is a constant to torch.compile, which guards on its values, so every new packing recompiles (and
# a list computed inside the compiled region does not fit `int[]?` at all). Here the ends are data:
# the fake kernel declares the output's row count K as an unbacked, data-dependent size, and only
# the real kernels read the ends (on the host) and call the same implementation as npu_nsa_compress.
COMPRESS_VARLEN_SCHEMA = ("(Tensor input, Tensor weight, Tensor cu_seqlens, int compress_block_size, "
                          "int compress_stride) -> Tensor")
COMPRESS_VARLEN_GRAD_SCHEMA = ("(Tensor grad, Tensor input, Tensor weight, Tensor cu_seqlens, "
                               "int compress_block_size, int compress_stride) -> (Tensor, Tensor)")


def _check_ends(op, cu_seqlens):
    """The same ValueError from the real kernels and (while tracing) the fake ones: dtype and rank
    are static, so the check adds no guard."""
    if cu_seqlens.dtype != torch.int64 or cu_seqlens.dim() != 1:
        raise ValueError(f"{op}: cu_seqlens must be a one-dimensional int64 tensor of cumulative ends, got "
                         f"{cu_seqlens.dtype} of shape {list(cu_seqlens.shape)}")


def _host_ends(op, cu_seqlens):
    """The cumulative ends as a list of Python ints (a device tensor is copied to the host)."""
    _check_ends(op, cu_seqlens)
    return cu_seqlens.detach().cpu().tolist()


def _check_varlen(op, input, cu_seqlens):
    _check_ends(op, cu_seqlens)
    torch._check(input.dim() == 3, lambda: f"{op}: input must be [T, N, D], got {tuple(input.shape)}")


@torch.library.custom_op(f"{NAMESPACE}::compress_varlen", mutates_args=(), device_types="cpu",
                         schema=COMPRESS_VARLEN_SCHEMA)
def _compress_varlen_cpu(input, weight, cu_seqlens, compress_block_size, compress_stride):
    ends = _host_ends("compress_varlen", cu_seqlens)
    return _compress_host(input, weight, compress_block_size, compress_stride, ends)


@_compress_varlen_cpu.register_fake
def _compress_varlen_fake(input, weight, cu_seqlens, compress_block_size, compress_stride):
    _check_varlen("compress_varlen", input, cu_seqlens)
    # K depends on the values of cu_seqlens: an unbacked size, so no guard on the packing.
    rows = torch.library.get_ctx().new_dynamic_size()
    return input.new_empty((rows, input.shape[1], input.shape[2]))


@torch.library.custom_op(f"{NAMESPACE}::compress_varlen_grad", mutates_args=(), device_types="cpu",
                         schema=COMPRESS_VARLEN_GRAD_SCHEMA)
def _compress_varlen_grad_cpu(grad, input, weight, cu_seqlens, compress_block_size, compress_stride):
    ends = _host_ends("compress_varlen_grad", cu_seqlens)
    return _compress_grad_host(grad, input, weight, compress_block_size, compress_stride, ends)


@_compress_varlen_grad_cpu.register_fake
def _compress_varlen_grad_fake(grad, input, weight, cu_seqlens, compress_block_size, compress_stride):
    # grad's row count is the forward's unbacked K: the real kernel checks it against the ends.
    _check_varlen("compress_varlen_grad", input, cu_seqlens)
    return input.new_empty(input.shape), weight.new_empty(weight.shape)


def _save_varlen(ctx, inputs, output):
    input, weight, cu_seqlens, ctx.compress_block_size, ctx.compress_stride = inputs
    ctx.save_for_backward(input, weight, cu_seqlens)


def _backward_varlen(ctx, grad):
    input, weight, cu_seqlens = ctx.saved_tensors
    input_grad, weight_grad = torch.ops.nsa_compress.compress_varlen_grad(
        grad, input, weight, cu_seqlens, ctx.compress_block_size, ctx.compress_stride)
    return input_grad, weight_grad, None, None, None  # no gradient for the ends and the two ints


_compress_varlen_cpu.register_autograd(_backward_varlen, setup_context=_save_varlen)


if _torch_npu() is not None:  # pragma: no cover - needs an Ascend machine
    @_compress_varlen_cpu.register_kernel("npu")
    def _compress_varlen_npu(input, weight, cu_seqlens, compress_block_size, compress_stride):
        return torch.ops.npu.npu_nsa_compress(input, weight, compress_block_size, compress_stride,
                                              actual_seq_len=_host_ends("compress_varlen", cu_seqlens))

    @_compress_varlen_grad_cpu.register_kernel("npu")
    def _compress_varlen_grad_npu(grad, input, weight, cu_seqlens, compress_block_size, compress_stride):
        return torch.ops.npu.npu_nsa_compress_grad(grad, input, weight, compress_block_size, compress_stride,
                                                   actual_seq_len=_host_ends("compress_varlen_grad", cu_seqlens))


def _checked_arguments(compress_block_size, compress_stride, actual_seq_len):
    """The ints and the list checked as the NumPy API checks them: torch's schema refuses floats,
    strings and integers outside int64 itself, but takes a bool as an int."""
    return (_arguments.integer("compress_block_size", compress_block_size),
            _arguments.integer("compress_stride", compress_stride),
            _arguments.integer_list("actual_seq_len", actual_seq_len))


def npu_nsa_compress(input, weight, compress_block_size, compress_stride, *, actual_seq_len=None):
    """torch_npu.npu_nsa_compress's signature: NPU tensors go to torch_npu's op (with its autograd),
    others to torch.ops.nsa_compress.npu_nsa_compress (CPU tensors on the CPU implementation, or
    the simulator with NSA_COMPRESS_BACKEND=simulator; with a fake kernel
    and autograd through npu_nsa_compress_grad)."""
    compress_block_size, compress_stride, actual_seq_len = _checked_arguments(compress_block_size, compress_stride,
                                                                              actual_seq_len)
    if input.device.type == "npu" and _torch_npu() is not None:  # pragma: no cover - needs an Ascend machine
        return torch.ops.npu.npu_nsa_compress(input, weight, compress_block_size, compress_stride,
                                              actual_seq_len=actual_seq_len)
    return torch.ops.nsa_compress.npu_nsa_compress(input, weight, compress_block_size, compress_stride,
                                                   actual_seq_len=actual_seq_len)


def npu_nsa_compress_grad(grad, input, weight, compress_block_size, compress_stride, *, actual_seq_len=None):
    """torch_npu.npu_nsa_compress_grad's signature, returning (input_grad, weight_grad): NPU tensors
    go to torch_npu's op, others to torch.ops.nsa_compress.npu_nsa_compress_grad."""
    compress_block_size, compress_stride, actual_seq_len = _checked_arguments(compress_block_size, compress_stride,
                                                                              actual_seq_len)
    if input.device.type == "npu" and _torch_npu() is not None:  # pragma: no cover - needs an Ascend machine
        return torch.ops.npu.npu_nsa_compress_grad(grad, input, weight, compress_block_size, compress_stride,
                                                   actual_seq_len=actual_seq_len)
    return torch.ops.nsa_compress.npu_nsa_compress_grad(grad, input, weight, compress_block_size, compress_stride,
                                                        actual_seq_len=actual_seq_len)


__all__ = ["npu_nsa_compress", "npu_nsa_compress_grad", "NSA_COMPRESS_SCHEMA", "NSA_COMPRESS_GRAD_SCHEMA",
           "COMPRESS_VARLEN_SCHEMA", "COMPRESS_VARLEN_GRAD_SCHEMA"]
