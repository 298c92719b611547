"""V2's legal cases against the golden (golden.py): fixed, edge, the page-straddle grid and seeded
random cases, each checked element by element over the whole storage of each cache (checks.py)."""
import math
import os

import pytest

from .cases import build, grid_specs, load, random_specs
from .checks import check_call
from .runner import run

RANDOM_CASES = int(os.environ.get("NSA_ST_CASES", "12"))
SPECS = load("fixed.yaml") + load("edge.yaml") + grid_specs() + random_specs(RANDOM_CASES)


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.name)
def test_caches_match_the_golden(spec, tmp_path):
    built = build(spec)
    check_call(built, run(built.call, tmp_path))


def test_the_grid_reaches_every_page_offset_and_straddles():
    """The grid's prefill windows start at every offset a page admits, and cross page ends wherever
    a window can (an offset whose window passes the page's end)."""
    for spec in grid_specs():
        starts = range(0, spec.lengths[0] - spec.l + 1, spec.d)
        offsets = {start % spec.P for start in starts}
        assert offsets == set(range(0, spec.P, math.gcd(spec.P, spec.d))), spec.name
        straddles = any(start // spec.P != (start + spec.l - 1) // spec.P for start in starts)
        assert straddles == (max(offsets) + spec.l > spec.P), spec.name
