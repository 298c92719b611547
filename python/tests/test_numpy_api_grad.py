"""nsa_compress.compress_grad against the grad's ordered golden, bit for bit: fp16 and bf16,
several sequence sets, type 0 and 1, the batched layouts, non-contiguous arrays, K = 0; and the
op's refusals raised with its message."""
import numpy as np
import pytest

import nsa_compress
from helpers import BACKENDS, REFUSING_CALL, as_dtype, random_bits

DTYPES = ("float16", "bfloat16")
# (T, N, D, l, d, cumulative ends)
TND_CASES = [
    (64, 4, 32, 32, 32, [64]),
    (100, 4, 64, 32, 16, [40, 100]),
    (257, 3, 16, 64, 32, [0, 31, 31, 130, 257]),            # zero-length and short sequences
    (300, 2, 48, 128, 16, [128, 129, 300]),                  # up to l / d = 8 windows per token
    (40, 1, 256, 16, 16, [5, 10, 40]),
    (600, 2, 32, 32, 16, [17, 250, 251, 600]),              # K = 33: a group of 16 windows spans sequences
]


def grad_inputs(rng, dtype, x_shape, heads, layout, act, seq_type, l, d):
    """Random bits of (dy [K, N, D], x, w [l, N]) with K the forward's output rows."""
    K, N, D = nsa_compress.output_shape(x_shape, (l, heads), layout, act, seq_type, l, d)
    return random_bits(rng, (K, N, D), dtype), random_bits(rng, x_shape, dtype), random_bits(rng, (l, heads), dtype)


def assert_grads_equal(got, want):
    (dx, dw), (want_dx, want_dw) = got, want
    assert dx.shape == want_dx.shape and dw.shape == want_dw.shape
    np.testing.assert_array_equal(dx.view(np.uint16), want_dx, err_msg="inputGrad")
    np.testing.assert_array_equal(dw.view(np.uint16), want_dw, err_msg="weightGrad")


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", TND_CASES, ids=lambda c: f"T{c[0]}N{c[1]}D{c[2]}l{c[3]}d{c[4]}-{len(c[5])}seq")
@pytest.mark.parametrize("seq_type", (0, 1))
def test_tnd_bit_exact(grad_golden, dtype, case, seq_type):
    T, N, D, l, d, ends = case
    rng = np.random.default_rng(T * 1000 + N * 10 + seq_type)
    act = ends if seq_type == 0 else np.diff(ends, prepend=0).tolist()
    dy, x, w = grad_inputs(rng, dtype, (T, N, D), N, "TND", act, seq_type, l, d)
    got = nsa_compress.compress_grad(as_dtype(dy, dtype), as_dtype(x, dtype), as_dtype(w, dtype), l, d, act, seq_type)
    assert got[0].dtype == got[1].dtype == as_dtype(x, dtype).dtype
    assert_grads_equal(got, grad_golden.layout_grads(dy, x, w, "TND", act, seq_type, l, d, dtype))


@pytest.mark.parametrize("dtype", DTYPES)
def test_no_window_gives_zero_gradients(dtype):
    # No sequence reaches l: K = 0, dy is [0, N, D] and both gradients are +0 everywhere.
    rng = np.random.default_rng(1)
    x, w = random_bits(rng, (50, 2, 32), dtype), random_bits(rng, (64, 2), dtype)
    dx, dw = nsa_compress.compress_grad(np.zeros((0, 2, 32), np.uint16), x, w, 64, 64, [20, 50], dtype=dtype)
    assert dx.shape == (50, 2, 32) and dw.shape == (64, 2)
    assert not dx.any() and not dw.any()


@pytest.mark.parametrize("dtype", DTYPES)
def test_raw_bits_with_dtype_keyword(grad_golden, dtype):
    rng = np.random.default_rng(7)
    dy, x, w = grad_inputs(rng, dtype, (96, 2, 32), 2, "TND", [96], 0, 32, 16)
    got = nsa_compress.compress_grad(dy, x, w, 32, 16, [96], dtype=dtype)
    assert got[0].dtype == got[1].dtype == np.uint16
    assert_grads_equal(got, grad_golden.layout_grads(dy, x, w, "TND", [96], 0, 32, 16, dtype))


