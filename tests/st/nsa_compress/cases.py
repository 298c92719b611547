"""Legal system-test cases: fixed and edge cases listed in YAML, and seeded random legal cases
drawn from the generators in cases/random.yaml.

Every case has a one-line spec (`legal:...`) that rebuilds it exactly, data included: the
--st-case option runs a single spec, which is how a failure is reproduced. The cases of views and
layouts (`view:...`) are in view_cases.py; the illegal cases (`illegal:...`) in illegal.py.
"""
import math
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from .golden import cumulative_ends, output_rows, to_bits, to_float32
from .runner import Call
from ..nsa_harness import special_values
from ..nsa_harness.command_line import spec_fields
from ..nsa_harness.draws import (ALIGN, aligned, case_counts, log_uniform, range_of, sequence_length,
                               stable_seed, weighted)

CASES_DIR = Path(__file__).resolve().parent / "cases"
VALUE_KINDS = ("random", "ones", "integers", "extreme", "cancel", "negative-zeros", "specials")


# ----------------------------------------------------------------------------- legal cases

class SequenceRows:
    """What a case given by its sequences' `lengths` (and N, D, l, d) implies: T, the valid tokens
    (padding excluded); K; the simulator's work; and the sequences' cumulative ends."""

    @property
    def T(self):
        return int(sum(self.lengths))

    @property
    def K(self):
        return output_rows(self.ends(), self.l, self.d)

    @property
    def work(self):
        """Multiply-adds per token times tokens: what one run of the simulator costs."""
        return self.T * self.N * self.D * math.ceil(self.l / self.d)

    def ends(self):
        return cumulative_ends(self.lengths, 1)


@dataclass(frozen=True)
class LegalCase(SequenceRows):
    name: str
    dtype: str
    N: int
    D: int
    l: int
    d: int
    lengths: tuple          # sequence lengths; the call passes them as ends or lengths by seq_type
    seq_type: int = 0
    values: str = "random"  # one of VALUE_KINDS
    seed: int = 0           # the data's seed

    def act_seq_len(self):
        return tuple(int(v) for v in (self.lengths if self.seq_type == 1 else self.ends()))

    def call(self):
        return Call(self.dtype, (self.T, self.N, self.D), self.act_seq_len(), self.l, self.d, self.seq_type)

    def data(self):
        """Raw 16-bit patterns of input [T, N, D] and weight [l, N]."""
        x, w = _values(self.values, self.dtype, self.lengths, self.N, self.D, self.l,
                       np.random.default_rng(self.seed))
        return to_bits(x, self.dtype), to_bits(w, self.dtype)

    def spec(self):
        return (f"legal:dtype={self.dtype},N={self.N},D={self.D},l={self.l},d={self.d},type={self.seq_type},"
                f"values={self.values},seed={self.seed},lengths={'/'.join(str(v) for v in self.lengths)}")

    def describe(self):
        return (f"{self.name}: dtype={self.dtype} T={self.T} N={self.N} D={self.D} l={self.l} d={self.d} "
                f"B={len(self.lengths)} K={self.K} actSeqLenType={self.seq_type} values={self.values} "
                f"seed={self.seed}")


