"""The CPU backend's reuse of large output buffers (nsa_compress._output_buffers): a buffer is
handed out again only when no array, view or tensor of it is alive, and a reused buffer's old
contents never show in a result. The grad's inputGrad here is 32 MiB, the smallest size reused."""
import numpy as np
import pytest

import nsa_compress
from helpers import as_dtype
from nsa_compress import _output_buffers

T, N, D, L, STRIDE = 16384, 8, 128, 32, 16
ENDS = [4096, 10000, T]
DTYPE = "bfloat16"


def inputs(seed):
    rng = np.random.default_rng(seed)
    K = nsa_compress.output_shape((T, N, D), (L, N), "TND", ENDS, 0, L, STRIDE)[0]
    bits = [rng.integers(0x3000, 0x4400, shape, dtype=np.uint16) | rng.integers(0, 2, shape, np.uint16) << 15
            for shape in ((K, N, D), (T, N, D), (L, N))]
    return [as_dtype(b, DTYPE) for b in bits]


def grad(seed):
    return nsa_compress.compress_grad(*inputs(seed), L, STRIDE, ENDS, backend="cpu")


def address(array):
    return array.__array_interface__["data"][0]


@pytest.fixture(autouse=True)
def reuse_on(monkeypatch):
    monkeypatch.setenv(_output_buffers.ENV_SWITCH, "1")
    assert T * N * D * 2 >= _output_buffers.MIN_BYTES


def test_a_live_result_is_never_reused():
    dx, _ = grad(0)
    kept = dx.copy()
    for seed in (1, 2, 3):
        other, _ = grad(seed)
        assert not np.shares_memory(dx, other)
    assert np.array_equal(dx.view(np.uint16), kept.view(np.uint16))


@pytest.mark.parametrize("holder", ["view", "torch tensor"])
def test_a_view_or_tensor_keeps_its_buffer(holder):
    dx, _ = grad(0)
    if holder == "view":
        held = dx[::3, 1]
    else:
        held = pytest.importorskip("torch").from_numpy(dx.view(np.int16))

    def values():
        return held.view(np.uint16).copy() if holder == "view" else held.numpy().copy()
    start, kept = address(dx), values()
    del dx
    for seed in (1, 2, 3):
        other, _ = grad(seed)
        assert address(other) != start
    assert np.array_equal(values(), kept)


def test_a_released_buffer_is_reused_and_wholly_overwritten(monkeypatch):
    monkeypatch.setenv(_output_buffers.ENV_SWITCH, "0")
    want_dx, want_dw = grad(5)
    monkeypatch.setenv(_output_buffers.ENV_SWITCH, "1")
    # Earlier calls' released buffers would be as good a match: held here, only this one is free.
    busy = [buffer.base for buffer in _output_buffers._kept]  # noqa: F841
    dx, dw = grad(4)
    start = address(dx)
    dx.view(np.uint16)[...] = 0x7fc1  # a NaN no result of these inputs holds
    del dx, dw
    dx, dw = grad(5)
    assert address(dx) == start
    assert np.array_equal(dx.view(np.uint16), want_dx.view(np.uint16))
    assert np.array_equal(dw.view(np.uint16), want_dw.view(np.uint16))


def test_the_switch_turns_reuse_off(monkeypatch):
    monkeypatch.setenv(_output_buffers.ENV_SWITCH, "0")
    kept = list(_output_buffers._kept)
    for seed in (0, 1):
        grad(seed)
    assert [id(b) for b in _output_buffers._kept] == [id(b) for b in kept]
