"""The grad's case generators themselves: the YAML sources, the random draws, the illegal matrix,
the specs that rebuild a case, and the data kinds doing what they are for (padding that a read
would show, -0 products, spikes that make the order of both sums visible)."""
import math

import numpy as np
import pytest

from .cases import (NULL_LIST, GradCase, draw_random_case, listed_cases, load_listed, parse_legal_spec, random_cases,
                        random_generators)
from .golden import GROUP_WINDOWS, input_grad, layout_grads, reduce_lanes, token_windows, weight_grad
from .illegal import RULES, illegal_cases, parse_illegal_spec
from .values import NAN_BITS, VALUE_KINDS
from ..nsa_harness.draws import case_counts
from ..nsa_harness.numerics import to_bits, to_float32
from ..nsa_harness.layouts import BATCHED_LAYOUTS, LAYOUTS

LIMITS = {"N": (1, 128), "D": (16, 256), "l": (16, 128)}


def _all_legal():
    return listed_cases() + random_cases()


def test_every_legal_case_is_inside_the_contract():
    for case in _all_legal():
        assert LIMITS["N"][0] <= case.N <= LIMITS["N"][1], case.describe()
        assert case.D % 16 == 0 and LIMITS["D"][0] <= case.D <= LIMITS["D"][1], case.describe()
        assert case.l % 16 == 0 and LIMITS["l"][0] <= case.l <= LIMITS["l"][1], case.describe()
        assert case.d % 16 == 0 and 16 <= case.d <= case.l, case.describe()
        assert case.layout in LAYOUTS and case.dtype in ("float16", "bfloat16"), case.describe()
        assert case.slots >= 1 and min(case.lengths) >= 0, case.describe()
        if case.batched:
            assert max(case.lengths) <= case.S and case.seq_type in (0, 1, NULL_LIST), case.describe()
            assert case.seq_type != NULL_LIST or set(case.lengths) == {case.S}, case.describe()
        else:
            assert case.seq_type in (0, 1) and case.S == 0, case.describe()


def test_fixed_cases_reach_each_limit_in_every_layout():
    fixed = load_listed("fixed.yaml")
    assert any(c.name == "fixed:demo" and c.values == "ones" for c in fixed)
    for field, (low, high) in LIMITS.items():
        values = {getattr(c, field) for c in fixed}
        assert low in values and high in values, field
    assert any(c.d == 16 for c in fixed) and any(c.d == c.l == 128 for c in fixed)
    assert {c.layout for c in fixed} == set(LAYOUTS)
    assert {c.dtype for c in fixed} == {"float16", "bfloat16"}
    assert any(c.seq_type == NULL_LIST for c in fixed)


def test_edge_cases_cover_the_issue_list():
    edge = load_listed("edge.yaml")
    assert any(0 in c.lengths and c.K > 0 for c in edge)                       # empty sequences among others
    assert sum(c.K == 0 for c in edge) >= 3                                     # every sequence shorter than l
    assert any(c.K == 0 and c.batched for c in edge)
    assert any(c.lengths == (c.l,) for c in edge)                               # exactly l
    assert any(c.l + c.d - 1 in c.lengths for c in edge)                        # the longest tail
    assert any(len({(L - c.l) % c.d for L in c.lengths if L >= c.l}) >= 4 for c in edge)   # tails of many lengths
    assert any(len(c.lengths) >= 40 for c in edge)                              # many short sequences
    assert any(c.T >= 65536 for c in edge)                                      # token offsets past 16 bits
    Ks = {c.K for c in edge}
    assert {GROUP_WINDOWS - 1, GROUP_WINDOWS, GROUP_WINDOWS + 1} <= Ks and max(Ks) >= 1000   # group edges, 64 groups
    assert {c.values for c in edge} >= set(VALUE_KINDS) - {"random", "ones"}


def test_a_group_boundary_falls_on_a_sequence_boundary_in_an_edge_case():
    case = next(c for c in load_listed("edge.yaml") if c.name == "edge:group-boundary-at-sequence-boundary")
    starts, sequences, _ = case.windows()
    assert sequences[GROUP_WINDOWS] != sequences[GROUP_WINDOWS - 1]


