"""Illegal calls of compress_with_cache_v2: each backend refuses with the aclnn status and a message
naming the parameter, its value and the rule, the CPU implementation with the simulator's very
message; a refused call leaves both caches as they were. Python-side argument errors are raised
before anything runs, and a library built before the second entry point is named."""
import numpy as np
import pytest

import nsa_compress
from helpers import BACKENDS, as_dtype
from test_with_cache_golden import _rng
from with_cache_v2_cases import v2_case

INVALID = 161002
REFUSING_CALL = {"cpu": "nsa_cpu_compress_with_cache_v2", "simulator": "aclnnNsaCompressWithCacheV2GetWorkspaceSize"}


def base():
    """A legal K+V call: P 16, N 2, D 32, l 32, d 16, 3 batches of 3 pages, 2 slot columns, 8 rows."""
    case = v2_case(_rng("illegal-v2"), "float16", 16, 2, 32, 32, 16, 3, 3, 8, 2, 3, pools=2)
    typed = lambda bits: as_dtype(bits, "float16")  # noqa: E731
    return dict(x=typed(case.pools[0]), w=typed(case.weights[0]), slot_mapping=case.slots, prev_seq_len=case.prev,
                act_seq_len=case.lengths, block_table=case.table, block=32, stride=16, page_block_size=16,
                cache=typed(case.caches[0].copy()), value=typed(case.pools[1]), value_weight=typed(case.weights[1]),
                value_cache=typed(case.caches[1].copy()))


def _set(**changes):
    return lambda call: call.update(changes)


def _with(name, make):
    def change(call):
        call[name] = make(call)
    return change


# (id, change to the legal call, what the message must say)
ILLEGAL = [
    ("input-float32", _with("x", lambda c: c["x"].astype(np.float32)), "input dtype is DT_FLOAT"),
    ("value-dtype", _with("value", lambda c: c["value"].astype(np.float32)),
     "valueInputOptional dtype is DT_FLOAT, it must equal the input dtype DT_FLOAT16"),
    ("slots-int64", _with("slot_mapping", lambda c: c["slot_mapping"].astype(np.int64)),
     "slotMapping dtype is DT_INT64, it must be DT_INT32"),
    ("prev-int32", _with("prev_seq_len", lambda c: c["prev_seq_len"].astype(np.int32)),
     "prevSeqLen dtype is DT_INT32, it must be DT_INT64"),
    ("lengths-int32", _with("act_seq_len", lambda c: c["act_seq_len"].astype(np.int32)),
     "actSeqLen dtype is DT_INT32, it must be DT_INT64"),
    ("slots-one-dim", _with("slot_mapping", lambda c: np.ascontiguousarray(c["slot_mapping"][:, 0])),
     "slotMapping shape is [3] with strides [1], it must have 2 dims"),
    ("input-three-dims", _with("x", lambda c: c["x"][0]), "input shape is [16, 2, 32]"),
    ("block-24", _set(block=24), "compressBlockSize"),
    ("stride-past-block", _set(stride=48), "compressStride"),
    ("page-size-differs", _set(page_block_size=32), "pageBlockSize"),
    ("weight-shape", _with("w", lambda c: c["w"][:16]), "weight shape is [16, 2]"),
    ("cache-heads", _with("cache", lambda c: np.zeros((8, 3, 32), np.float16)), "outputCache shape is [8, 3, 32]"),
    ("value-pool-shape", _with("value", lambda c: c["value"][:-1]), "valueInputOptional shape is"),
    ("value-weight-shape", _with("value_weight", lambda c: c["value_weight"][:, :1]), "valueWeightOptional shape is"),
    ("value-cache-shape", _with("value_cache", lambda c: c["value_cache"][:4]), "valueCacheOptional shape is [4, 2, 32]"),
    ("prev-length", _with("prev_seq_len", lambda c: c["prev_seq_len"][:2]), "prevSeqLen length (prevSeqLen.shape[0]) is 2"),
    ("slot-columns-zero", _with("slot_mapping", lambda c: c["slot_mapping"][:, :0]), "slotMapping columns"),
    ("slot-rows-short", _with("slot_mapping", lambda c: c["slot_mapping"][:2]), "slotMapping rows"),
    ("table-rows-short", _with("block_table", lambda c: c["block_table"][:2]), "blockTable rows"),
    ("cache-rows-share", _with("cache", lambda c: np.lib.stride_tricks.as_strided(
        np.zeros(64, np.float16), (8, 2, 32), (0, 64, 2), writeable=True)),
     "outputCache is a view of shape [8, 2, 32] with strides [0, 32, 1] whose elements share addresses"),
]


