"""The view and layout cases themselves, and the verdict check_view_legal gives on them: a call
emulated here as a correct operator would make it (written without golden.py) must pass, and
each deliberate mistake (a write outside the view, strides ignored, a layout misread, padding
read, a wrong fill, a wrong counter) must fail it."""
import collections

import numpy as np
import pytest

from .cases import random_case_counts, split_random_total
from .checks import check_view_legal
from .golden import BATCHED_LAYOUTS, to_bits, to_float32
from .runner import Result
from .view_cases import (NAN_BITS, NULL_LIST, ViewCase, all_view_cases, default_view_count, draw_view_case,
                        layout_offsets, load_named, parse_view_spec, random_view_cases, view_case_counts,
                        view_generators)
from ..nsa_harness.views import contiguous_strides, storage_elements


def _named(name):
    return next(case for case in load_named() if case.name == f"views:{name}")


# ----------------------------------------------------------------------------- the cases

def test_specs_rebuild_every_view_case_and_its_data():
    for case in all_view_cases():
        rebuilt = parse_view_spec(case.spec())
        assert rebuilt == ViewCase(**{**case.__dict__, "name": "command-line"}), case.spec()
        ours, theirs = case.data(), rebuilt.data()
        for field in ("x", "w", "input_storage", "weight_storage", "output_before"):
            assert np.array_equal(getattr(ours, field), getattr(theirs, field)), (case.name, field)


def test_bad_view_specs_are_refused():
    for spec in ("view:", "view:layout=BSND", "legal:dtype=float16"):
        with pytest.raises((KeyError, ValueError)):
            parse_view_spec(spec)


def test_view_cases_cover_the_layouts_and_the_view_families():
    cases = all_view_cases()
    for layout in BATCHED_LAYOUTS:
        types = {c.seq_type for c in cases if c.layout == layout}
        assert types == {0, 1, NULL_LIST}, (layout, types)
    batched = [c for c in cases if c.batched]
    lengths = [(L, c.l, c.S) for c in batched for L in c.lengths]
    assert sum(L == 0 for L, _, _ in lengths) >= 5                       # empty batches
    assert sum(0 < L < l for L, l, _ in lengths) >= 5                     # shorter than a window
    assert sum(L == S for L, _, S in lengths) >= 10                       # full batches
    assert sum(0 < L < S for L, _, S in lengths) >= 10                    # padding after the tokens
    assert any(c.K == 0 for c in batched) and sum(c.K > 0 for c in batched) >= 25
    families = collections.Counter(part for c in cases for part in c.family.split("+"))
    for family in ("input=offset", "input=padded", "input=permuted", "input=transposed-tn", "input=qkv",
                   "input=qkv-k", "input=qkv-v", "input=inner-stride", "input=broadcast-heads",
                   "input=broadcast-dim", "weight=offset", "weight=padded", "weight=transposed",
                   "output=offset", "output=padded", "output=permuted", "output=inner-stride",
                   "output=same-storage"):
        assert families[family] >= 1, family
    assert sum(c.in_place() for c in cases) >= 50 and sum(not c.in_place() for c in cases) >= 8
    assert sum(c.contiguous_today() for c in cases) >= 4
    assert {c.dtype for c in cases} == {"float16", "bfloat16"}


def test_view_cases_are_small():
    for case in all_view_cases():
        assert storage_elements(case.input_shape(), case.input_strides, case.input_offset) <= 400_000, case.name


def test_data_sits_where_the_views_and_layouts_say():
    for case in all_view_cases():
        data = case.data()
        call = case.call()
        assert data.input_storage.size == call.input_storage_elements(), case.name
        assert data.weight_storage.size == call.weight_storage_elements(), case.name
        # numpy's strided view of the storage reads what the case calls its logical input
        strides = case.input_strides or contiguous_strides(case.input_shape())
        seen = np.lib.stride_tricks.as_strided(data.input_storage[case.input_offset:], shape=case.input_shape(),
                                               strides=tuple(2 * s for s in strides))
        assert np.array_equal(seen, data.x), case.name
        if case.batched:
            # every padding token is NaN, every valid one a number
            b, s, n, e = np.meshgrid(*(np.arange(v) for v in (case.B, case.S, case.N, case.D)), indexing="ij")
            tokens = data.x.reshape(-1)[layout_offsets(case.layout, b, s, n, e, case.B, case.S, case.N, case.D)]
            valid = s < np.asarray(case.lengths)[:, None, None, None]
            assert np.all(tokens[~valid] == NAN_BITS[case.dtype]), case.name
            assert not np.isnan(to_float32(tokens[valid], case.dtype)).any(), case.name
        if case.output_storage == "own":
            assert np.all(data.output_before == case.fill), case.name


