"""Cross-op identity: a window compressed by the decode op is bit-identical to the same window of
the forward op (aclnnNsaCompress), so prefill and decode of one sequence give the same compressed
tokens. For random sequences, both dtypes and page sizes that put the windows at every offset a
page admits, the forward example compresses the packed sequences, and one decode call compresses
every window of every sequence (one batch per window, its length ending the window, its block
table the sequence's shuffled pages, its slot the forward's output row). The two outputs must be
equal bit for bit; neither is compared with a golden here."""
import math
import random

import numpy as np
import pytest

from .runner import Call, run
from ..nsa_compress.runner import Call as ForwardCall, run as forward_run
from ..nsa_harness.numerics import to_bits

# (page size, window length, window step): page sizes that are not multiples of 16 among them.
SHAPES = ((5, 32, 16), (24, 48, 16), (48, 64, 32), (16, 16, 16), (100, 128, 64), (64, 32, 16))
SEEDS = (1, 2)


def sequences(rng, page, l, d):
    """Sequence lengths: the first has a window at every offset a page admits, the others random."""
    offsets = page // math.gcd(page, d)
    first = l + (offsets + 1) * d
    return [first] + [rng.randint(l, l + 5 * d + 7) for _ in range(rng.randint(1, 3))]


def paged_windows(lengths, page, l, d, tokens, rng):
    """The pool, block table, per-window lengths and slots of the decode call for `tokens` packed
    as `lengths`; every sequence's pages in a shuffled order, every window one batch."""
    widths = [math.ceil(length / page) for length in lengths]
    order = list(range(sum(widths)))
    rng.shuffle(order)
    pool = np.zeros((sum(widths), page) + tokens.shape[1:], tokens.dtype)
    table = np.zeros((0, max(widths)), np.int32)
    batch_lengths, rows = [], []
    start = 0
    for length, width in zip(lengths, widths):
        pages = order[:width]
        order = order[width:]
        for t in range(length):
            pool[pages[t // page], t % page] = tokens[start + t]
        row = np.array(pages + [0] * (max(widths) - width), np.int32)
        count = (length - l) // d + 1
        batch_lengths += [l + i * d for i in range(count)]
        rows += [row] * count
        start += length
    return pool, np.array(rows, np.int32).reshape(-1, table.shape[1]), batch_lengths


@pytest.mark.parametrize("dtype", ("float16", "bfloat16"))
@pytest.mark.parametrize("page, l, d", SHAPES)
@pytest.mark.parametrize("seed", SEEDS)
def test_decode_windows_equal_the_forward_windows(dtype, page, l, d, seed, tmp_path):
    rng = random.Random(f"{dtype}-{page}-{l}-{d}-{seed}")
    nrng = np.random.default_rng(rng.randrange(2**32))
    heads, dim = rng.choice((1, 2, 4)), rng.choice((16, 48, 64))
    lengths = sequences(rng, page, l, d)
    tokens = to_bits(nrng.uniform(-3, 3, (sum(lengths), heads, dim)), dtype)
    weight = to_bits(nrng.uniform(-1, 1, (l, heads)), dtype)

    forward = ForwardCall(dtype=dtype, shape=tokens.shape, act_seq_len=tuple(lengths), block=l, stride=d, seq_type=1)
    (tmp_path / "forward").mkdir()
    expected = forward_run(forward, tokens, weight, tmp_path / "forward")
    assert expected.returncode == 0, expected.describe()

    pool, table, batch_lengths = paged_windows(lengths, page, l, d, tokens, rng)
    windows = len(batch_lengths)
    assert expected.output.size == windows * heads * dim
    offsets = {(length - l) % page for length in batch_lengths}
    assert offsets >= set(range(0, page, math.gcd(page, d))), "some page offset has no window"
    call = Call(dtype=dtype, shape=pool.shape, input_storage=pool.reshape(-1), weight_storage=weight,
                cache_shape=(windows, heads, dim), cache_storage=np.full(windows * heads * dim, 0x7E00, np.uint16),
                slots=np.arange(windows, dtype=np.int32), table=table, act_seq_len=tuple(batch_lengths), block=l,
                stride=d)
    (tmp_path / "decode").mkdir()
    got = run(call, tmp_path / "decode")
    assert got.returncode == 0, got.describe()
    differ = np.flatnonzero(got.output != expected.output)
    assert differ.size == 0, f"{differ.size} elements differ, first at {differ[:8].tolist()}\n{got.command}"
