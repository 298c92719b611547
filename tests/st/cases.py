"""Test cases: fixed and edge cases from YAML, seeded random legal cases, generated illegal ones.

A legal case is (dtype, N, D, l, d, sequence lengths, sequence type, data kind). An illegal case
is a legal one with one rule broken, with the status and the words its message must contain.
"""
import random
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import yaml

from golden import cumulative_ends, to_bits, window_starts
from runner import Call

CASES_DIR = Path(__file__).resolve().parent / "cases"
PARAM_INVALID = 161002


@dataclass(frozen=True)
class LegalCase:
    name: str
    dtype: str
    N: int
    D: int
    l: int
    d: int
    lengths: tuple
    seq_type: int = 0
    values: str = "random"    # random | ones | extreme
    seed: int = 0

    @property
    def T(self):
        return int(sum(self.lengths))

    def ends(self):
        return cumulative_ends(self.lengths, 1).tolist()

    def act_seq_len(self):
        return list(self.lengths) if self.seq_type == 1 else self.ends()

    def call(self):
        return Call(self.dtype, (self.T, self.N, self.D), self.act_seq_len(), self.l, self.d, self.seq_type)

    def data(self):
        """Raw bits of input [T, N, D] and weight [l, N]."""
        rng = np.random.default_rng(self.seed)
        if self.values == "ones":
            x = np.ones((self.T, self.N, self.D), dtype=np.float32)
            w = np.ones((self.l, self.N), dtype=np.float32)
        elif self.values == "extreme":
            # Large and tiny magnitudes, signed zeros: overflow to inf, subnormals, -0 sums.
            choices = np.array([0.0, -0.0, 1e-7, -3e-6, 6e4, -6e4, 1.5, -2.25], dtype=np.float32)
            x = rng.choice(choices, size=(self.T, self.N, self.D))
            w = rng.choice(np.array([-0.0, 0.5, -1.0, 2.0, 3e-5], dtype=np.float32), size=(self.l, self.N))
        else:
            x = rng.standard_normal((self.T, self.N, self.D), dtype=np.float32) * rng.uniform(0.1, 8.0)
            w = rng.uniform(-1.0, 1.0, (self.l, self.N)).astype(np.float32)
        return to_bits(x, self.dtype), to_bits(w, self.dtype)

    def describe(self):
        return (f"{self.name}: dtype={self.dtype} N={self.N} D={self.D} l={self.l} d={self.d} T={self.T} "
                f"B={len(self.lengths)} type={self.seq_type} values={self.values} seed={self.seed}")


@dataclass(frozen=True)
class IllegalCase:
    name: str
    base: LegalCase
    changes: dict = field(default_factory=dict)   # fields of the runner Call to override
    status: int = PARAM_INVALID
    words: tuple = ()

    def call(self):
        return replace(self.base.call(), **self.changes)

    def data(self):
        """Input/weight bits sized for the (possibly broken) shapes the call declares."""
        call = self.call()
        x_elements = int(np.prod([max(s, 0) for s in call.shape]))
        w_shape = call.weight_shape if call.weight_shape is not None else (call.block, call.shape[1])
        w_elements = int(np.prod([max(s, 0) for s in w_shape]))
        rng = np.random.default_rng(self.base.seed)
        x_dtype = np.uint32 if call.dtype == "float32" else np.uint16
        w_dtype = np.uint32 if (call.weight_dtype or call.dtype) == "float32" else np.uint16
        # Small positive values in any format: the call must fail before they matter.
        x = rng.integers(0, 0x3000, size=x_elements).astype(x_dtype)
        w = rng.integers(0, 0x3000, size=w_elements).astype(w_dtype)
        return x, w


def _legal(entry, name):
    return LegalCase(name=name, dtype=entry.get("dtype", "float16"), N=entry["N"], D=entry["D"], l=entry["l"],
                     d=entry["d"], lengths=tuple(entry["lengths"]), seq_type=entry.get("seq_type", 0),
                     values=entry.get("values", "random"), seed=entry.get("seed", 1))


def load_listed(file_name):
    document = yaml.safe_load((CASES_DIR / file_name).read_text())
    return [_legal(entry, entry["name"]) for entry in document["cases"]]


def _lengths(rng, count, l, max_length):
    """Sequence lengths with some zero, some shorter than l, the rest up to max_length."""
    lengths = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.15:
            lengths.append(0)
        elif kind < 0.40:
            lengths.append(rng.randint(1, l - 1))
        else:
            lengths.append(rng.randint(l, max(l, max_length)))
    return lengths


def random_cases(extra_count=None):
    document = yaml.safe_load((CASES_DIR / "random.yaml").read_text())
    cases = []
    for generator in document["generators"]:
        rng = random.Random(generator["seed"])
        count = extra_count if extra_count is not None else generator["count"]
        for index in range(count):
            l = rng.choice(generator["l"])
            d = rng.choice([s for s in generator["d"] if s <= l])
            lengths = _lengths(rng, rng.randint(*generator["B"]), l, generator["max_length"])
            if sum(lengths) == 0:
                lengths[-1] = rng.randint(1, 2 * l)
            cases.append(LegalCase(
                name=f"{generator['name']}-{generator['seed']}-{index}", dtype=rng.choice(generator["dtype"]),
                N=rng.choice(generator["N"]), D=rng.choice(generator["D"]), l=l, d=d, lengths=tuple(lengths),
                seq_type=rng.choice([0, 1]), seed=rng.randrange(2 ** 31)))
    return cases


