"""Legal system-test cases of aclnnNsaCompressGrad: fixed and edge cases listed in
cases/fixed.yaml and cases/edge.yaml, and seeded random cases drawn from the generators of
cases/random.yaml, in every layout.

A case is its geometry (layout, dtype, N, D, l, d, the sequences or batches), its value kind and
seed; its data follow from them. Every case has a one-line spec (`grad:...`) that rebuilds it
exactly: the --st-case option runs one, which is how a failure is reproduced.
"""
import math
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from .runner import GradCall
from ..nsa_harness.command_line import spec_fields
from ..nsa_harness.layouts import layout_shape
from .values import place_tokens, values
from ..nsa_harness.draws import (ALIGN, aligned, case_counts, log_uniform, range_of, sequence_length, stable_seed,
                               weighted)
from ..nsa_harness.numerics import to_bits
from ..nsa_harness.sequences import cumulative_ends, windows

CASES_DIR = Path(__file__).resolve().parent / "cases"
NULL_LIST = -1          # seq_type of a batched case whose actSeqLen is a null pointer (every batch full)


@dataclass
class GradData:
    """Raw 16-bit patterns of one case: outputGrad [K, N, D], the input in its layout's shape
    (padding NaN), the packed tokens [T, N, D] and the weight [l, N]."""
    dy: np.ndarray
    x: np.ndarray
    tokens: np.ndarray
    w: np.ndarray


@dataclass(frozen=True)
class GradCase:
    name: str
    layout: str             # TND or one of BATCHED_LAYOUTS
    dtype: str
    N: int
    D: int
    l: int
    d: int
    lengths: tuple          # TND: the sequences' lengths; batched: each batch's valid length
    S: int = 0              # batched: tokens per batch (padding after each batch's valid ones)
    seq_type: int = 0       # 0: cumulative ends, 1: lengths, NULL_LIST: no list (batched, full batches)
    values: str = "random"  # one of VALUE_KINDS
    seed: int = 0

    # ------------------------------------------------------------------ geometry
    @property
    def batched(self):
        return self.layout != "TND"

    @property
    def T(self):
        """Valid tokens (padding excluded)."""
        return int(sum(self.lengths))

    @property
    def slots(self):
        """Token slots of the input: T, or B * S with the padding."""
        return len(self.lengths) * self.S if self.batched else self.T

    def ends(self):
        """The packed sequences' cumulative ends."""
        return cumulative_ends(self.lengths, 1)

    def windows(self):
        """(start token, sequence, window index in its sequence) of every output row."""
        return windows(self.ends(), self.l, self.d)

    @property
    def K(self):
        return int(self.windows()[0].size)

    @property
    def work(self):
        """What one run costs the simulator: token slots times heads, dims and windows per token,
        plus weightGrad's K * l * N * D products."""
        return self.slots * self.N * self.D * math.ceil(self.l / self.d) + self.K * self.l * self.N * self.D

    def input_shape(self):
        return layout_shape(self.layout, self.N, self.D, B=len(self.lengths), S=self.S, T=self.T)

    def act_seq_len(self):
        if self.seq_type == NULL_LIST:
            return None
        return tuple(int(v) for v in (self.lengths if self.seq_type == 1 else self.ends()))

    def call_seq_type(self):
        return 0 if self.seq_type == NULL_LIST else self.seq_type

    def call(self):
        return GradCall(self.dtype, self.input_shape(), self.act_seq_len(), self.l, self.d, self.call_seq_type(),
                        self.layout, heads=self.N if self.layout in ("BSH", "SBH") else None,
                        output_grad_rows=self.K)

    def data(self):
        dy, tokens, w = values(self.values, self.dtype, self, np.random.default_rng(self.seed))
        tokens_bits = to_bits(tokens, self.dtype)
        return GradData(to_bits(dy, self.dtype), place_tokens(tokens_bits, self.layout, self.lengths, self.S,
                                                              self.dtype),
                        tokens_bits, to_bits(w, self.dtype))

    # ------------------------------------------------------------------ naming
    def spec(self):
        return (f"grad:layout={self.layout},dtype={self.dtype},N={self.N},D={self.D},l={self.l},d={self.d},"
                f"S={self.S},type={self.seq_type},values={self.values},seed={self.seed},"
                f"lengths={'/'.join(str(v) for v in self.lengths)}")

    def describe(self):
        batches = f" B={len(self.lengths)} S={self.S}" if self.batched else f" sequences={len(self.lengths)}"
        return (f"{self.name}: {self.layout} dtype={self.dtype} T={self.T}{batches} N={self.N} D={self.D} "
                f"l={self.l} d={self.d} K={self.K} actSeqLenType={self.seq_type} values={self.values} "
                f"seed={self.seed}")


