"""The decode op's legal cases against the golden (golden.py): fixed, edge, random, and the
page-straddle grid. Every element of the cache storage must match: the written rows bit for bit
(a NaN by class, nsa_harness.bit_exact), every other element unchanged, the view's own untouched
rows and the storage around a strided view alike. A call with a batch due launches the kernel
once and copies nothing (strided pools and caches are used in place); a call with none due
launches nothing."""
import os

import numpy as np
import pytest

from .cases import build, grid_specs, load, random_specs
from .runner import run
from ..nsa_harness.bit_exact import mismatches

RANDOM_CASES = int(os.environ.get("NSA_ST_CASES", "24"))
SPECS = load("fixed.yaml") + load("edge.yaml") + grid_specs() + random_specs(RANDOM_CASES)


def check_call(built, result):
    assert result.returncode == 0 and result.report.get("status") == 0, f"{result.describe()}\n{result.command}"
    bad = mismatches(result.output, built.expected, built.call.dtype)
    assert result.output.size == built.expected.size and bad.size == 0, \
        f"{bad.size} cache elements differ (first at {bad[:8].tolist()}); writers {built.written}\n{result.command}"
    if built.due:
        assert result.report["launch"]["op_type"] == "NsaCompressWithCache", result.describe()
        assert result.report["copies"] == [], f"a view went through a copy: {result.report['copies']}"
    else:
        assert "launch" not in result.report and result.report["workspace_bytes"] == 0, result.describe()


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.name)
def test_cache_matches_the_golden(spec, tmp_path):
    built = build(spec)
    check_call(built, run(built.call, tmp_path))


def test_the_grid_reaches_every_page_offset_and_straddles():
    """The grid's windows start at every offset a page admits, and cross page ends wherever a
    window can (an offset whose window passes the page's end)."""
    for spec in grid_specs():
        starts = [length - spec.l for length in spec.lengths]
        offsets = {start % spec.P for start in starts}
        assert offsets == set(range(0, spec.P, np.gcd(spec.P, spec.d))), spec.name
        straddles = any(start // spec.P != (start + spec.l - 1) // spec.P for start in starts)
        assert straddles == (max(offsets) + spec.l > spec.P), spec.name