def _values(kind, dtype, lengths, N, D, l, rng):
    """float32 input [T, N, D] and weight [l, N] values of one kind (rounded to `dtype` by the
    caller)."""
    x_shape, w_shape = (int(sum(lengths)), N, D), (l, N)
    if kind == "ones":
        return np.ones(x_shape, np.float32), np.ones(w_shape, np.float32)
    if kind == "integers":
        # Exact products and (up to 2^11 / 2^8) exact sums: a wrong token or head shows plainly.
        return (rng.integers(-8, 9, x_shape).astype(np.float32),
                rng.integers(-4, 5, w_shape).astype(np.float32))
    if kind == "extreme":
        if dtype == "float16":
            # Signed zeros (+0.0 + -0.0 must give +0.0), subnormals, and sums past 65504 (inf).
            x_set = [0.0, -0.0, 6e-8, -3e-6, 1e-4, 6e4, -6e4, 1.5, -2.25]
            w_set = [-0.0, 0.5, -1.0, 2.0, 3e-5, 6e-8]
        else:
            # Signed zeros, products below float32's normal range (1e-40), and large magnitudes.
            x_set = [0.0, -0.0, 1e-20, -3e-19, 1e30, -2e30, 1.5, -2.25, 1e-39]
            w_set = [-0.0, 0.5, -1.0, 2.0, 1e-20, 3e5]
        return (rng.choice(np.array(x_set, np.float32), size=x_shape),
                rng.choice(np.array(w_set, np.float32), size=w_shape))
    if kind == "random":
        # Magnitudes spread over 2^-6 .. 2^6 so that float32 sums round often: a kernel that adds
        # in another order, or fuses the multiply-add, changes the last bits of many outputs.
        x = rng.standard_normal(x_shape, dtype=np.float32) * np.exp2(rng.integers(-6, 7, x_shape)).astype(np.float32)
        w = rng.uniform(-1.0, 1.0, w_shape).astype(np.float32) * np.exp2(rng.integers(-3, 2, w_shape)).astype(np.float32)
        return x, w
    if kind == "negative-zeros":
        # Even heads hold -0.0 only and the weights are positive: every product there is -0.0,
        # and the contract's acc = +0.0 + (-0.0) + ... gives +0.0. A kernel that starts from
        # -0.0, or assigns the first product instead of adding it, writes -0.0 (0x8000).
        x = rng.standard_normal(x_shape).astype(np.float32)
        x[:, 0::2, :] = -0.0
        return x, rng.uniform(0.25, 2.0, w_shape).astype(np.float32)
    if kind == "cancel":
        return _cancelling_values(dtype, lengths, x_shape, w_shape, rng)
    if kind == "specials":
        return _special_values(dtype, lengths, x_shape, w_shape, rng)
    raise ValueError(f"unknown value kind {kind!r} (one of {VALUE_KINDS})")


def _cancelling_values(dtype, lengths, x_shape, w_shape, rng):
    """Small values with cancelling spikes: the data that makes the order of the sum visible.

    A float16/bfloat16 product is exact in float32, so only the additions round, and with random
    values their float32 errors rarely reach the last bit of a 16-bit output. Here tokens pair up
    from each sequence's start (offsets 2m, 2m+1), the weights of j = 2k and 2k+1 are equal, and
    some pairs carry +H and -H with H about 2^14 (float16) or 2^24 (bfloat16) times the small
    values. Every window starts at an even offset (d is a multiple of 16), so each spike pair
    cancels inside each window in exact arithmetic; in the contract's float32 order the partial
    sum before the pair loses its low bits to H, which a different order (reversed j, a tree, a
    16-bit accumulator) does not reproduce bit for bit.
    """
    lengths = np.asarray(lengths, dtype=np.int64)
    x = rng.standard_normal(x_shape).astype(np.float32) * np.exp2(rng.integers(-10, -3, x_shape)).astype(np.float32)
    w = rng.uniform(-1.0, 1.0, w_shape).astype(np.float32) * np.exp2(rng.integers(-1, 2, w_shape)).astype(np.float32)
    w[1::2] = w[0::2]
    begins = np.repeat(np.cumsum(lengths) - lengths, lengths)
    offset = np.arange(x_shape[0], dtype=np.int64) - begins
    end_of_sequence = np.repeat(np.cumsum(lengths), lengths)
    first = np.flatnonzero((offset % 2 == 0) & (np.arange(x_shape[0]) + 1 < end_of_sequence))
    low, high = (10, 15) if dtype == "float16" else (16, 31)
    spike_shape = (first.size,) + x_shape[1:]
    spikes = (rng.choice([-1.0, 1.0], spike_shape) * rng.uniform(1.0, 1.9, spike_shape) *
              np.exp2(rng.integers(low, high, spike_shape))).astype(np.float32)
    spikes = to_float32(to_bits(spikes, dtype), dtype)          # -spike is then exact in dtype too
    chosen = rng.random(spike_shape) < 0.4
    x[first] = np.where(chosen, spikes, x[first])
    x[first + 1] = np.where(chosen, -spikes, x[first + 1])
    return x, w


