"""Illegal calls of compress_with_cache: each backend refuses with the aclnn status and a message
naming the parameter, its value and the rule, the CPU implementation with the simulator's very
message; a refused call leaves the cache as it was. Python-side argument errors are raised before
anything runs."""
import numpy as np
import pytest

import nsa_compress
from helpers import BACKENDS, as_dtype
from with_cache_cases import paged

NULLPTR, INVALID = 161001, 161002
REFUSING_CALL = {"cpu": "nsa_cpu_compress_with_cache", "simulator": "aclnnNsaCompressWithCacheGetWorkspaceSize"}


def base():
    """A legal call: P 16, N 2, D 32, l 32, d 16, 3 batches of 3 pages, a 4-row cache."""
    case = paged(np.random.default_rng(7), "float16", 16, 2, 32, 32, 16, 3, 3, 4, slots=[0, 1, 2],
                 lengths=[32, 48, 40])
    x, w, slots, l, d, P = case.numpy_args()
    return dict(x=x, w=w, slot_mapping=slots, block=l, stride=d, page_block_size=P,
                cache=as_dtype(case.cache.copy(), "float16"), block_table=case.table, act_seq_len=case.lengths)


def _set(**changes):
    def change(call):
        call.update(changes)
    return change


def _with(name, make):
    def change(call):
        call[name] = make(call)
    return change


# (id, change to the legal call, status, what the message must say)
ILLEGAL = [
    ("block-20", _set(block=20), INVALID, "compressBlockSize"),
    ("stride-zero", _set(stride=0), INVALID, "compressStride"),
    ("page-size-differs", _set(page_block_size=32), INVALID, "pageBlockSize"),
    ("slots-int64", _with("slot_mapping", lambda c: c["slot_mapping"].astype(np.int64)), INVALID,
     "slotMapping dtype is DT_INT64, it must be DT_INT32"),
    ("table-int64", _with("block_table", lambda c: c["block_table"].astype(np.int64)), INVALID,
     "blockTableOptional dtype is DT_INT64, it must be DT_INT32"),
    ("table-none-paged", _set(block_table=None), NULLPTR, "blockTableOptional must not be a null pointer"),
    ("lengths-none", _set(act_seq_len=None), NULLPTR, "actSeqLenOptional must not be a null pointer"),
    ("cache-heads", _with("cache", lambda c: np.zeros((4, 3, 32), np.float16)), INVALID, "outputCache shape is [4, 3, 32]"),
    ("cache-no-rows", _with("cache", lambda c: np.zeros((0, 2, 32), np.float16)), INVALID, "outputCache shape is [0, 2, 32]"),
    ("cache-dtype", _with("cache", lambda c: np.zeros((4, 2, 32), np.float32)), INVALID, "outputCache dtype is DT_FLOAT"),
    ("weight-shape", _with("w", lambda c: c["w"][:16]), INVALID, "weight shape is [16, 2]"),
    ("slots-short", _with("slot_mapping", lambda c: c["slot_mapping"][:2]), INVALID, "slotMapping length"),
    ("table-rows-short", _with("block_table", lambda c: c["block_table"][:2]), INVALID, "blockTableOptional rows"),
    ("length-past-table", _set(act_seq_len=[32, 64, 40]), INVALID, "64"),
    ("length-negative", _set(act_seq_len=[32, -1, 40]), INVALID, "-1"),
    ("input-rank-2", _with("x", lambda c: c["x"][0, 0]), INVALID, "input shape is [2, 32]"),
    ("tnd-layout-bsnd", _with("x", lambda c: c["x"].reshape(-1, 2, 32)), INVALID, "layoutOptional"),
    ("cache-rows-share", _with("cache", lambda c: np.lib.stride_tricks.as_strided(
        np.zeros(64, np.float16), (4, 2, 32), (0, 64, 2), writeable=True)), INVALID,
     "outputCache is a view of shape [4, 2, 32] with strides [0, 32, 1] whose elements share addresses"),
    ("dim-272", _with("x", lambda c: np.zeros((12, 16, 2, 272), np.float16)), INVALID, "272"),
]


def _call(call, backend):
    call = dict(call)
    x, w, slots = call.pop("x"), call.pop("w"), call.pop("slot_mapping")
    layout = "BSND" if x.ndim == 3 else "TND"
    return nsa_compress.compress_with_cache(x, w, slots, call.pop("block"), call.pop("stride"),
                                            call.pop("page_block_size"), layout=layout, backend=backend, **call)


def _refusal(case_id, backend):
    _, change, _, _ = next(c for c in ILLEGAL if c[0] == case_id)
    call = base()
    change(call)
    if call["x"].ndim == 3:
        call["block_table"] = None
    before = np.array(call["cache"], copy=True, order="C")
    with pytest.raises(nsa_compress.NsaCompressError) as refused:
        _call(call, backend)
    after = np.ascontiguousarray(call["cache"])
    assert np.array_equal(after.view(np.uint8), before.view(np.uint8)), "a refused call wrote"
    return refused.value


@pytest.mark.parametrize("case_id", [c[0] for c in ILLEGAL])
@pytest.mark.parametrize("backend", BACKENDS)
def test_refused_with_status_and_message(backend, case_id):
    _, _, status, says = next(c for c in ILLEGAL if c[0] == case_id)
    error = _refusal(case_id, backend)
    assert (error.call, error.status) == (REFUSING_CALL[backend], status), error
    assert says in error.message, error.message


@pytest.mark.parametrize("case_id", [c[0] for c in ILLEGAL])
def test_cpu_refuses_with_the_simulators_message(case_id):
    cpu, simulator = _refusal(case_id, "cpu"), _refusal(case_id, "simulator")
    assert (cpu.status, cpu.message) == (simulator.status, simulator.message)


def test_the_legal_base_call_runs():
    for backend in BACKENDS:
        _call(base(), backend)


@pytest.mark.parametrize("name, value, error, says", [
    ("cache", "read-only", ValueError, "cache is a read-only array"),
    ("cache", "list", TypeError, "cache is a list"),
    ("slot_mapping", "float", TypeError, "slot_mapping has dtype float64"),
    ("page_block_size", True, TypeError, "page_block_size is True, a bool"),
    ("act_seq_len", [32, 1.5, 40], TypeError, "act_seq_len[1] is 1.5"),
])
def test_python_arguments_refused_before_the_call(name, value, error, says):
    call = base()
    if value == "read-only":
        call["cache"].setflags(write=False)
    elif value == "list":
        call["cache"] = call["cache"].tolist()
    elif value == "float":
        call["slot_mapping"] = call["slot_mapping"].astype(np.float64)
    else:
        call[name] = value
    with pytest.raises(error) as raised:
        _call(call, "cpu")
    assert says in str(raised.value)


def test_a_library_without_the_decode_op_is_named(monkeypatch):
    # An aclnn library installed before the decode op existed: the session still opens (the
    # forward and backward work) and a decode call says what the library lacks.
    from nsa_compress import _binding
    session = _binding.session()
    monkeypatch.delitem(session.fn, "aclnnNsaCompressWithCacheGetWorkspaceSize")
    with pytest.raises(RuntimeError, match="exports no aclnnNsaCompressWithCacheGetWorkspaceSize: it was built "
                                           "without the decode op"):
        _call(base(), "simulator")