def test_view_case_counts_scale_with_the_random_cases():
    legacy, views = split_random_total(1000)
    assert legacy + views == 1000 and views > 0
    assert abs(views / 1000 - default_view_count() / (default_view_count() + sum(
        c for _, c in random_case_counts()))) < 0.01
    assert sum(count for _, count in view_case_counts(views)) == views
    assert split_random_total(None) == (None, None)
    default = random_view_cases()
    scaled = {c.name: c for c in random_view_cases(2 * len(default))}
    assert all(scaled[c.name] == c for c in default)
    assert random_view_cases(0) == []


def test_view_draw_depends_only_on_seed_and_index():
    generator = view_generators()[1]
    assert draw_view_case(generator, 5) == draw_view_case(generator, 5)
    assert draw_view_case(generator, 5) != draw_view_case(generator, 6)


# ----------------------------------------------------------------------------- the verdict

def _strided(storage, shape, strides, offset, writeable=False):
    """numpy's strided view of the storage. as_strided checks no bounds: a write must fit (it
    would corrupt the heap), a read past the end (a deliberate mistake) reads zeros there."""
    strides = strides or contiguous_strides(shape)
    need = storage_elements(shape, strides, offset)
    if need > storage.size:
        assert not writeable, f"a write of {need} elements into a storage of {storage.size}"
        storage = np.concatenate([storage, np.zeros(need - storage.size, storage.dtype)])
    return np.lib.stride_tricks.as_strided(storage[offset:], shape=shape,
                                           strides=tuple(storage.itemsize * s for s in strides), writeable=writeable)


