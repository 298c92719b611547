"""The Python-side argument checks of both ops: integers within int64 only (no floats, strings,
bools or values ctypes would wrap), act_seq_len a one-dimensional sequence of such integers, a
layout name without NUL; each refusal names the argument, the value and the rule. The NumPy API
and the torch functions refuse alike, before the library runs anything."""
import numpy as np
import pytest
import torch

import nsa_compress

HUGE = 2**64 + 100  # ctypes would pass it to the C API as 100
X, W = np.ones((100, 2, 32), np.float16), np.ones((32, 2), np.float16)
DY = np.ones((3, 2, 32), np.float16)  # K = 1 + 2 windows for [40, 100], block 32, stride 16

# (keyword changed from the legal call, value, error type, words the message must hold)
ILLEGAL = [
    ("block", HUGE, ValueError, ["block is 18446744073709551716", "within int64"]),
    ("block", 32.7, TypeError, ["block is 32.7", "float", "integer"]),
    ("block", "32", TypeError, ["block is '32'", "str", "integer"]),
    ("block", True, TypeError, ["block is True", "bool"]),
    ("stride", np.float64(16.0), TypeError, ["stride is", "16.0", "integer"]),
    ("stride", -(2**63) - 1, ValueError, ["stride is -9223372036854775809", "within int64"]),
    ("act_seq_len_type", 0.0, TypeError, ["act_seq_len_type is 0.0", "integer"]),
    ("act_seq_len", [40, HUGE], ValueError, ["act_seq_len[1] is 18446744073709551716", "within int64"]),
    ("act_seq_len", [True, 100], TypeError, ["act_seq_len[0] is True", "bool"]),
    ("act_seq_len", [40.0, 100], TypeError, ["act_seq_len[0] is 40.0", "integer"]),
    ("act_seq_len", ["40", "100"], TypeError, ["act_seq_len[0] is '40'", "integer"]),
    ("act_seq_len", np.array([40.5, 100.0]), TypeError, ["act_seq_len[0] is", "40.5", "integer"]),
    ("act_seq_len", np.array([[40, 100]]), TypeError, ["act_seq_len is", "one-dimensional"]),
    ("act_seq_len", "40", TypeError, ["act_seq_len is '40'", "sequence of integers"]),
    ("act_seq_len", 100, TypeError, ["act_seq_len is 100", "sequence of integers"]),
    ("layout", "TND\0x", ValueError, ["layout is 'TND\\x00x'", "NUL"]),
    ("layout", b"TND", TypeError, ["layout is b'TND'", "str"]),
]
LEGAL = dict(block=32, stride=16, act_seq_len=[40, 100], act_seq_len_type=0, layout="TND")


def _ids(case):
    return f"{case[0]}={case[1]!r}"


def _raises_naming(call, error, words):
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value)


@pytest.mark.parametrize("case", ILLEGAL, ids=map(_ids, ILLEGAL))
def test_compress_refuses(case):
    name, value, error, words = case
    arguments = dict(LEGAL, **{name: value})
    _raises_naming(lambda: nsa_compress.compress(X, W, **arguments), error, words)


@pytest.mark.parametrize("case", ILLEGAL, ids=map(_ids, ILLEGAL))
def test_compress_grad_refuses(case):
    name, value, error, words = case
    arguments = dict(LEGAL, **{name: value})
    _raises_naming(lambda: nsa_compress.compress_grad(DY, X, W, **arguments), error, words)


def test_legal_integer_kinds_are_taken():
    # numpy integers and integer arrays are integers: the same result as plain ints.
    want = nsa_compress.compress(X, W, 32, 16, [40, 100])
    got = nsa_compress.compress(X, W, np.int64(32), np.uint8(16), np.array([40, 100], np.int32),
                                np.int16(0), layout="TND")
    np.testing.assert_array_equal(got.view(np.uint16), want.view(np.uint16))
    dx, dw = nsa_compress.compress_grad(DY, X, W, np.int32(32), 16, (np.int64(40), 100))
    assert dx.shape == X.shape and dw.shape == W.shape


# The torch functions' names for the same arguments; torch's schema refuses floats, strings and
# integers outside int64 itself, but takes bools as ints.
TORCH_ILLEGAL = [
    ("compress_block_size", True, TypeError, ["compress_block_size is True", "bool"]),
    ("compress_stride", np.True_, TypeError, ["compress_stride is np.True_", "bool"]),
    ("actual_seq_len", [True, 100], TypeError, ["actual_seq_len[0] is True", "bool"]),
    ("actual_seq_len", [40, HUGE], ValueError, ["actual_seq_len[1] is 18446744073709551716", "within int64"]),
    ("compress_block_size", HUGE, ValueError, ["compress_block_size is 18446744073709551716", "within int64"]),
]


@pytest.mark.parametrize("case", TORCH_ILLEGAL, ids=map(_ids, TORCH_ILLEGAL))
def test_torch_functions_refuse(case):
    name, value, error, words = case
    x, w, dy = (torch.from_numpy(array) for array in (X, W, DY))
    arguments = dict(dict(compress_block_size=32, compress_stride=16, actual_seq_len=[40, 100]), **{name: value})
    seq = arguments.pop("actual_seq_len")
    _raises_naming(lambda: nsa_compress.npu_nsa_compress(x, w, **arguments, actual_seq_len=seq), error, words)
    _raises_naming(lambda: nsa_compress.npu_nsa_compress_grad(dy, x, w, **arguments, actual_seq_len=seq),
                   error, words)