def test_random_cases_draw_every_layout_kind_and_sequence_set():
    cases = random_cases()
    assert {c.layout for c in cases} == set(LAYOUTS)
    assert {c.dtype for c in cases} == {"float16", "bfloat16"}
    assert {c.seq_type for c in cases} == {0, 1, NULL_LIST}
    assert {c.values for c in cases} == set(VALUE_KINDS) - {"ones"}
    lengths = [(L, c.l) for c in cases for L in c.lengths]
    assert sum(L == 0 for L, _ in lengths) > 50
    assert sum(0 < L < l for L, l in lengths) > 50
    assert sum(L >= 4 * l for L, l in lengths) > 50
    assert sum(c.K == 0 for c in cases) >= 5 and sum(c.K > GROUP_WINDOWS for c in cases) > 100
    assert sum(c.batched and max(c.lengths) < c.S for c in cases) > 20            # batches with padding
    assert max(c.N for c in cases) > 64 and max(c.D for c in cases) > 192 and max(c.l for c in cases) == 128


def test_random_cases_respect_the_budgets():
    generators = {g["name"]: g for g in random_generators()}
    for case in random_cases():
        generator = generators[case.name.split(":")[1].rsplit("-", 1)[0]]
        per_token = math.ceil(case.l / case.d) + case.l / case.d
        assert case.slots * case.N * case.D <= max(generator["max_elements"], 2 * case.l * case.N * case.D), \
            case.describe()
        assert case.slots * case.N * case.D * per_token <= max(generator["max_work"],
                                                                  2 * case.l * case.N * case.D * per_token), \
            case.describe()


def test_a_random_case_depends_only_on_its_generator_and_index():
    generator = random_generators()[0]
    assert draw_random_case(generator, 7) == draw_random_case(generator, 7)
    assert [c.spec() for c in random_cases(1000)[:5]] == [c.spec() for c in random_cases()[:5]]
    assert sum(count for _, count in case_counts(random_generators(), 1000)) == 1000


@pytest.mark.parametrize("case", _all_legal()[::17], ids=lambda case: case.name)
def test_a_spec_rebuilds_its_case(case):
    rebuilt = parse_legal_spec(case.spec())
    assert rebuilt.spec() == case.spec()
    assert all(np.array_equal(a, b) for a, b in zip(vars(rebuilt.data()).values(), vars(case.data()).values()))


def test_the_illegal_matrix_names_every_rule_with_words_and_a_base_with_windows():
    cases = illegal_cases()
    assert {c.rule for c in cases} == set(RULES)
    for case in cases:
        assert case.words and all(case.words), case.describe()
        assert case.base.K >= 1, case.describe()
        assert parse_illegal_spec(case.spec()).changes == case.changes, case.describe()
        call = case.call()
        assert {"output_grad", "input", "weight"} == set(case.data()), case.describe()
        assert call.arguments("/tmp") != case.base.call().arguments("/tmp"), case.describe()


# ----------------------------------------------------------------------------- the data kinds

def test_batched_padding_holds_nan_and_the_golden_gives_it_zero_gradients():
    case = GradCase("padding", "BNSD", "bfloat16", N=3, D=16, l=16, d=16, lengths=(40, 0, 17), S=50, seed=5)
    data = case.data()
    bsnd = data.x.transpose(0, 2, 1, 3)
    for b, length in enumerate(case.lengths):
        assert (bsnd[b, length:] == NAN_BITS["bfloat16"]).all()
    dx, dw = layout_grads(data.dy, data.x, data.w, case.layout, case.act_seq_len(), case.call_seq_type(),
                          case.l, case.d, case.dtype)
    dx_bsnd = dx.transpose(0, 2, 1, 3)
    assert all((dx_bsnd[b, length:] == 0).all() for b, length in enumerate(case.lengths))
    assert not np.isnan(to_float32(dw, case.dtype)).any()


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_negative_zero_products_sum_to_positive_zero(dtype):
    case = GradCase("zeros", "TND", dtype, N=4, D=16, l=32, d=16, lengths=(100, 40), values="negative-zeros", seed=6)
    data = case.data()
    assert (data.dy[:, 0::2] == 0x8000).all()
    dx = input_grad(data.dy, data.w, case.ends(), case.l, case.d, dtype)
    dw = weight_grad(data.dy, data.tokens, case.ends(), case.l, case.d, dtype)
    assert (dx[:, 0::2] == 0).all() and (dw[:, 0::2] == 0).all()
    # What a kernel that starts from -0 (or assigns the first product) would write instead.
    products = to_float32(data.w, dtype)[0, 0] * to_float32(data.dy, dtype)[0, 0]
    assert (to_bits(products, dtype) == 0x8000).all()


