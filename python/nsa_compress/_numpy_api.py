"""The NumPy API: compress(x, w, block, stride, act_seq_len, act_seq_len_type=0, layout="TND") and
its backward compress_grad(dy, x, w, block, stride, act_seq_len, act_seq_len_type=0, layout="TND")."""
import numpy as np

from . import _arguments, _backend, _binding, _cpu, _host_view, _layouts


def sequence_lengths(act_seq_len, act_seq_len_type):
    """The lengths the list gives: type 0 cumulative ends, type 1 lengths."""
    values = [int(v) for v in act_seq_len]
    if act_seq_len_type == 0:
        return [end - begin for begin, end in zip([0] + values[:-1], values)]
    return values


def output_rows(lengths, block, stride):
    """K = sum over sequences of floor((L - l) / d) + 1 for L >= l (the op's rule)."""
    if block <= 0 or stride <= 0:
        return 0  # the op refuses these; the shape only has to be something
    return sum((length - block) // stride + 1 for length in lengths if length >= block)


def output_shape(x_shape, w_shape, layout, act_seq_len, act_seq_len_type, block, stride):
    """[K, N, D] for the arguments, computed on the host as the op does. Arguments the op will
    refuse still get a shape (the op's message then names what is wrong)."""
    layout = "TND" if layout is None else layout
    try:
        if layout == "TND":
            _, heads, dim = x_shape
            lengths = [] if act_seq_len is None else sequence_lengths(act_seq_len, act_seq_len_type)
        else:
            # A name that is no layout is read as SBH: the op refuses it, the shape is only a shape.
            axis = {name: i for i, name in enumerate(_layouts.axes(layout if layout in _layouts.LAYOUTS else "SBH"))}
            B, S = x_shape[axis["B"]], x_shape[axis["S"]]
            if "H" in axis:
                heads = w_shape[1]
                dim = x_shape[axis["H"]] // heads
            else:
                heads, dim = x_shape[axis["N"]], x_shape[axis["D"]]
            lengths = [S] * B if act_seq_len is None else sequence_lengths(act_seq_len, act_seq_len_type)
        return (max(output_rows(lengths, block, stride), 0), int(heads), int(dim))
    except (ValueError, IndexError, ZeroDivisionError, TypeError):
        return (0, 1, 16)


def dtype_name(array, dtype=None):
    """The op dtype of a numpy array: float16, bfloat16 (ml_dtypes), float32; raw 16-bit patterns
    (uint16/int16) need dtype='float16' or 'bfloat16'."""
    kind = np.asarray(array).dtype
    if kind == np.float16:
        name = "float16"
    elif kind.name == "bfloat16":
        name = "bfloat16"
    elif kind == np.float32:
        name = "float32"
    elif kind in (np.uint16, np.int16) and dtype in ("float16", "bfloat16"):
        return dtype
    elif kind in (np.uint16, np.int16):
        raise TypeError(f"{kind} arrays are raw bit patterns: pass dtype='float16' or dtype='bfloat16'")
    else:
        raise TypeError(f"unsupported dtype {kind}: the op takes float16 or bfloat16")
    if dtype is not None and dtype != name:
        raise TypeError(f"dtype={dtype!r} given for a {kind} array")
    return name


def operand_dtype_name(array, dtype=None):
    """The op dtype of an operand besides x: `dtype` names raw bit patterns only, so that an
    operand whose dtype differs from x's reaches the op, which refuses it with its message."""
    return dtype_name(array, dtype if np.asarray(array).dtype in (np.uint16, np.int16) else None)


def checked_arguments(block, stride, act_seq_len, act_seq_len_type, layout):
    """The scalar and list arguments of both functions, checked (see _arguments)."""
    return (_arguments.integer("block", block), _arguments.integer("stride", stride),
            _arguments.integer_list("act_seq_len", act_seq_len),
            _arguments.integer("act_seq_len_type", act_seq_len_type), _arguments.layout_name("layout", layout))


def backend_of(backend, library):
    """The call's backend (_backend.resolve); library= names the aclnn library, which only the
    simulator backend loads, so it is refused with the CPU backend rather than ignored."""
    backend = _backend.resolve(backend)
    if library is not None and backend == _backend.CPU:
        raise ValueError(f"library={library!r} names the aclnn library, which only the simulator backend loads; "
                         "pass backend='simulator' (or set NSA_COMPRESS_BACKEND=simulator)")
    return backend


def compress(x, w, block, stride, act_seq_len, act_seq_len_type=0, *, layout="TND", dtype=None, library=None,
             backend=None):
    """aclnnNsaCompress on host arrays; returns the [K, N, D] output with x's numpy dtype.

    x: the tokens in `layout` (TND [T, N, D]; BSND, BNSD, BSH, SBH, N for BSH/SBH from w.shape[1]);
    w: [block, N]; act_seq_len: cumulative ends (type 0) or lengths (type 1), one per sequence
    (TND) or batch (batched layouts, where None means full batches). float16 and ml_dtypes'
    bfloat16 arrays are taken as they are; uint16 bit patterns with dtype='float16'|'bfloat16'.
    Non-contiguous arrays are passed as views (see _cpu and _binding). Raises NsaCompressError
    with the op's message when it refuses the arguments. backend: "cpu" (the default) or
    "simulator" (see _backend); library: the aclnn library, for the simulator backend.
    """
    block, stride, act_seq_len, act_seq_len_type, layout = checked_arguments(block, stride, act_seq_len,
                                                                             act_seq_len_type, layout)
    x, w = np.asarray(x), np.asarray(w)
    x_dtype, w_dtype = dtype_name(x, dtype), operand_dtype_name(w, dtype)
    shape = output_shape(x.shape, w.shape, layout, act_seq_len, act_seq_len_type, block, stride)
    if backend_of(backend, library) == _backend.CPU:
        bits = _cpu.nsa_compress(x, x_dtype, w, w_dtype, shape, act_seq_len, layout, block, stride, act_seq_len_type)
        return bits.view(x.dtype)
    session = _binding.session(library)
    bits = _binding.nsa_compress(session, _host_view.HostView(x, x_dtype), _host_view.HostView(w, w_dtype), shape,
                                 act_seq_len, layout, block, stride, act_seq_len_type)
    return bits.view(x.dtype)


def compress_grad(dy, x, w, block, stride, act_seq_len, act_seq_len_type=0, *, layout="TND", dtype=None,
                  library=None, backend=None):
    """aclnnNsaCompressGrad on host arrays; returns (dx, dw): the gradients of x (x's shape, x's
    numpy dtype; tokens no window covers, padding included, get +0) and of w ([block, N], w's).

    dy: the gradient of compress's output, [K, N, D] in every layout; x, w, act_seq_len,
    act_seq_len_type, layout and dtype as for compress. The sums' order and rounding are the op's
    contract (nsa_compress_grad/docs/design.md), so the results are bit-exact and the same on any
    core count. Raises NsaCompressError with the op's message when it refuses the arguments (a dy
    that is not [K, N, D] for the sequences among them). backend and library as for compress.
    """
    block, stride, act_seq_len, act_seq_len_type, layout = checked_arguments(block, stride, act_seq_len,
                                                                             act_seq_len_type, layout)
    dy, x, w = np.asarray(dy), np.asarray(x), np.asarray(w)
    x_dtype = dtype_name(x, dtype)
    dy_dtype, w_dtype = operand_dtype_name(dy, dtype), operand_dtype_name(w, dtype)
    if backend_of(backend, library) == _backend.CPU:
        dx_bits, dw_bits = _cpu.nsa_compress_grad(dy, dy_dtype, x, x_dtype, w, w_dtype, act_seq_len, layout, block,
                                                  stride, act_seq_len_type)
        return dx_bits.view(x.dtype), dw_bits.view(w.dtype)
    session = _binding.session(library)
    views = [_host_view.HostView(dy, dy_dtype), _host_view.HostView(x, x_dtype), _host_view.HostView(w, w_dtype)]
    dx_bits, dw_bits = _binding.nsa_compress_grad(session, *views, act_seq_len, layout, block, stride,
                                                  act_seq_len_type)
    return dx_bits.view(x.dtype), dw_bits.view(w.dtype)
