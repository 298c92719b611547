"""Seeded random cases of both ops for the CPU implementation's tests: a geometry (l, d, N, D and
sequence lengths of every kind: empty, shorter than l, around one window and one stride, long),
its values of one of the grad system tests' kinds (tests/st/nsa_compress_grad/values.py: random,
ones, integers, extreme, negative-zeros, cancel, specials; the forward reads the input and weight
of the same draw) and its layout, batched layouts padded with NaN so that a padding token read
shows."""
from dataclasses import dataclass

import numpy as np

from tests.st.nsa_compress_grad import values as grad_values
from tests.st.nsa_harness import sequences, special_values
from tests.st.nsa_harness.numerics import to_bits

LAYOUTS = ("TND", "BSND", "BNSD", "BSH", "SBH")
VALUE_KINDS = grad_values.VALUE_KINDS
# The forward's own special values (the grad's kind puts its infinities and overflow in outputGrad).
FORWARD_KINDS = tuple(kind for kind in VALUE_KINDS if kind != "specials") + ("forward-specials",)


@dataclass
class Geometry:
    N: int
    D: int
    l: int
    d: int
    lengths: list

    def windows(self):
        return sequences.windows(np.cumsum(self.lengths), self.l, self.d)


def sequence_length(rng, kind, l, d):
    if kind == "empty":
        return 0
    if kind == "short":
        return int(rng.integers(1, l))
    if kind == "boundary":
        return int(rng.choice([l - 1, l, l + 1, l + d - 1, l + d]))
    return int(rng.integers(l, 4 * l + 1))


def random_geometry(rng, max_heads=4, max_dim=64):
    l = 16 * int(rng.integers(1, 9))
    d = 16 * int(rng.integers(1, l // 16 + 1))                      # d <= l (the op refuses d > l)
    kinds = rng.choice(["empty", "short", "boundary", "long"], size=int(rng.integers(1, 6)), p=[.15, .2, .35, .3])
    lengths = [sequence_length(rng, kind, l, d) for kind in kinds]
    if sum(lengths) == 0:
        lengths.append(l)                                           # T >= 1
    return Geometry(int(rng.integers(1, max_heads + 1)), 16 * int(rng.integers(1, max_dim // 16 + 1)), l, d, lengths)


@dataclass
class Case:
    dtype: str
    layout: str
    geometry: Geometry
    x: np.ndarray          # bits in the layout's shape
    w: np.ndarray          # bits [l, N]
    dy: np.ndarray         # bits [K, N, D]
    act_seq_len: list
    seq_type: int

    def forward_args(self):
        g = self.geometry
        return self.x, self.w, g.l, g.d, self.act_seq_len, self.seq_type

    def grad_args(self):
        g = self.geometry
        return self.dy, self.x, self.w, g.l, g.d, self.act_seq_len, self.seq_type


def draw(rng, dtype, kind, layout, geometry=None):
    """A case of `kind` values in `layout` (TND cumulative ends or lengths; batched: a padded S,
    lengths or cumulative lengths, or None when every batch is full)."""
    g = geometry or random_geometry(rng)
    floats = grad_values.values("specials" if kind == "forward-specials" else kind, dtype, g, rng)
    if kind == "forward-specials":
        floats = forward_specials(dtype, g, *floats, rng)
    dy, tokens, w = (to_bits(v, dtype) for v in floats)
    seq_type = int(rng.integers(0, 2))
    act = g.lengths if seq_type == 1 else np.cumsum(g.lengths).tolist()
    S = max(g.lengths) + (int(rng.integers(0, g.d + 1)) if layout != "TND" else 0)
    if layout != "TND" and all(length == S for length in g.lengths) and rng.random() < 0.5:
        act = None
    x = grad_values.place_tokens(tokens, layout, g.lengths, max(S, 1), dtype)
    return Case(dtype, layout, g, x, w, dy, [int(v) for v in act] if act is not None else None, seq_type)


def forward_specials(dtype, g, dy, x, w, rng):
    """The grad's specials (NaN heads) with the input's infinities, subnormals and the final
    cast's overflow moved where the forward reads them: subnormal inputs on the subnormal heads, +-inf in the input on the infinity heads
    (with the weight's zeros, inf * 0 = NaN and inf - inf = NaN too), and on the overflow heads an
    input of zeros but for column 0 of the first window's tokens 0, 1 and 2, which hold P, Q and
    NUDGE * P (the head's sign), under a weight of ones: window 0 sums past the overflow threshold."""
    inf_heads = special_values.heads_of(special_values.INFINITY_HEADS, g.N)
    x[:, inf_heads] = special_values.sprinkle(x[:, inf_heads], special_values.infinities(x[:, inf_heads].shape, rng),
                                              0.05, rng)
    # Subnormal inputs under weights of moderate size, so that sums stay subnormal in either dtype
    # (the grad's kind scales them among normal values, which bfloat16's range hides).
    sub_heads = special_values.heads_of(special_values.SUBNORMAL_HEADS, g.N)
    x[:, sub_heads] = special_values.subnormals(dtype, x[:, sub_heads].shape, rng)
    w[:, sub_heads] = rng.uniform(-1.0, 1.0, w[:, sub_heads].shape).astype(np.float32)
    over_heads = special_values.heads_of(special_values.OVERFLOW_HEADS, g.N)
    big, half_largest = special_values.overflow_pair(dtype)
    signs = np.where(over_heads // special_values.HEAD_CLASSES % 2 == 0, 1.0, -1.0).astype(np.float32)
    x[:, over_heads], w[:, over_heads] = 0.0, 1.0
    first = next((begin for begin, length in zip(np.cumsum(g.lengths) - g.lengths, g.lengths) if length >= g.l), None)
    if first is not None:
        for t, value in enumerate((big, half_largest, big * np.float32(special_values.NUDGE))):
            x[first + t, over_heads, 0] = signs * value
    return dy, x, w
