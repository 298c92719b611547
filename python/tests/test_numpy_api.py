"""nsa_compress.compress against the project's golden, bit for bit: fp16 and bf16, several
sequence sets, type 0 and 1, every layout, non-contiguous inputs; and the op's refusals."""
import numpy as np
import pytest

import nsa_compress
from helpers import BACKENDS, REFUSING_CALL, as_dtype, random_bits

DTYPES = ("float16", "bfloat16")
# (T, N, D, l, d, cumulative ends)
TND_CASES = [
    (64, 4, 32, 32, 32, [64]),
    (100, 4, 64, 32, 16, [40, 100]),
    (257, 3, 16, 64, 32, [0, 31, 31, 130, 257]),           # zero-length and short sequences
    (300, 2, 48, 128, 16, [128, 129, 300]),
    (40, 1, 256, 16, 16, [5, 10, 40]),
    (50, 2, 32, 64, 64, [20, 50]),                          # no sequence reaches l: K = 0
]


def golden_bits(golden, x_bits, w_bits, layout, act_seq_len, seq_type, l, d, dtype):
    return golden.layout_golden(x_bits, w_bits, layout, act_seq_len, seq_type, l, d, dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", TND_CASES, ids=lambda c: f"T{c[0]}N{c[1]}D{c[2]}l{c[3]}d{c[4]}-{len(c[5])}seq")
@pytest.mark.parametrize("seq_type", (0, 1))
def test_tnd_bit_exact(golden, dtype, case, seq_type):
    T, N, D, l, d, ends = case
    rng = np.random.default_rng(T * 1000 + N * 10 + seq_type)
    x, w = random_bits(rng, (T, N, D), dtype), random_bits(rng, (l, N), dtype)
    act = ends if seq_type == 0 else np.diff(ends, prepend=0).tolist()
    out = nsa_compress.compress(as_dtype(x, dtype), as_dtype(w, dtype), l, d, act, seq_type)
    want = golden_bits(golden, x, w, "TND", act, seq_type, l, d, dtype)
    assert out.dtype == as_dtype(x, dtype).dtype
    assert out.shape == want.shape
    np.testing.assert_array_equal(out.view(np.uint16), want)


@pytest.mark.parametrize("dtype", DTYPES)
def test_raw_bits_with_dtype_keyword(golden, dtype):
    rng = np.random.default_rng(7)
    x, w = random_bits(rng, (96, 2, 32), dtype), random_bits(rng, (32, 2), dtype)
    out = nsa_compress.compress(x, w, 32, 16, [96], dtype=dtype)
    assert out.dtype == np.uint16
    np.testing.assert_array_equal(out, golden_bits(golden, x, w, "TND", [96], 0, 32, 16, dtype))


# (layout, input shape, N (heads), act_seq_len, type)
LAYOUT_CASES = [
    ("BSND", (2, 64, 4, 32), 4, [64, 40], 1),
    ("BSND", (3, 48, 2, 16), 2, None, 0),
    ("BNSD", (2, 4, 64, 32), 4, [64, 104], 0),
    ("BSH", (2, 64, 128), 4, None, 0),
    ("BSH", (3, 80, 96), 3, [80, 17, 50], 1),
    ("SBH", (64, 2, 128), 4, [31, 64], 1),
    ("SBH", (70, 3, 64), 2, [70, 70, 100], 0),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", LAYOUT_CASES, ids=lambda c: f"{c[0]}{'x'.join(map(str, c[1]))}")
def test_layouts_bit_exact(golden, dtype, case):
    layout, shape, heads, act, seq_type = case
    l, d = 32, 16
    rng = np.random.default_rng(sum(shape))
    x, w = random_bits(rng, shape, dtype), random_bits(rng, (l, heads), dtype)
    out = nsa_compress.compress(as_dtype(x, dtype), as_dtype(w, dtype), l, d, act, seq_type, layout=layout)
    want = golden_bits(golden, x, w, layout, act, seq_type, l, d, dtype)
    assert out.shape == want.shape and want.shape[0] > 0
    np.testing.assert_array_equal(out.view(np.uint16), want)


def _views(rng, dtype):
    """(name, x view [T, N, D], w view [l, N]) of non-contiguous arrays."""
    T, N, D, l = 96, 4, 32, 32
    qkv = random_bits(rng, (T, 3, N, D), dtype)
    transposed = random_bits(rng, (N, T, D), dtype)
    padded = random_bits(rng, (T + 5, N + 1, D + 16), dtype)
    w_store = random_bits(rng, (N, l), dtype)
    w_plain = random_bits(rng, (l, N), dtype)
    return [
        ("qkv slice", qkv[:, 1], w_plain),                                # spans 3x its bytes: made contiguous
        ("transposed storage", transposed.transpose(1, 0, 2), w_store.T),
        ("padded, offset", padded[3:3 + T, 1:, 8:8 + D], w_plain),
        ("reversed tokens", qkv[::-1, 2], w_plain[::-1]),               # negative strides: made contiguous
        ("inner stride 2", random_bits(rng, (T, N, 2 * D), dtype)[:, :, ::2], w_plain),  # op's copy path
    ]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("index", range(5))
def test_views_bit_exact(golden, dtype, index):
    rng = np.random.default_rng(100 + index)
    name, x, w = _views(rng, dtype)[index]
    assert not x.flags.c_contiguous, name
    ends = [30, 96]
    out = nsa_compress.compress(as_dtype(x, dtype), as_dtype(w, dtype), 32, 16, ends)
    want = golden_bits(golden, np.ascontiguousarray(x), np.ascontiguousarray(w), "TND", ends, 0, 32, 16, dtype)
    np.testing.assert_array_equal(out.view(np.uint16), want, err_msg=name)


@pytest.mark.parametrize("kwargs, message", [
    (dict(stride=48), "compressStride is 48, it must be a multiple of 16 in [16, compressBlockSize=32]."),
    (dict(act=[40, 30, 64]), "actSeqLen[1] is 30, less than actSeqLen[0]=40; cumulative ends must be non-decreasing."),
    (dict(act=[40, 60]), "actSeqLen"),  # does not end at T = 64
    (dict(act=None), "actSeqLen"),
    (dict(layout="NTD"), "layout"),
])
@pytest.mark.parametrize("backend", BACKENDS)
def test_refusals_raise_with_the_aclnn_message(kwargs, message, backend):
    x, w = np.ones((64, 2, 32), np.float16), np.ones((32, 2), np.float16)
    with pytest.raises(nsa_compress.NsaCompressError) as info:
        nsa_compress.compress(x, w, 32, kwargs.get("stride", 32), kwargs.get("act", [64]),
                              layout=kwargs.get("layout", "TND"), backend=backend)
    assert info.value.call == REFUSING_CALL[backend, "forward"]
    assert info.value.status in (161001, 161002)
    assert message in str(info.value) and message in info.value.message


@pytest.mark.parametrize("backend", BACKENDS)
def test_dtype_mismatch_is_the_ops_refusal(backend):
    x, w = np.ones((64, 2, 32), np.float16), np.ones((32, 2), np.float32)
    with pytest.raises(nsa_compress.NsaCompressError, match="weight dtype is DT_FLOAT, it must equal the input dtype"):
        nsa_compress.compress(x, w, 32, 32, [64], backend=backend)


def test_unsupported_numpy_dtype_is_a_type_error():
    with pytest.raises(TypeError, match="bit patterns"):
        nsa_compress.compress(np.ones((64, 2, 32), np.uint16), np.ones((32, 2), np.uint16), 32, 32, [64])
