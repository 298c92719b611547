"""The goldens against a scalar reference written loop by loop (small sizes only), the ulp and
the bound, and bf16 rounding on known values (test_bf16_cast.py cross-checks the bf16 cast against
TensorFlow, PyTorch and an integer reference on every upper half of a float32)."""
import zlib

import ml_dtypes
import numpy as np
import pytest

from .golden import (float64_golden, ordered_golden, output_rows, overflow_threshold, to_bits, to_float32,
                    tolerance, ulp, windows)

DTYPES = ["float16", "bfloat16"]


def scalar_golden(x_bits, w_bits, act_seq_len, seq_type, l, d, dtype):
    """The contract read literally: every sequence, window, head, dim and j, one at a time."""
    x = to_float32(x_bits, dtype)
    w = to_float32(w_bits, dtype)
    _, N, D = x.shape
    rows = []
    begin = 0
    for value in act_seq_len:
        end = begin + value if seq_type == 1 else value
        length = end - begin
        count = (length - l) // d + 1 if length >= l else 0
        for i in range(count):
            row = np.zeros((N, D), dtype=np.float32)
            for n in range(N):
                for e in range(D):
                    acc = np.float32(0.0)
                    for j in range(l):
                        product = np.float32(w[j, n] * x[begin + i * d + j, n, e])
                        acc = np.float32(acc + product)
                    row[n, e] = acc
            rows.append(row)
        begin = end
    out = np.array(rows, dtype=np.float32).reshape(len(rows), N, D)
    return to_bits(out, dtype)


