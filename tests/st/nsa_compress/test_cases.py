"""The case generators themselves: YAML sources, the random draws of random.yaml, the
illegal matrix, and specs that rebuild a case exactly."""
import math

import numpy as np
import pytest

from .cases import (LegalCase, draw_random_case, load_listed, parse_legal_spec, random_case_counts, random_cases,
                    random_generators)
from .illegal import RULES, IllegalCase, illegal_cases, parse_illegal_spec
from .golden import ordered_golden, to_bits, to_float32, window_starts

LIMITS = {"N": (1, 128), "D": (16, 256), "l": (16, 128)}
SPEC_PARSERS = {LegalCase: parse_legal_spec, IllegalCase: parse_illegal_spec}


def _all_legal():
    return load_listed("fixed.yaml") + load_listed("edge.yaml") + random_cases()


def test_every_legal_case_is_inside_the_contract():
    for case in _all_legal():
        assert LIMITS["N"][0] <= case.N <= LIMITS["N"][1], case.describe()
        assert case.D % 16 == 0 and LIMITS["D"][0] <= case.D <= LIMITS["D"][1], case.describe()
        assert case.l % 16 == 0 and LIMITS["l"][0] <= case.l <= LIMITS["l"][1], case.describe()
        assert case.d % 16 == 0 and 16 <= case.d <= case.l, case.describe()
        assert case.T >= 1 and min(case.lengths) >= 0, case.describe()
        assert case.dtype in ("float16", "bfloat16") and case.seq_type in (0, 1), case.describe()


def test_fixed_cases_reach_each_vendor_limit():
    fixed = load_listed("fixed.yaml")
    assert any(c.name == "fixed:demo" and c.values == "ones" for c in fixed)
    for field, (low, high) in LIMITS.items():
        values = {getattr(c, field) for c in fixed}
        assert low in values and high in values, field
    assert any(c.d == 16 for c in fixed) and any(c.d == c.l == 128 for c in fixed)


def test_edge_cases_cover_the_issue_list():
    edge = load_listed("edge.yaml")
    assert any(0 in c.lengths for c in edge)                                   # zero-length sequences
    assert any(c.K == 0 for c in edge)                                          # every sequence < l
    assert any(c.lengths == (c.l,) for c in edge)                               # exactly l
    assert any(c.l + c.d - 1 in c.lengths for c in edge)                        # l + d - 1
    assert any(len(c.lengths) >= 50 for c in edge)                              # many short sequences
    assert any(c.T >= 65536 for c in edge)                                      # T >= 65536


def test_random_cases_draw_zero_short_and_long_sequences_and_both_types():
    cases = random_cases()
    lengths = [(L, c.l) for c in cases for L in c.lengths]
    assert sum(L == 0 for L, _ in lengths) > 50
    assert sum(0 < L < l for L, l in lengths) > 50
    assert sum(L >= 4 * l for L, l in lengths) > 50
    assert {c.seq_type for c in cases} == {0, 1} and {c.dtype for c in cases} == {"float16", "bfloat16"}
    assert sum(c.K == 0 for c in cases) >= 1 and sum(c.K > 0 for c in cases) > 250
    assert max(c.N for c in cases) > 64 and max(c.D for c in cases) > 192 and max(c.l for c in cases) == 128


def test_random_cases_respect_the_budgets():
    generators = {g["name"]: g for g in random_generators()}
    for case in random_cases():
        generator = generators[case.name.split(":")[1].rsplit("-", 1)[0]]
        windows_per_token = math.ceil(case.l / case.d)
        # the budget, or two windows of tokens when even the smallest heads need more
        allowed = max(min(generator["max_elements"], generator["max_work"] // windows_per_token),
                      2 * case.l * case.N * case.D)
        assert case.T * case.N * case.D <= allowed, case.describe()


def test_case_count_scales_and_keeps_the_first_cases():
    assert len(random_cases()) >= 300
    assert sum(count for _, count in random_case_counts(1000)) == 1000
    default = random_cases()
    scaled = {c.name: c for c in random_cases(2 * len(default))}
    assert all(scaled[c.name] == c for c in default)
    assert random_cases(0) == []


def test_random_draw_depends_only_on_seed_and_index():
    generator = random_generators()[0]
    assert draw_random_case(generator, 17) == draw_random_case(generator, 17)
    assert draw_random_case(generator, 17) != draw_random_case(generator, 18)


def test_specs_rebuild_every_case_and_its_data():
    for case in _all_legal() + illegal_cases():
        rebuilt = SPEC_PARSERS[type(case)](case.spec())
        assert type(rebuilt) is type(case)
        if isinstance(case, LegalCase):
            assert rebuilt == LegalCase(**{**case.__dict__, "name": "command-line"})
            small = case.T * case.N * case.D <= 100_000     # the data of small cases: enough, and fast
        else:
            assert (rebuilt.base, rebuilt.changes, rebuilt.words) == (case.base, case.changes, case.words)
            small = True
        if small:
            for ours, theirs in zip(case.data(), rebuilt.data()):
                assert np.array_equal(ours, theirs)


def test_bad_specs_are_refused():
    for parse, spec in ((parse_legal_spec, "nonsense"), (parse_legal_spec, "legal:dtype=float16"),
                        (parse_illegal_spec, "illegal:rule=nope,seed=1"), (parse_illegal_spec, "legal:dtype=float16")):
        with pytest.raises((KeyError, ValueError)):
            parse(spec)


def test_illegal_cases_break_every_rule_and_are_legal_otherwise():
    cases = illegal_cases()
    assert {c.rule for c in cases} == set(RULES)
    for case in cases:
        assert isinstance(case, IllegalCase) and case.changes and case.words
        assert case.base.K >= 1, case.describe()
        assert case.call() != case.base.call(), case.describe()


def test_negative_zero_products_give_positive_zero():
    case = LegalCase("zeros", "bfloat16", 4, 16, 16, 16, (48,), values="negative-zeros", seed=1)
    x, w = case.data()
    out = ordered_golden(x, w, case.ends(), case.l, case.d, case.dtype).reshape(case.K, case.N, case.D)
    assert np.all(x.reshape(case.T, case.N, case.D)[:, 0::2] == 0x8000)
    assert np.all(out[:, 0::2] == 0x0000) and np.any(out[:, 1::2] != 0)


def test_cancelling_values_make_the_summation_order_visible():
    # The bit-exact check catches a kernel that sums in another order only if the data make the
    # order show: reversing j must change most outputs of a 'cancel' case, in both dtypes.
    for dtype in ("float16", "bfloat16"):
        case = LegalCase("order", dtype, 3, 32, 64, 16, (37, 300, 129), values="cancel", seed=3)
        x, w = case.data()
        forward = ordered_golden(x, w, case.ends(), case.l, case.d, dtype)
        x32, w32 = to_float32(x, dtype), to_float32(w, dtype)
        starts = window_starts(case.ends(), case.l, case.d)
        backward = np.zeros((starts.size, case.N, case.D), np.float32)
        for j in reversed(range(case.l)):
            backward += w32[j][None, :, None] * x32[starts + j]
        assert np.mean(forward != to_bits(backward, dtype)) > 0.5