def _base(rng, index):
    l = rng.choice([16, 32, 48, 64])
    d = rng.choice([s for s in (16, 32, 48) if s <= l])
    lengths = tuple(rng.choice([0, l - 1, l, l + d, 3 * l]) for _ in range(rng.randint(1, 4))) + (2 * l,)
    return LegalCase(name=f"base{index}", dtype=rng.choice(["float16", "bfloat16"]), N=rng.choice([1, 2, 4]),
                     D=rng.choice([16, 32, 64]), l=l, d=d, lengths=lengths, seq_type=rng.choice([0, 1]),
                     seed=rng.randrange(2 ** 31))


def _rule(rule, base, rng):
    """(call changes, message words) breaking one rule of the contract on `base`."""
    c = base.call()
    T, N, D = c.shape
    ends = base.ends()
    other = "bfloat16" if base.dtype == "float16" else "float16"
    if rule == "input_dtype":
        return {"dtype": "float32", "weight_dtype": "float32", "output_dtype": "float32"}, ("input dtype", "FLOAT")
    if rule == "weight_dtype":
        return {"weight_dtype": other}, ("weight dtype",)
    if rule == "output_dtype":
        return {"output_dtype": other}, ("output dtype",)
    if rule == "head_num_high":
        n = rng.choice([129, 200])
        return {"shape": (T, n, D)}, ("N", str(n), "[1, 128]")
    if rule == "head_dim_unaligned":
        dim = rng.choice([8, 24, 40, 100])
        return {"shape": (T, N, dim)}, ("D", str(dim), "multiple of 16")
    if rule == "head_dim_high":
        dim = rng.choice([272, 512])
        return {"shape": (T, N, dim)}, ("D", str(dim), "256")
    if rule == "block_unaligned":
        l = rng.choice([8, 24, 40])
        return {"block": l, "stride": 16}, ("compressBlockSize", str(l))
    if rule == "block_high":
        l = rng.choice([144, 256])
        return {"block": l, "stride": 16}, ("compressBlockSize", str(l), "128")
    if rule == "stride_unaligned":
        s = rng.choice([8, 24, 1])
        return {"stride": s}, ("compressStride", str(s))
    if rule == "stride_above_block":
        s = base.l + 16
        return {"stride": s}, ("compressStride", str(s), f"compressBlockSize={base.l}")
    if rule == "stride_zero":
        return {"stride": 0}, ("compressStride", "0")
    if rule == "seq_type":
        t = rng.choice([2, -1, 7])
        return {"seq_type": t}, ("actSeqLenType", str(t))
    if rule == "layout":
        layout = rng.choice(["BSND", "BNSD", "SBH", "tnd"])
        return {"layout": layout}, ("layoutOptional", layout, "TND")
    if rule == "weight_shape":
        shape = rng.choice([(base.l + 16, N), (base.l, N + 1)])
        return {"weight_shape": shape}, ("weight shape", f"[{shape[0]}, {shape[1]}]")
    if rule == "weight_rank":
        return {"weight_shape": (base.l, N, 1)}, ("weight shape", "2 dims")
    if rule == "output_rows":
        k = len(window_starts(ends, base.l, base.d)) + rng.choice([1, -1])
        return {"output_shape": (max(k, 0), N, D)}, ("output shape", "[K, N, D]")
    if rule == "output_heads":
        k = len(window_starts(ends, base.l, base.d))
        return {"output_shape": (k, N + 1, D)}, ("output shape", f"[{k}, {N + 1}, {D}]")
    if rule == "seq_decreasing":
        bad = list(ends)
        bad.insert(0, T)   # a first end at T, then the real ends, the first of which is smaller
        return {"act_seq_len": bad, "seq_type": 0}, ("actSeqLen[1]", "non-decreasing")
    if rule == "seq_negative":
        return {"act_seq_len": [-5] + ends, "seq_type": 0}, ("actSeqLen[0]", "-5", "negative")
    if rule == "seq_short_end":
        return {"act_seq_len": ends[:-1] + [T - 1], "seq_type": 0}, ("actSeqLen", str(T - 1), f"T=input.shape[0]={T}")
    if rule == "seq_lengths_sum":
        lengths = list(base.lengths)
        lengths[-1] += 16
        return {"act_seq_len": lengths, "seq_type": 1}, ("actSeqLen", "sum", f"T={T}")
    if rule == "seq_empty":
        return {"act_seq_len": [], "seq_type": 0}, ("actSeqLen", "empty")
    raise ValueError(f"unknown rule {rule}")


def illegal_cases():
    document = yaml.safe_load((CASES_DIR / "illegal.yaml").read_text())
    rng = random.Random(document["seed"])
    cases = []
    for rule in document["rules"]:
        for variant in range(document["variants_per_rule"]):
            base = _base(rng, variant)
            changes, words = _rule(rule, base, rng)
            cases.append(IllegalCase(name=f"{rule}-{variant}", base=base, changes=changes, words=tuple(words)))
    return cases