def _random_bits(rng, shape, dtype, spread=6):
    values = rng.standard_normal(shape).astype(np.float32) * np.exp2(rng.integers(-spread, spread + 1, shape))
    return to_bits(values.astype(np.float32), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("seq_type,act_seq_len,l,d", [
    (0, [10, 10, 60, 93], 32, 16),      # zero-length and short sequences, then two long ones
    (1, [0, 47, 48, 16, 3], 16, 16),    # lengths: l+d-1 (one window), l+d (two), exactly l
    (0, [64], 48, 32),                  # d not dividing l
])
def test_ordered_golden_matches_scalar_loops(dtype, seq_type, act_seq_len, l, d):
    rng = np.random.default_rng(len(act_seq_len) * 7 + l)
    T = act_seq_len[-1] if seq_type == 0 else sum(act_seq_len)
    x = _random_bits(rng, (T, 2, 16), dtype)
    w = _random_bits(rng, (l, 2), dtype, spread=2)
    ends = np.cumsum(act_seq_len) if seq_type == 1 else act_seq_len
    expected = scalar_golden(x, w, act_seq_len, seq_type, l, d, dtype)
    assert np.array_equal(ordered_golden(x, w, ends, l, d, dtype), expected)


def test_windows_follow_the_formula():
    starts, sequences, window_index = windows([47, 47, 100, 100, 101], 32, 16)
    # lengths 47 (1 window), 0, 53 (2 windows: 47, 63), 0, 1 (none)
    assert starts.tolist() == [0, 47, 63]
    assert sequences.tolist() == [0, 2, 2]
    assert window_index.tolist() == [0, 0, 1]
    assert output_rows([10, 20], 32, 16) == 0
    rng = np.random.default_rng(2)
    for _ in range(200):
        lengths = rng.integers(0, 300, rng.integers(1, 8))
        l = int(rng.choice([16, 32, 64, 128]))
        d = int(rng.choice([s for s in (16, 32, 64, 128) if s <= l]))
        expected = sum((L - l) // d + 1 for L in lengths.tolist() if L >= l)
        assert output_rows(np.cumsum(lengths), l, d) == expected


def test_sum_starts_from_positive_zero():
    # Every product -0.0: the contract's acc = +0.0 + (-0.0) + ... is +0.0, not -0.0.
    x = to_bits(np.full((16, 1, 16), -0.0, dtype=np.float32), "float16")
    w = to_bits(np.ones((16, 1), dtype=np.float32), "float16")
    assert np.all(ordered_golden(x, w, [16], 16, 16, "float16") == 0x0000)


@pytest.mark.parametrize("dtype,x_set,w_set", [
    # fp16: signed zeros, subnormals, sums past 65504
    ("float16", [0.0, -0.0, 6e-8, -3e-6, 6e4, -6e4, 1.5], [-0.0, 0.5, -1.0, 2.0, 6e-8]),
    # bf16: products below float32's normal range, where the product itself rounds
    ("bfloat16", [0.0, -0.0, 1e-20, -3e-19, 1e30, 1.5, 1e-39], [-0.0, 0.5, -1.0, 1e-20, 3e5]),
])
def test_ordered_golden_matches_scalar_loops_on_extreme_values(dtype, x_set, w_set):
    rng = np.random.default_rng(9)
    x = to_bits(rng.choice(np.array(x_set, np.float32), size=(80, 2, 16)), dtype)
    w = to_bits(rng.choice(np.array(w_set, np.float32), size=(32, 2)), dtype)
    expected = scalar_golden(x, w, [40, 80], 0, 32, 16, dtype)
    assert np.array_equal(ordered_golden(x, w, [40, 80], 32, 16, dtype), expected)


def test_bf16_rounds_to_nearest_even():
    one_and_half_ulp = 1.0 + 2.0 ** -8              # halfway between 1 and 1 + 2^-7: ties to 1 (even)
    three_halves_ulp = 1.0 + 3 * 2.0 ** -8          # halfway between 1 + 2^-7 and 1 + 2^-6: ties to 1 + 2^-6
    values = np.array([one_and_half_ulp, three_halves_ulp, -one_and_half_ulp, 1.0 + 2.0 ** -8 + 2.0 ** -20,
                       3.4e38, -0.0], dtype=np.float32)
    assert to_bits(values, "bfloat16").tolist() == [0x3F80, 0x3F82, 0xBF80, 0x3F81, 0x7F80, 0x8000]


def test_fp16_rounds_to_nearest_even_and_overflows():
    values = np.array([1.0 + 2.0 ** -11, 1.0 + 3 * 2.0 ** -11, 65519.0, 65520.0, 2.0 ** -25, 2.0 ** -25 * 3],
                      dtype=np.float32)
    assert to_bits(values, "float16").tolist() == [0x3C00, 0x3C02, 0x7BFF, 0x7C00, 0x0000, 0x0002]


@pytest.mark.parametrize("dtype", DTYPES)
def test_ulp_is_the_spacing_of_the_format(dtype):
    # For every positive finite value v of the format, the next value up minus v is ulp(v).
    bits = np.arange(0, 0x7C00 if dtype == "float16" else 0x7F80, dtype=np.uint16)[:-1]
    values = to_float32(bits, dtype).astype(np.float64)
    spacing = to_float32(bits + 1, dtype).astype(np.float64) - values
    assert np.array_equal(ulp(values, dtype), spacing)
    # and values just below a power of two keep the smaller binade's ulp
    assert ulp(np.array([np.nextafter(2.0, 0)]), dtype)[0] == ulp(np.array([1.0]), dtype)[0]


def test_ulp_floors_and_overflow_threshold():
    assert ulp(np.array([0.0]), "float16")[0] == 2.0 ** -24
    assert ulp(np.array([0.0]), "bfloat16")[0] == 2.0 ** -133
    assert ulp(np.array([1.0]), "float16")[0] == 2.0 ** -10
    assert ulp(np.array([1.0]), "bfloat16")[0] == 2.0 ** -7
    assert overflow_threshold("float16") == 65520.0
    assert overflow_threshold("bfloat16") == float(ml_dtypes.finfo(ml_dtypes.bfloat16).max) + 2.0 ** 119


@pytest.mark.parametrize("dtype", DTYPES)
def test_ordered_golden_is_inside_the_float64_bound(dtype):
    # The device bound must hold for the contract's own result, or it could not judge a device.
    rng = np.random.default_rng(5)
    lengths = [300, 0, 17, 129]
    ends = np.cumsum(lengths)
    x = _random_bits(rng, (sum(lengths), 3, 32), dtype)
    for l, d in ((16, 16), (128, 16), (64, 48)):
        w = _random_bits(rng, (l, 3), dtype, spread=2)
        got = to_float32(ordered_golden(x, w, ends, l, d, dtype), dtype).astype(np.float64)
        g, magnitude = float64_golden(x, w, ends, l, d, dtype)
        assert np.all(np.abs(got - g) <= tolerance(g, magnitude, l, dtype))


def test_bound_is_the_documented_formula():
    x = to_bits(np.ones((16, 1, 16), np.float32), "float16")
    w = to_bits(np.ones((16, 1), np.float32), "float16")
    g, magnitude = float64_golden(x, w, [16], 16, 16, "float16")
    assert g[0, 0, 0] == 16.0 and magnitude[0, 0, 0] == 16.0
    assert tolerance(g, magnitude, 16, "float16")[0, 0, 0] == 2.0 ** -6 + 16 * 2.0 ** -23 * 16


# ----------------------------------------------------------------------------- layouts

from .golden import BATCHED_LAYOUTS, as_bsnd, batch_lengths, layout_golden  # noqa: E402
from ..nsa_harness.layouts import layout_shape  # noqa: E402
from .view_cases import layout_offsets  # noqa: E402

# Sizes that differ pairwise, so that a mapping confusing two axes cannot agree by accident.
B_, S_, N_, D_ = 3, 7, 2, 5


def _mapping_agrees(mapping, layout, B=B_, S=S_, N=N_, D=D_):
    """Whether `mapping` (logical input -> [B, S, N, D]) puts every element where the layout's
    index arithmetic (view_cases.layout_offsets) says it is. The input holds its own flat indices,
    so every element is told apart."""
    x = np.arange(int(np.prod(layout_shape(layout, N, D, B=B, S=S)))).reshape(layout_shape(layout, N, D, B=B, S=S))
    b, s, n, e = np.meshgrid(np.arange(B), np.arange(S), np.arange(N), np.arange(D), indexing="ij")
    expected = layout_offsets(layout, b, s, n, e, B, S, N, D)
    got = mapping(x, layout, N)
    return got.shape == expected.shape and np.array_equal(got, expected)


@pytest.mark.parametrize("layout", BATCHED_LAYOUTS)
def test_layout_mapping_matches_index_arithmetic(layout):
    assert _mapping_agrees(as_bsnd, layout)


# Plausible mistakes, each of the right shape: the check must reject every one.
WRONG_MAPPINGS = {
    "BNSD read as BSND": ("BNSD", lambda x, layout, N: x.reshape(x.shape[0], x.shape[2], x.shape[1], x.shape[3])),
    "BSH with heads innermost": ("BSH", lambda x, layout, N: x.reshape(x.shape[0], x.shape[1], -1, N)
                                 .transpose(0, 1, 3, 2)),
    "SBH read as BSH": ("SBH", lambda x, layout, N: x.reshape(x.shape[1], x.shape[0], N, -1)),
    "BSND with S and N swapped": ("BSND", lambda x, layout, N: x.transpose(0, 2, 1, 3)
                                  .reshape(x.shape[0], x.shape[1], x.shape[2], x.shape[3])),
}


@pytest.mark.parametrize("mistake", sorted(WRONG_MAPPINGS))
def test_layout_mapping_check_fails_on_a_wrong_mapping(mistake):
    layout, mapping = WRONG_MAPPINGS[mistake]
    assert _mapping_agrees(as_bsnd, layout)          # the right one, on the same sizes
    assert not _mapping_agrees(mapping, layout)


def test_batched_layouts_agree_by_transposition():
    # The same tokens written in each layout with numpy transposes (BSND -> BNSD, BSH, SBH) give
    # the same golden output.
    rng = np.random.default_rng(13)
    B, S, N, D, l, d = 3, 50, 2, 16, 16, 16
    bsnd = _random_bits(rng, (B, S, N, D), "bfloat16")
    w = _random_bits(rng, (l, N), "bfloat16", spread=2)
    lengths = [50, 0, 37]
    written = {"BSND": bsnd, "BNSD": bsnd.transpose(0, 2, 1, 3), "BSH": bsnd.reshape(B, S, N * D),
               "SBH": bsnd.reshape(B, S, N * D).transpose(1, 0, 2)}
    outputs = {layout: layout_golden(np.ascontiguousarray(x), w, layout, lengths, 1, l, d, "bfloat16")
               for layout, x in written.items()}
    for layout, out in outputs.items():
        assert np.array_equal(out, outputs["BSND"]), layout
    assert outputs["BSND"].shape[0] == 3 + 0 + 2


def scalar_layout_golden(x_bits, w_bits, layout, act_seq_len, seq_type, B, S, l, d, dtype):
    """The contract read literally on a batched layout: batch by batch, window by window, the
    token read through layout_offsets from the flat input."""
    flat = to_float32(x_bits, dtype).reshape(-1)
    w = to_float32(w_bits, dtype)
    N = w.shape[1]
    D = flat.size // (B * S * N)
    if act_seq_len is None:
        lengths = [S] * B
    elif seq_type == 1:
        lengths = list(act_seq_len)
    else:
        lengths = [act_seq_len[0]] + [act_seq_len[i] - act_seq_len[i - 1] for i in range(1, B)]
    rows = []
    for b, length in enumerate(lengths):
        for i in range((length - l) // d + 1 if length >= l else 0):
            row = np.zeros((N, D), dtype=np.float32)
            for n in range(N):
                for e in range(D):
                    acc = np.float32(0.0)
                    for j in range(l):
                        token = flat[layout_offsets(layout, b, i * d + j, n, e, B, S, N, D)]
                        acc = np.float32(acc + np.float32(w[j, n] * token))
                    row[n, e] = acc
            rows.append(row)
    return to_bits(np.array(rows, dtype=np.float32).reshape(len(rows), N, D), dtype)


@pytest.mark.parametrize("layout", BATCHED_LAYOUTS)
@pytest.mark.parametrize("seq_type, act_seq_len", [(1, (40, 0, 17)), (0, (33, 33, 80)), (None, None)])
def test_layout_golden_matches_scalar_loops(layout, seq_type, act_seq_len):
    rng = np.random.default_rng(zlib.crc32(f"{layout}:{seq_type}".encode()))
    B, S, N, D, l, d = 3, 47, 2, 16, 16, 16
    x = _random_bits(rng, layout_shape(layout, N, D, B=B, S=S), "float16")
    w = _random_bits(rng, (l, N), "float16", spread=2)
    expected = scalar_layout_golden(x, w, layout, act_seq_len, seq_type, B, S, l, d, "float16")
    assert expected.shape[0] > 0
    assert np.array_equal(layout_golden(x, w, layout, act_seq_len, seq_type or 0, l, d, "float16"), expected)


def test_layout_golden_check_fails_on_a_wrong_mapping(monkeypatch):
    # The comparison above must fail when the golden maps a layout wrongly: BNSD read as BSND.
    from ..nsa_harness import sequences   # where packed_sequences looks as_bsnd up
    rng = np.random.default_rng(21)
    B, S, N, D, l, d = 2, 40, 3, 16, 16, 16
    x = _random_bits(rng, layout_shape("BNSD", N, D, B=B, S=S), "float16")
    w = _random_bits(rng, (l, N), "float16", spread=2)
    expected = scalar_layout_golden(x, w, "BNSD", (40, 23), 1, B, S, l, d, "float16")
    assert np.array_equal(layout_golden(x, w, "BNSD", (40, 23), 1, l, d, "float16"), expected)
    right = sequences.as_bsnd
    monkeypatch.setattr(sequences, "as_bsnd", lambda x, layout, heads: right(x, "BSND", heads).reshape(
        x.shape[0], x.shape[2], x.shape[1], x.shape[3]) if layout == "BNSD" else right(x, layout, heads))
    assert not np.array_equal(layout_golden(x, w, "BNSD", (40, 23), 1, l, d, "float16"), expected)


def test_padding_tokens_are_never_read():
    # Tokens s >= len_b are padding: NaN there must not reach any output.
    rng = np.random.default_rng(4)
    B, S, N, D, l, d = 2, 64, 1, 16, 16, 16
    x = _random_bits(rng, (B, S, N, D), "float16")
    x[0, 20:] = 0x7E00
    x[1, 48:] = 0x7E00
    out = to_float32(layout_golden(x, _random_bits(rng, (l, N), "float16"), "BSND", (20, 48), 1, l, d, "float16"),
                     "float16")
    assert out.shape[0] == 1 + 3 and np.isfinite(out).all()


def test_batch_lengths_of_both_types_and_null():
    assert batch_lengths((5, 0, 7), 1, 3, 7).tolist() == [5, 0, 7]
    assert batch_lengths((5, 5, 12), 0, 3, 7).tolist() == [5, 0, 7]
    assert batch_lengths(None, 0, 3, 7).tolist() == [7, 7, 7]
    for bad in [((8, 0, 0), 1), ((5, 4, 12), 0), ((1, 2), 1)]:      # past S, decreasing, too few
        with pytest.raises(ValueError):
            batch_lengths(bad[0], bad[1], 3, 7)


# ----------------------------------------------------------------------------- views

from ..nsa_harness.views import is_injective, laid_out_strides, outside_mask, place, read_view, storage_elements, view_indices  # noqa: E402,E501


def _strided_reference(storage, shape, strides, offset):
    """numpy's own strided view of the storage, as an independent reading of (shape, strides, offset)."""
    storage = np.asarray(storage)
    itemsize = storage.itemsize
    return np.lib.stride_tricks.as_strided(storage[offset:], shape=shape,
                                           strides=tuple(s * itemsize for s in strides), writeable=False)


@pytest.mark.parametrize("shape, strides, offset", [
    ((5, 3, 4), (4, 20, 1), 0),          # [N, T, D] storage read as [T, N, D]
    ((5, 3, 4), (36, 4, 1), 12),         # K of a fused [T, 3, N, D] buffer
    ((4, 2, 3), (11, 5, 1), 7),          # gaps after heads and rows
    ((6, 2, 3), (4, 0, 1), 2),           # a broadcast head
    ((3, 4), (1, 5), 1),                 # a transposed weight
    ((2, 3, 4), (30, 9, 2), 3),          # every second element
])
def test_view_indices_agree_with_numpy_strides(shape, strides, offset):
    size = storage_elements(shape, strides, offset)
    storage = np.arange(size + 3, dtype=np.int64)
    assert size == int(view_indices(shape, strides, offset).max()) + 1
    assert np.array_equal(read_view(storage, shape, strides, offset), _strided_reference(storage, shape, strides,
                                                                                        offset))
    # and a wrong reading (the strides swapped) differs
    swapped = strides[::-1]
    if len(set(strides)) > 1 and storage_elements(shape, swapped, offset) <= storage.size:
        assert not np.array_equal(read_view(storage, shape, swapped, offset),
                                  _strided_reference(storage, shape, strides, offset))


def test_place_writes_the_view_only_and_reads_back():
    shape, strides, offset = (4, 2, 3), laid_out_strides((4, 2, 3), (1, 0, 2), [0, 2, 1]), 5
    size = storage_elements(shape, strides, offset)
    storage = np.full(size, -1, dtype=np.int64)
    logical = np.arange(24).reshape(shape)
    assert np.array_equal(place(storage, logical, shape, strides, offset), logical)
    assert np.array_equal(_strided_reference(storage, shape, strides, offset), logical)
    outside = outside_mask(size, shape, strides, offset)
    assert outside.sum() == size - 24 and np.all(storage[outside] == -1)
    assert is_injective(shape, strides, offset) and not is_injective((4, 2, 3), (3, 0, 1), 0)


def test_empty_views_have_no_storage():
    assert storage_elements((0, 4, 16), None, 100) == 0
    assert storage_elements((3, 4, 16), None, 100) == 100 + 3 * 4 * 16
    assert laid_out_strides((3, 4, 16), range(3)) == (64, 16, 1)