def _windows(case, x, w, layout, lengths, n, e):
    """Every window's [N, D] float32 sums, batch by batch (sequence by sequence for TND)."""
    N, D, l, d = case.N, case.D, case.l, case.d
    rows, begin = [], 0
    for b, length in enumerate(lengths):
        for i in range((length - l) // d + 1 if length >= l else 0):
            acc = np.zeros((N, D), dtype=np.float32)
            for j in range(l):
                s = i * d + j
                if case.batched:
                    index = layout_offsets(layout, b, s, n, e, case.B, case.S, N, D)
                else:
                    index = ((begin + s) * N + n) * D + e
                acc = (acc + (w[j][:, None] * x[index]).astype(np.float32)).astype(np.float32)
            rows.append(acc)
        begin += length
    return rows


def emulate(case, data, mistake=None):
    """The output storage after the call as a correct operator makes it, from the storages alone
    (numpy's strided views, layout_offsets, the contract's loop), with one `mistake` when asked."""
    input_strides = None if mistake == "input strides ignored" else case.input_strides
    x = np.ascontiguousarray(_strided(data.input_storage, case.input_shape(), input_strides, case.input_offset))
    x = to_float32(x, case.dtype).reshape(-1)
    w = to_float32(np.ascontiguousarray(_strided(data.weight_storage, case.weight_shape(), case.weight_strides,
                                                 case.weight_offset)), case.dtype)
    N, D, l, d = case.N, case.D, case.l, case.d
    layout = "BSND" if mistake == "BNSD read as BSND" else case.layout
    act = case.act_seq_len()
    if act is None or mistake == "padding read":
        lengths = [case.S] * case.B
    elif case.seq_type == 1:
        lengths = list(act)
    else:
        lengths = [act[0]] + [act[i] - act[i - 1] for i in range(1, len(act))]
    n, e = np.meshgrid(np.arange(N), np.arange(D), indexing="ij")
    with np.errstate(invalid="ignore", over="ignore"):     # junk read by a deliberate mistake
        rows = _windows(case, x, w, layout, lengths, n, e)
    # A call writes the K rows its output view has (a kernel that reads padding as tokens gets
    # other windows, and its first K of them land there).
    rows = rows[:case.K]
    out = to_bits(np.array(rows, dtype=np.float32).reshape(len(rows), N, D), case.dtype)
    storage = data.output_before.copy()
    if mistake == "fill 0":
        storage[:] = 0
    if mistake == "output strides ignored":
        storage[case.output_offset:case.output_offset + out.size] = out.reshape(-1)
    elif out.size:
        _strided(storage, out.shape, case.output_strides, case.output_offset, writeable=True)[...] = out
    if mistake == "write outside" and storage.size > out.size:
        # the last storage element the view does not cover
        covered = np.zeros(storage.size, dtype=bool)
        strides = case.output_strides or contiguous_strides(out.shape)
        index = case.output_offset + sum(np.arange(size).reshape((1,) * a + (-1,) + (1,) * (2 - a)) * stride
                                         for a, (size, stride) in enumerate(zip(out.shape, strides)))
        covered[np.asarray(index).reshape(-1)] = True
        storage[np.flatnonzero(~covered)[-1]] ^= 0x0001
    K = len(rows)
    launch = {"op_type": "NsaCompress", "blockDim": 1,
              "total": {"gm_to_ub_bytes": case.T * N * D * 2 + l * N * 2,
                        "ub_to_gm_bytes": K * N * D * 2 + (2 if mistake == "counter" else 0),
                        "peak_ub_bytes": 0}}
    report = {"status": 0, "message": "", "rows": K, "workspace_bytes": 0}
    if K:
        report["launch"] = launch
        # A view the kernel cannot stride costs a copy launch; the mistake skips one, or copies
        # a view the kernel strides through.
        copies = case.copy_launches() + {"no copy": -1, "needless copy": 1}.get(mistake, 0)
        report["copies"] = [{"op_type": "StridedCopy"}] * max(copies, 0)
    return Result(0, report, storage, "(emulated)", "", "")


EMULATED = ["offsets-only", "no-window-with-offsets", "same-storage-disjoint", "qkv-key", "transposed-tokens-heads",
            "weight-transposed", "output-padded", "everything-strided", "bsnd-null-list", "bnsd-lengths",
            "bsh-all-short", "sbh-cumulative", "bnsd-padded-views", "broadcast-heads", "broadcast-dim",
            "output-every-second-element", "bsnd-zero-and-short-batches"]


@pytest.mark.parametrize("name", EMULATED)
def test_a_correct_call_passes_the_checks(name):
    case = _named(name)
    data = case.data()
    check_view_legal(case, data, emulate(case, data))


def test_every_default_view_case_passes_against_the_emulation():
    # The emulation and the golden path (case data, golden.as_bsnd, the ordered golden) are two
    # independent readings of the contract: they must agree on every case the suite runs.
    for case in all_view_cases():
        data = case.data()
        check_view_legal(case, data, emulate(case, data))


@pytest.mark.parametrize("name, mistake, message", [
    ("output-padded", "write outside", "outside the output view changed"),
    ("everything-strided", "write outside", "outside the output view changed"),
    ("offsets-only", "write outside", "outside the output view changed"),
    ("same-storage-disjoint", "write outside", "outside the output view changed"),
    ("output-every-second-element", "output strides ignored", "differ from the ordered float32 golden"),
    ("everything-strided", "output strides ignored", "differ from the ordered float32 golden"),
    ("transposed-tokens-heads", "input strides ignored", "differ from the ordered float32 golden"),
    ("qkv-key", "input strides ignored", "differ from the ordered float32 golden"),
    ("bnsd-lengths", "BNSD read as BSND", "differ from the ordered float32 golden"),
    ("bsnd-zero-and-short-batches", "padding read", "differ from the ordered float32 golden"),
    ("output-padded", "fill 0", "outside the output view changed"),
    ("offsets-only", "counter", "UB->GM"),
    ("weight-transposed", "no copy", "copy launches"),
    ("output-every-second-element", "no copy", "copy launches"),
    ("qkv-key", "needless copy", "copy launches"),
])
def test_the_checks_fail_on_a_broken_call(name, mistake, message):
    case = _named(name)
    data = case.data()
    with pytest.raises(AssertionError, match=message):
        check_view_legal(case, data, emulate(case, data, mistake))
