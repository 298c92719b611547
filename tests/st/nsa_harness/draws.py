"""Seeded draws of system-test cases that every op's generators share: YAML ranges, sizes that
are multiples of one 32-byte block of 16-bit elements, log-uniform counts, weighted choices, the
kinds of sequence lengths, stable seeds from names, the total of random cases a run asks for and
how it is shared among generators."""
import math
import os
import zlib

import pytest

ALIGN = 16          # D, l and d are multiples of one 32-byte block of 16-bit elements


def range_of(spec):
    """A YAML range [low, high] (inclusive), or a single value."""
    if isinstance(spec, (list, tuple)):
        low, high = spec
        return int(low), int(high)
    return int(spec), int(spec)


def aligned(rng, low, high):
    """A multiple of ALIGN in [low, high]."""
    return ALIGN * rng.randint(-(-low // ALIGN), high // ALIGN)


def log_uniform(rng, low, high):
    """An integer in [low, high], log-uniform: small head counts are as common as large ones."""
    return min(high, int(math.exp(rng.uniform(math.log(low), math.log(high + 1)))))


def weighted(rng, weights):
    """One key of {key: weight}, drawn in proportion to the weights."""
    names = list(weights)
    return rng.choices(names, weights=[float(weights[n]) for n in names])[0]


def sequence_length(rng, kind, l, d, long_max):
    """A sequence length of one kind: zero; short (1 .. l-1, no window); boundary (l-1, l, l+1,
    l+d-1, l+d: around one window and one stride); long (l .. long_max)."""
    if kind == "zero":
        return 0
    if kind == "short":
        return rng.randint(1, l - 1)
    if kind == "boundary":
        return rng.choice([l - 1, l, l + 1, l + d - 1, l + d])
    if kind == "long":
        return rng.randint(l, max(l, long_max))
    raise ValueError(f"unknown sequence length kind {kind!r}")


def stable_seed(text):
    """A seed from a name, the same in every process (unlike hash())."""
    return zlib.crc32(text.encode())


def case_counts(generators, total=None):
    """Cases per generator: the YAML counts, or `total` shared in proportion to them."""
    default = [int(g["count"]) for g in generators]
    if total is None:
        return list(zip(generators, default))
    shares = [total * c // sum(default) for c in default]
    shares[0] += total - sum(shares)
    return list(zip(generators, shares))


def requested_total(value, source):
    """The total of random cases a run asks for: `value` as given by `source` (a pytest option,
    or NSA_ST_CASES when the option is absent), None when neither gives one."""
    if value is None and os.environ.get("NSA_ST_CASES", "").strip():
        value, source = os.environ["NSA_ST_CASES"].strip(), "NSA_ST_CASES"
    if value is None:
        return None
    try:
        total = int(value)
    except ValueError:
        raise pytest.UsageError(f"{source} takes a whole number of cases, got {value!r}") from None
    if total < 0:
        raise pytest.UsageError(f"{source} takes a whole number of cases, got {total}")
    return total