def _input_grad_reversed(dy_bits, w_bits, ends, l, d, dtype):
    """inputGrad with each token's windows added in descending order."""
    dy, w = to_float32(dy_bits, dtype), to_float32(w_bits, dtype)
    row0, r, first, last = token_windows(ends, l, d)
    acc = np.zeros((r.size,) + dy.shape[1:], np.float32)
    for k in reversed(range(-(-l // d))):
        i = first + k
        valid = i <= last
        o, j = np.where(valid, row0 + i, 0), np.where(valid, r - i * d, 0)
        acc = np.where(valid[:, None, None], acc + w[j][:, :, None] * dy[o], acc)
    return to_bits(acc, dtype)


def _weight_grad_regrouped(dy_bits, x_bits, starts, l, dtype, group, reduce):
    """weightGrad with groups of `group` windows (as per-core sums would cut them) and `reduce`
    for the D lanes."""
    dy, x = to_float32(dy_bits, dtype), to_float32(x_bits, dtype)
    total = np.zeros((l, dy.shape[1]), np.float32)
    for first in range(0, starts.size, group):
        lanes = np.zeros((l,) + dy.shape[1:], np.float32)
        for o in range(first, min(starts.size, first + group)):
            lanes = lanes + dy[o][None] * x[starts[o] + np.arange(l)]
        total = total + reduce(lanes)
    return to_bits(total, dtype)


def _lanes_in_order(lanes):
    total = np.zeros(lanes.shape[:-1], np.float32)
    for e in range(lanes.shape[-1]):
        total = total + lanes[..., e]
    return total


CANCEL_CASES = [GradCase("order", "TND", dtype, N=4, D=32, l=64, d=16, lengths=(37, 300, 129), values="cancel", seed=3)
                for dtype in ("float16", "bfloat16")]


@pytest.mark.parametrize("case", CANCEL_CASES, ids=lambda case: case.dtype)
def test_cancel_values_make_the_order_of_input_grad_visible(case):
    # Two windows' products commute; from three on (l / d = 4 here) the order shows, on the odd
    # heads that carry the cancelling outputGrad pairs.
    data = case.data()
    ordered = input_grad(data.dy, data.w, case.ends(), case.l, case.d, case.dtype)
    reversed_order = _input_grad_reversed(data.dy, data.w, case.ends(), case.l, case.d, case.dtype)
    assert np.mean((ordered != reversed_order)[:, 1::2]) > 0.05


@pytest.mark.parametrize("case", CANCEL_CASES, ids=lambda case: case.dtype)
def test_cancel_values_make_the_order_of_weight_grad_visible(case):
    # Group boundaries that move (13 windows, as a per-core split might cut them), a reduction
    # per window, or the D lanes summed left to right: each changes many of the even heads' bits.
    data = case.data()
    starts = case.windows()[0]
    contract = weight_grad(data.dy, data.tokens, case.ends(), case.l, case.d, case.dtype)
    for group, reduce in ((13, reduce_lanes), (1, reduce_lanes), (GROUP_WINDOWS, _lanes_in_order)):
        other = _weight_grad_regrouped(data.dy, data.tokens, starts, case.l, case.dtype, group, reduce)
        assert np.mean((contract != other)[:, 0::2]) > 0.2, (group, reduce.__name__)


def test_batched_layouts_place_the_same_tokens():
    # One sequence set in every batched layout: the golden sees the same tokens, so the same
    # gradients up to the layout of inputGrad.
    results = []
    for layout in BATCHED_LAYOUTS:
        case = GradCase("layouts", layout, "float16", N=2, D=16, l=16, d=16, lengths=(33, 0, 20), S=40, seed=8)
        data = case.data()
        dx, dw = layout_grads(data.dy, data.x, data.w, layout, case.act_seq_len(), case.call_seq_type(), case.l,
                              case.d, case.dtype)
        results.append((data.tokens, dw))
    assert all(np.array_equal(results[0][0], tokens) and np.array_equal(results[0][1], dw)
               for tokens, dw in results[1:])