def _call(call, backend):
    call = dict(call)
    positional = [call.pop(name) for name in ("x", "w", "slot_mapping", "prev_seq_len", "act_seq_len", "block_table",
                                              "block", "stride", "page_block_size")]
    return nsa_compress.compress_with_cache_v2(*positional, backend=backend, **call)


def _refusal(case_id, backend):
    _, change, _ = next(c for c in ILLEGAL if c[0] == case_id)
    call = base()
    change(call)
    before = [np.array(call[name], copy=True, order="C") for name in ("cache", "value_cache")]
    with pytest.raises(nsa_compress.NsaCompressError) as refused:
        _call(call, backend)
    for name, was in zip(("cache", "value_cache"), before):
        assert np.array_equal(np.ascontiguousarray(call[name]).view(np.uint8), was.view(np.uint8)), f"{name} written"
    return refused.value


@pytest.mark.parametrize("case_id", [c[0] for c in ILLEGAL])
@pytest.mark.parametrize("backend", BACKENDS)
def test_refused_with_status_and_message(backend, case_id):
    _, _, says = next(c for c in ILLEGAL if c[0] == case_id)
    error = _refusal(case_id, backend)
    assert (error.call, error.status) == (REFUSING_CALL[backend], INVALID), error
    assert says in error.message, error.message


@pytest.mark.parametrize("case_id", [c[0] for c in ILLEGAL])
def test_cpu_refuses_with_the_simulators_message(case_id):
    cpu, simulator = _refusal(case_id, "cpu"), _refusal(case_id, "simulator")
    assert (cpu.status, cpu.message) == (simulator.status, simulator.message)


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_legal_base_call_runs(backend):
    _call(base(), backend)


@pytest.mark.parametrize("drop", ("value", "value_weight", "value_cache"))
def test_a_v_pool_given_in_part_is_refused_before_the_call(drop):
    call = base()
    call[drop] = None
    with pytest.raises(TypeError, match="the V pool, its weight and its cache come together"):
        _call(call, "cpu")


@pytest.mark.parametrize("name, make, says", [
    ("prev_seq_len", lambda c: c["prev_seq_len"].astype(np.float64), "prev_seq_len has dtype float64; it must be an "
                                                                      "int64 array"),
    ("slot_mapping", lambda c: c["slot_mapping"].astype(np.float32), "slot_mapping has dtype float32; it must be an "
                                                                      "int32 array"),
    ("stride", lambda c: 16.0, "stride is 16.0"),
])
def test_python_arguments_refused_before_the_call(name, make, says):
    call = base()
    call[name] = make(call)
    with pytest.raises(TypeError) as raised:
        _call(call, "cpu")
    assert says in str(raised.value)


def test_a_cpu_library_without_the_second_entry_point_is_named(monkeypatch):
    from nsa_compress import _cpu
    monkeypatch.setattr(_cpu, "V2_ENTRY", "nsa_cpu_compress_with_cache_v3")
    with pytest.raises(RuntimeError, match="exports no nsa_cpu_compress_with_cache_v3: it was built before"):
        _call(base(), "cpu")


def test_an_aclnn_library_without_the_second_entry_point_is_named(monkeypatch):
    from nsa_compress import _binding
    session = _binding.session()
    monkeypatch.delitem(session.fn, "aclnnNsaCompressWithCacheV2GetWorkspaceSize", raising=False)
    with pytest.raises(RuntimeError, match="exports no aclnnNsaCompressWithCacheV2GetWorkspaceSize"):
        _call(base(), "simulator")