def _special_values(dtype, lengths, x_shape, w_shape, rng):
    """NaNs, infinities, subnormals and final-cast overflow, each on its own heads
    (nsa_harness/special_values.py), over moderate values that cannot overflow float32:
    - NaN heads: NaNs of any sign and payload in about half the windows, and zero weights;
    - infinity heads: about one +-inf per window, weights of both signs and some zero, so that
      outputs are +inf, -inf, inf - inf = NaN and inf * 0 = NaN;
    - subnormal heads: half the inputs and weights subnormals of the dtype;
    - overflow heads: weights (1, 1, NUDGE, 0, ...) with the sign of the head, and tokens P at even
      and Q at odd offsets of their sequence, so every window sums to +-(P + Q + NUDGE * P), past
      the overflow threshold from finite values (every window starts at an even offset).
    """
    l, N = w_shape
    x = rng.standard_normal(x_shape).astype(np.float32) * np.exp2(rng.integers(-4, 5, x_shape)).astype(np.float32)
    w = rng.uniform(-1.0, 1.0, w_shape).astype(np.float32)
    w = special_values.sprinkle(w, np.zeros(w_shape, np.float32), 0.1, rng)
    nan_heads = special_values.heads_of(special_values.NAN_HEADS, N)
    x[:, nan_heads] = special_values.sprinkle(x[:, nan_heads], special_values.nans(x[:, nan_heads].shape, rng),
                                              0.5 / l, rng)
    inf_heads = special_values.heads_of(special_values.INFINITY_HEADS, N)
    x[:, inf_heads] = special_values.sprinkle(x[:, inf_heads], special_values.infinities(x[:, inf_heads].shape, rng),
                                              1.0 / l, rng)
    sub_heads = special_values.heads_of(special_values.SUBNORMAL_HEADS, N)
    x[:, sub_heads] = special_values.sprinkle(x[:, sub_heads] * np.float32(2.0 ** -8),
                                              special_values.subnormals(dtype, x[:, sub_heads].shape, rng), 0.5, rng)
    w[:, sub_heads] = special_values.sprinkle(w[:, sub_heads], special_values.subnormals(dtype, (l, sub_heads.size), rng),
                                              0.5, rng)
    over_heads = special_values.heads_of(special_values.OVERFLOW_HEADS, N)
    big, half_largest = special_values.overflow_pair(dtype)
    lengths = np.asarray(lengths, dtype=np.int64)
    offset = np.arange(x_shape[0], dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    x[:, over_heads] = np.where(offset % 2 == 0, big, half_largest)[:, None, None]
    signs = np.where(over_heads // special_values.HEAD_CLASSES % 2 == 0, 1.0, -1.0).astype(np.float32)
    w[:, over_heads] = 0.0
    w[0:2, over_heads] = signs
    w[2, over_heads] = signs * np.float32(special_values.NUDGE)
    return x, w


def _legal_from_entry(entry, group):
    name = entry["name"]
    return LegalCase(name=f"{group}:{name}", dtype=entry["dtype"], N=int(entry["N"]), D=int(entry["D"]),
                     l=int(entry["l"]), d=int(entry["d"]), lengths=tuple(int(v) for v in entry["lengths"]),
                     seq_type=int(entry.get("seq_type", 0)), values=entry.get("values", "random"),
                     seed=int(entry.get("seed", stable_seed(name))))


def load_listed(file_name):
    """The cases a YAML file lists (fixed.yaml, edge.yaml), named '<file stem>:<name>'."""
    document = yaml.safe_load((CASES_DIR / file_name).read_text())
    group = Path(file_name).stem
    return [_legal_from_entry(entry, group) for entry in document["cases"]]


# ----------------------------------------------------------------------------- random legal cases

def _token_budget(generator, N, D, windows_per_token):
    return min(int(generator["max_elements"]) // (N * D),
               int(generator["max_work"]) // (N * D * windows_per_token))


def draw_random_case(generator, index):
    """Case `index` of a generator. It depends only on (generator seed, index), not on how many
    cases are drawn, so --st-cases N keeps the first cases of the default run."""
    rng = random.Random(f"{generator['seed']}:{index}")
    l = aligned(rng, *range_of(generator["l"]))
    d_low, d_high = range_of(generator["d"])
    d = aligned(rng, d_low, min(d_high, l))
    windows_per_token = math.ceil(l / d)
    n_low, n_high = range_of(generator["N"])
    # Keep every case under the budgets: the run time of a case grows with its input elements
    # (copies) and its multiply-adds (simulation). Heads and dim are drawn until at least two
    # windows of tokens fit, so wide heads come with short sequences instead of a slow case.
    for _ in range(50):
        N = log_uniform(rng, n_low, n_high)
        D = aligned(rng, *range_of(generator["D"]))
        max_tokens = _token_budget(generator, N, D, windows_per_token)
        if max_tokens >= 2 * l:
            break
    else:
        N, D = n_low, aligned(rng, range_of(generator["D"])[0], range_of(generator["D"])[0] + ALIGN - 1)
        max_tokens = max(2 * l, _token_budget(generator, N, D, windows_per_token))
    B = rng.randint(*range_of(generator["B"]))
    long_max = max(l, min(int(generator["max_length"]), max_tokens // B))
    drawn = [sequence_length(rng, weighted(rng, generator["lengths"]), l, d, long_max) for _ in range(B)]
    lengths = []
    for length in drawn:                # the sequences that fit the budget, at least one
        if lengths and sum(lengths) + length > max_tokens:
            break
        lengths.append(min(length, max_tokens))
    if sum(lengths) == 0:               # T >= 1: give one sequence some tokens
        lengths[rng.randrange(len(lengths))] = rng.randint(1, long_max)
    return LegalCase(name=f"random:{generator['name']}-{index}", dtype=rng.choice(generator["dtype"]),
                     N=N, D=D, l=l, d=d, lengths=tuple(lengths), seq_type=rng.choice(generator["seq_type"]),
                     values=weighted(rng, generator["values"]), seed=rng.randrange(2 ** 31))


def random_generators():
    return yaml.safe_load((CASES_DIR / "random.yaml").read_text())["generators"]


def split_random_total(total):
    """(random.yaml's share, views.yaml's share) of a requested total of random cases, in
    proportion to their default counts; (None, None) keeps both files' counts."""
    if total is None:
        return None, None
    legacy = sum(int(g["count"]) for g in random_generators())
    views = sum(int(g["count"]) for g in yaml.safe_load((CASES_DIR / "views.yaml").read_text())["generators"])
    view_share = total * views // (legacy + views)
    return total - view_share, view_share


def random_case_counts(total=None):
    return case_counts(random_generators(), total)


def random_cases(total=None):
    return [draw_random_case(generator, index)
            for generator, count in random_case_counts(total) for index in range(count)]


# ----------------------------------------------------------------------------- specs

def parse_legal_spec(text):
    """The LegalCase a LegalCase.spec() printed."""
    fields = spec_fields(text, "legal")
    lengths = tuple(int(v) for v in fields["lengths"].split("/") if v != "")
    return LegalCase(name="command-line", dtype=fields["dtype"], N=int(fields["N"]), D=int(fields["D"]),
                     l=int(fields["l"]), d=int(fields["d"]), lengths=lengths,
                     seq_type=int(fields.get("type", 0)), values=fields.get("values", "random"),
                     seed=int(fields.get("seed", 0)))