def parse_legal_spec(text):
    """The GradCase a spec() printed."""
    fields = spec_fields(text, "grad")
    return GradCase(name="command-line", layout=fields["layout"], dtype=fields["dtype"], N=int(fields["N"]),
                    D=int(fields["D"]), l=int(fields["l"]), d=int(fields["d"]),
                    lengths=tuple(int(v) for v in fields["lengths"].split("/") if v != ""), S=int(fields["S"]),
                    seq_type=int(fields["type"]), values=fields["values"], seed=int(fields["seed"]))


# ----------------------------------------------------------------------------- listed cases

def _case_from_entry(entry, group):
    name = entry["name"]
    return GradCase(name=f"{group}:{name}", layout=entry.get("layout", "TND"), dtype=entry["dtype"],
                    N=int(entry["N"]), D=int(entry["D"]), l=int(entry["l"]), d=int(entry["d"]),
                    lengths=tuple(int(v) for v in entry["lengths"]), S=int(entry.get("S", 0)),
                    seq_type=int(entry.get("seq_type", 0)), values=entry.get("values", "random"),
                    seed=int(entry.get("seed", stable_seed(name))))


def load_listed(file_name):
    """The cases a YAML file lists (fixed.yaml, edge.yaml), named '<file stem>:<name>'."""
    document = yaml.safe_load((CASES_DIR / file_name).read_text())
    return [_case_from_entry(entry, Path(file_name).stem) for entry in document["cases"]]


def listed_cases():
    return load_listed("fixed.yaml") + load_listed("edge.yaml")


# ----------------------------------------------------------------------------- random cases

def _token_budget(generator, N, D, l, d):
    """Token slots a case of these sizes may have, so that its input elements and its simulated
    products stay under the generator's budgets: per token, head and column, ceil(l/d) products
    for inputGrad and about l/d for weightGrad (K * l products, K about T / d)."""
    per_token = math.ceil(l / d) + l / d
    return min(int(generator["max_elements"]) // (N * D), int(generator["max_work"] / (N * D * per_token)))


def draw_random_case(generator, index):
    """Case `index` of a generator: a function of (generator seed, index) alone, so a larger
    --st-cases keeps the default run's cases."""
    rng = random.Random(f"{generator['seed']}:{index}")
    layout = weighted(rng, generator["layouts"])
    l = aligned(rng, *range_of(generator["l"]))
    d_low, d_high = range_of(generator["d"])
    d = aligned(rng, d_low, min(d_high, l))
    n_low, n_high = range_of(generator["N"])
    # Heads and dim are drawn until two windows of tokens per batch fit the budgets, so wide
    # heads come with short sequences instead of a slow case.
    B = rng.randint(*range_of(generator["B"]))
    for _ in range(50):
        N = log_uniform(rng, n_low, n_high)
        D = aligned(rng, *range_of(generator["D"]))
        max_slots = _token_budget(generator, N, D, l, d)
        if max_slots >= 2 * l * (B if layout != "TND" else 1):
            break
    else:
        N, D, B = n_low, ALIGN, 1
        max_slots = max(2 * l, _token_budget(generator, N, D, l, d))
    long_max = max(l, min(int(generator["max_length"]), max_slots // B))
    drawn = [sequence_length(rng, weighted(rng, generator["lengths"]), l, d, long_max) for _ in range(B)]
    seq_type = int(weighted(rng, generator["seq_type"]))
    if layout == "TND":
        seq_type = max(seq_type, 0)          # TND needs a list
        lengths, S = [], 0
        for length in drawn:                 # the sequences that fit the budget, at least one
            if lengths and sum(lengths) + length > max_slots:
                break
            lengths.append(min(length, max_slots))
        if sum(lengths) == 0:                # T >= 1
            lengths[rng.randrange(len(lengths))] = rng.randint(1, long_max)
    else:
        S = max(1, min(max(drawn) + rng.choice([0, 0, 1, d, l]), max_slots // B))
        lengths = [S] * B if seq_type == NULL_LIST else [min(length, S) for length in drawn]
    return GradCase(name=f"random:{generator['name']}-{index}", layout=layout, dtype=rng.choice(generator["dtype"]),
                    N=N, D=D, l=l, d=d, lengths=tuple(lengths), S=S, seq_type=seq_type,
                    values=weighted(rng, generator["values"]), seed=rng.randrange(2 ** 31))


def random_generators():
    return yaml.safe_load((CASES_DIR / "random.yaml").read_text())["generators"]


def random_cases(total=None):
    return [draw_random_case(generator, index)
            for generator, count in case_counts(random_generators(), total) for index in range(count)]


def all_legal_cases(total=None):
    return listed_cases() + random_cases(total)

