"""The CPU implementation and the simulator (the ops' kernels on the calibrated hardware model,
through the aclnn library) on the same cases: the same bits for every output (NaNs by class, as
the contracts specify them), and the same refusals (status and message) for illegal calls. Needs
the built libcust_opapi.so (bash build.sh --pkg --example)."""
import numpy as np
import pytest

import nsa_compress
from cpu_cases import FORWARD_KINDS, LAYOUTS, VALUE_KINDS, Geometry, draw
from helpers import as_dtype
from test_cpu_golden import assert_bits

DTYPES = ("float16", "bfloat16")


def _rng(*key):
    return np.random.default_rng([ord(c) for c in "".join(map(str, key))])


def _forward(case, backend):
    x, w, *rest = case.forward_args()
    return nsa_compress.compress(x, w, *rest, layout=case.layout, dtype=case.dtype, backend=backend)


def _grad(case, backend):
    dy, x, w, *rest = case.grad_args()
    return nsa_compress.compress_grad(dy, x, w, *rest, layout=case.layout, dtype=case.dtype, backend=backend)


@pytest.mark.parametrize("kind", FORWARD_KINDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_forward_same_bits(dtype, kind):
    rng = _rng("forward", dtype, kind)
    case = draw(rng, dtype, kind, LAYOUTS[int(rng.integers(len(LAYOUTS)))])
    assert_bits(_forward(case, "cpu"), _forward(case, "simulator"), dtype, f"output, {case.layout} {case.geometry}")


@pytest.mark.parametrize("kind", VALUE_KINDS)
@pytest.mark.parametrize("dtype", DTYPES)
def test_grad_same_bits(dtype, kind):
    rng = _rng("grad", dtype, kind)
    case = draw(rng, dtype, kind, LAYOUTS[int(rng.integers(len(LAYOUTS)))])
    (dx, dw), (sim_dx, sim_dw) = _grad(case, "cpu"), _grad(case, "simulator")
    assert_bits(dx, sim_dx, dtype, f"inputGrad, {case.layout} {case.geometry}")
    assert_bits(dw, sim_dw, dtype, f"weightGrad, {case.layout} {case.geometry}")


@pytest.mark.parametrize("lengths", ([1200, 33, 1065], [500, 3, 611, 90]))
@pytest.mark.parametrize("kind", ("random", "cancel", "specials"))
@pytest.mark.parametrize("dtype", DTYPES)
def test_long_chains_same_bits(dtype, kind, lengths):
    # Long sums, where another order or an FMA shows: l/d = 4 windows per token, l = 64 products
    # per output, and K = 145 or 68 windows: 10 or 5 weightGrad groups summed in order.
    case = draw(np.random.default_rng(len(lengths)), dtype, kind, "TND", Geometry(3, 48, 64, 16, lengths))
    assert_bits(_forward(case, "cpu"), _forward(case, "simulator"), dtype, "output")
    (dx, dw), (sim_dx, sim_dw) = _grad(case, "cpu"), _grad(case, "simulator")
    assert_bits(dx, sim_dx, dtype, "inputGrad")
    assert_bits(dw, sim_dw, dtype, "weightGrad")


def _ones(*shape, dtype=np.float16):
    return np.ones(shape, dtype)


# Illegal calls: (op, positional args after the tensors, keyword args, tensors).
ILLEGAL = {
    "stride > block": ("forward", (32, 48, [64]), {}, (_ones(64, 2, 32), _ones(32, 2))),
    "stride not aligned": ("forward", (32, 24, [64]), {}, (_ones(64, 2, 32), _ones(32, 2))),
    "block 0": ("forward", (0, 16, [64]), {}, (_ones(64, 2, 32), _ones(0, 2))),
    "block 144": ("forward", (144, 16, [200]), {}, (_ones(200, 2, 32), _ones(144, 2))),
    "head dim 8": ("forward", (32, 16, [64]), {}, (_ones(64, 2, 8), _ones(32, 2))),
    "head dim 272": ("forward", (32, 16, [64]), {}, (_ones(64, 1, 272), _ones(32, 1))),
    "129 heads": ("forward", (16, 16, [16]), {}, (_ones(16, 129, 16), _ones(16, 129))),
    "ends decrease": ("forward", (32, 16, [40, 30, 64]), {}, (_ones(64, 2, 32), _ones(32, 2))),
    "ends short of T": ("forward", (32, 16, [40, 60]), {}, (_ones(64, 2, 32), _ones(32, 2))),
    "lengths past T": ("forward", (32, 16, [40, 30], 1), {}, (_ones(64, 2, 32), _ones(32, 2))),
    "negative length": ("forward", (32, 16, [80, -16], 1), {}, (_ones(64, 2, 32), _ones(32, 2))),
    "empty list": ("forward", (32, 16, []), {}, (_ones(64, 2, 32), _ones(32, 2))),
    "null list, TND": ("forward", (32, 16, None), {}, (_ones(64, 2, 32), _ones(32, 2))),
    "type 2": ("forward", (32, 16, [64], 2), {}, (_ones(64, 2, 32), _ones(32, 2))),
    "layout NTD": ("forward", (32, 16, [64]), {"layout": "NTD"}, (_ones(64, 2, 32), _ones(32, 2))),
    "TND rank 4": ("forward", (32, 16, [64]), {}, (_ones(1, 64, 2, 32), _ones(32, 2))),
    "weight rank 3": ("forward", (32, 16, [64]), {}, (_ones(64, 2, 32), _ones(32, 2, 1))),
    "weight shape": ("forward", (32, 16, [64]), {}, (_ones(64, 2, 32), _ones(32, 3))),
    "weight float32": ("forward", (32, 16, [64]), {}, (_ones(64, 2, 32), _ones(32, 2, dtype=np.float32))),
    "input float32": ("forward", (32, 16, [64]), {}, (_ones(64, 2, 32, dtype=np.float32), _ones(32, 2))),
    "BSH H not a multiple of N": ("forward", (32, 16, None), {"layout": "BSH"}, (_ones(2, 64, 96), _ones(32, 5))),
    "BSND batch too long": ("forward", (32, 16, [64, 65], 1), {"layout": "BSND"}, (_ones(2, 64, 2, 32), _ones(32, 2))),
    "BNSD entries": ("forward", (32, 16, [64]), {"layout": "BNSD"}, (_ones(2, 2, 64, 32), _ones(32, 2))),
    "SBH zero batches": ("forward", (32, 16, None), {"layout": "SBH"}, (_ones(64, 0, 64), _ones(32, 2))),
    "grad dy rows": ("grad", (32, 16, [64]), {}, (_ones(4, 2, 32), _ones(64, 2, 32), _ones(32, 2))),
    "grad dy heads": ("grad", (32, 16, [64]), {}, (_ones(3, 1, 32), _ones(64, 2, 32), _ones(32, 2))),
    "grad dy float32": ("grad", (32, 16, [64]), {}, (_ones(3, 2, 32, dtype=np.float32), _ones(64, 2, 32),
                                                      _ones(32, 2))),
    "grad stride": ("grad", (32, 48, [64]), {}, (_ones(1, 2, 32), _ones(64, 2, 32), _ones(32, 2))),
    "grad BSND lengths": ("grad", (32, 16, [10, 70], 1), {"layout": "BSND"},
                          (_ones(0, 2, 32), _ones(2, 64, 2, 32), _ones(32, 2))),
}


def _refusal(name, backend):
    op, args, kwargs, tensors = ILLEGAL[name]
    function = nsa_compress.compress if op == "forward" else nsa_compress.compress_grad
    with pytest.raises(nsa_compress.NsaCompressError) as info:
        function(*tensors, *args, backend=backend, **kwargs)
    return info.value.status, info.value.message


@pytest.mark.parametrize("name", ILLEGAL)
def test_same_refusals(name):
    cpu = _refusal(name, "cpu")
    assert cpu[0] in (161001, 161002) and cpu[1], cpu
    assert cpu == _refusal(name, "simulator")


def test_torch_ops_follow_the_environment(monkeypatch):
    torch = pytest.importorskip("torch")
    case = draw(_rng("torch"), "bfloat16", "cancel", "TND")
    x, w = (torch.from_numpy(as_dtype(bits, "bfloat16").astype(np.float32)).to(torch.bfloat16)
            for bits in (case.x, case.w))
    dy = torch.from_numpy(as_dtype(case.dy, "bfloat16").astype(np.float32)).to(torch.bfloat16)
    ends = np.cumsum(case.geometry.lengths).tolist()
    l, d = case.geometry.l, case.geometry.d
    results = {}
    for backend in ("cpu", "simulator"):
        monkeypatch.setenv("NSA_COMPRESS_BACKEND", backend)
        out = torch.ops.nsa_compress.npu_nsa_compress(x, w, l, d, actual_seq_len=ends)
        dx, dw = torch.ops.nsa_compress.npu_nsa_compress_grad(dy, x, w, l, d, actual_seq_len=ends)
        results[backend] = [t.view(torch.int16).numpy().view(np.uint16) for t in (out, dx, dw)]
    for name, cpu, sim in zip(("output", "inputGrad", "weightGrad"), results["cpu"], results["simulator"]):
        assert_bits(cpu, sim, "bfloat16", name)


def test_unknown_backend_is_refused(monkeypatch):
    x, w = _ones(64, 2, 32), _ones(32, 2)
    with pytest.raises(ValueError, match="backend is 'npu'; it must be one of 'cpu', 'simulator'"):
        nsa_compress.compress(x, w, 32, 16, [64], backend="npu")
    monkeypatch.setenv("NSA_COMPRESS_BACKEND", "sim")
    with pytest.raises(ValueError, match="NSA_COMPRESS_BACKEND is 'sim'"):
        nsa_compress.compress(x, w, 32, 16, [64])
    monkeypatch.setenv("NSA_COMPRESS_BACKEND", "simulator")
    assert nsa_compress.compress(x, w, 32, 16, [64]).shape == (3, 2, 32)