# (layout, input shape, N (heads), act_seq_len, type): padding tokens get +0 in inputGrad.
LAYOUT_CASES = [
    ("BSND", (2, 64, 4, 32), 4, [64, 40], 1),
    ("BNSD", (2, 4, 64, 32), 4, [64, 104], 0),
    ("BSH", (2, 64, 128), 4, None, 0),
    ("SBH", (70, 3, 64), 2, [70, 70, 100], 0),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", LAYOUT_CASES, ids=lambda c: f"{c[0]}{'x'.join(map(str, c[1]))}")
def test_layouts_bit_exact(grad_golden, dtype, case):
    layout, shape, heads, act, seq_type = case
    l, d = 32, 16
    rng = np.random.default_rng(sum(shape))
    dy, x, w = grad_inputs(rng, dtype, shape, heads, layout, act, seq_type, l, d)
    assert dy.shape[0] > 0
    got = nsa_compress.compress_grad(as_dtype(dy, dtype), as_dtype(x, dtype), as_dtype(w, dtype), l, d, act, seq_type,
                                     layout=layout)
    assert_grads_equal(got, grad_golden.layout_grads(dy, x, w, layout, act, seq_type, l, d, dtype))


@pytest.mark.parametrize("dtype", DTYPES)
def test_views_bit_exact(grad_golden, dtype):
    # dy a slice of a wider buffer, x the middle third of a fused QKV, w a transposed [N, l].
    rng = np.random.default_rng(11)
    T, N, D, l, d, ends = 96, 4, 32, 32, 16, [30, 96]
    K = nsa_compress.output_shape((T, N, D), (l, N), "TND", ends, 0, l, d)[0]
    dy = random_bits(rng, (K, N, 2 * D), dtype)[:, :, D:]
    x = random_bits(rng, (T, 3, N, D), dtype)[:, 1]
    w = random_bits(rng, (N, l), dtype).T
    assert not (dy.flags.c_contiguous or x.flags.c_contiguous or w.flags.c_contiguous)
    got = nsa_compress.compress_grad(as_dtype(dy, dtype), as_dtype(x, dtype), as_dtype(w, dtype), l, d, ends)
    contiguous = [np.ascontiguousarray(a) for a in (dy, x, w)]
    assert_grads_equal(got, grad_golden.layout_grads(*contiguous, "TND", ends, 0, l, d, dtype))


@pytest.mark.parametrize("backend", BACKENDS)
def test_wrong_output_grad_shape_raises_the_aclnn_message(backend):
    dy, x, w = np.ones((4, 2, 32), np.float16), np.ones((64, 2, 32), np.float16), np.ones((32, 2), np.float16)
    message = ("outputGrad shape is [4, 2, 32], it must be [K, N, D] = [3, 2, 32], "
               "K being the number of windows actSeqLen yields.")
    with pytest.raises(nsa_compress.NsaCompressError) as info:
        nsa_compress.compress_grad(dy, x, w, 32, 16, [64], backend=backend)
    assert info.value.call == REFUSING_CALL[backend, "grad"]
    assert info.value.status == 161002
    assert message in info.value.message and message in str(info.value)


@pytest.mark.parametrize("kwargs, message", [
    (dict(stride=48), "compressStride is 48, it must be a multiple of 16 in [16, compressBlockSize=32]."),
    (dict(act=[40, 30, 64]), "actSeqLen[1] is 30, less than actSeqLen[0]=40; cumulative ends must be non-decreasing."),
    (dict(act=None), "actSeqLen"),
    (dict(w=np.ones((32, 2), np.float32)), "weight"),
])
@pytest.mark.parametrize("backend", BACKENDS)
def test_refusals_raise_with_the_aclnn_message(kwargs, message, backend):
    x = np.ones((64, 2, 32), np.float16)
    w = kwargs.get("w", np.ones((32, 2), np.float16))
    dy = np.ones((1, 2, 32), np.float16)
    with pytest.raises(nsa_compress.NsaCompressError) as info:
        nsa_compress.compress_grad(dy, x, w, 32, kwargs.get("stride", 32), kwargs.get("act", [64]), backend=backend)
    assert info.value.call == REFUSING_CALL[backend, "grad"]
    assert info.value.status in (161001, 161002)
    assert message in info.value.message
