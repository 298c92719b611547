"""System-test cases: fixed and edge cases listed in YAML, seeded random legal cases drawn from
the generators in cases/random.yaml, and illegal cases that break one rule of the contract each,
generated from cases/illegal.yaml.

Every case has a one-line spec (`legal:...` or `illegal:...`) that rebuilds it exactly, data
included: conftest's --st-case option runs a single spec, which is how a failure is reproduced.
The cases of views and layouts (`view:...`) are in view_cases.py; their illegal rules are here.
"""
import math
import random
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import yaml

from golden import cumulative_ends, output_rows, to_bits, to_float32
from nsa_harness import illegal_rules, sequence_rules
from runner import Call
from nsa_harness.draws import (ALIGN, aligned, case_counts, log_uniform, range_of, sequence_length,
                               stable_seed, weighted)

CASES_DIR = Path(__file__).resolve().parent / "cases"
ACLNN_ERR_PARAM_NULLPTR = 161001
ACLNN_ERR_PARAM_INVALID = 161002
VALUE_KINDS = ("random", "ones", "integers", "extreme", "cancel", "negative-zeros")
# How the operator names each dtype in its messages (op::ToString, as CANN prints ge::DataType).
ACL_DTYPE_NAMES = {"float16": "DT_FLOAT16", "bfloat16": "DT_BF16", "float32": "DT_FLOAT"}


def _shape_text(shape):
    return "[" + ", ".join(str(v) for v in shape) + "]"


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


# ----------------------------------------------------------------------------- illegal cases

@dataclass(frozen=True)
class IllegalCase:
    name: str
    rule: str
    seed: int
    base: LegalCase
    changes: dict = field(default_factory=dict)   # Call fields the rule overrides
    words: tuple = ()                             # what the error message must contain
    status: int = ACLNN_ERR_PARAM_INVALID

    def call(self):
        return replace(self.base.call(), **self.changes)

    def data(self):
        """Bits sized for the shapes and dtypes the (broken) call declares, as the binary checks
        file sizes before the operator sees anything."""
        call = self.call()
        rng = np.random.default_rng(self.seed)

        def bits(count, dtype):
            values = rng.uniform(-2.0, 2.0, count).astype(np.float32)
            return values.view(np.uint32) if dtype == "float32" else to_bits(values, dtype)

        # The whole storage of each view (the view itself when the call keeps the default strides
        # and offset).
        return (bits(call.input_storage_elements(), call.dtype),
                bits(call.weight_storage_elements(), call.resolved_weight_dtype()))

    def spec(self):
        return f"illegal:rule={self.rule},seed={self.seed}"

    def describe(self):
        return f"{self.name}: rule {self.rule} on {self.base.describe()}; changes {self.changes}"


def _illegal_base(rng):
    """A small legal case with at least one window, for a rule to break."""
    l = rng.choice([16, 32, 48, 64])
    d = rng.choice([s for s in (16, 32, 48, 64) if s <= l])
    lengths = [rng.choice([0, l - 1, l, l + d, 2 * l + d]) for _ in range(rng.randint(0, 3))] + [2 * l]
    rng.shuffle(lengths)
    return LegalCase(name="base", dtype=rng.choice(["float16", "bfloat16"]), N=rng.randint(1, 6),
                     D=rng.choice([16, 32, 64]), l=l, d=d, lengths=tuple(lengths), seq_type=rng.choice([0, 1]),
                     seed=rng.randrange(2 ** 31))


def _is(value):
    return f"is {value}"


# One function per argument rule of nsa_compress/docs/aclnnNsaCompress.md (and of the op_api checks that enforce it). Each
# returns (Call overrides, words of the message[, status]); the words are the parameter's name and
# the offending value, never the whole sentence; the status defaults to ACLNN_ERR_PARAM_INVALID.
def _rule_layout(base, rng):
    # Names that are not layouts (the five documented ones are legal; see view_cases.py). The
    # example reads a three-size --shape of an unknown layout as T,N,D and passes it on.
    layout = rng.choice(["tnd", "TND ", "NTD", "", "BSHD", "bsnd", "TH", "SBND"])
    return {"layout": layout}, ("layoutOptional", f'"{layout}"')


def _rule_seq_type(base, rng):
    value = rng.choice([2, 3, -1, 100])
    return {"seq_type": value}, ("actSeqLenType", _is(value))


def _rule_input_dtype(base, rng):
    # float32 input; the weight and output follow it or not, the input check comes first.
    same = rng.random() < 0.5
    changes = {"dtype": "float32"}
    if same:
        changes.update(weight_dtype="float32", output_dtype="float32")
    else:
        changes.update(weight_dtype=base.dtype, output_dtype=base.dtype)
    return changes, ("input dtype", "is DT_FLOAT,", "DT_FLOAT16 or DT_BF16")


def _other_dtype(base, rng):
    return rng.choice([{"float16": "bfloat16", "bfloat16": "float16"}[base.dtype], "float32"])


def _rule_weight_dtype(base, rng):
    dtype = _other_dtype(base, rng)
    return {"weight_dtype": dtype}, ("weight dtype", _is(ACL_DTYPE_NAMES[dtype]) + ",")


def _rule_output_dtype(base, rng):
    dtype = _other_dtype(base, rng)
    return {"output_dtype": dtype}, ("output dtype", _is(ACL_DTYPE_NAMES[dtype]) + ",")


def _rule_weight_rank(base, rng):
    shape = rng.choice([(base.l, base.N, 1), (base.l * base.N,), (1, base.l, base.N)])
    return {"weight_shape": shape}, ("weight shape", _is(_shape_text(shape)), "2 dims")


def _rule_output_rank(base, rng):
    K, N, D = base.K, base.N, base.D
    shape = rng.choice([(K, N * D), (K, N, D, 1), (K * N * D,)])
    return {"output_shape": shape}, ("output shape", _is(_shape_text(shape)), "3 dims")


def _rule_head_num(base, rng):
    N = rng.choice([0, 129, 130, 256])
    return {"shape": (base.T, N, base.D)}, ("head number N", _is(N))


def _rule_head_dim(base, rng):
    D = rng.choice([0, 8, 24, 100, 250, 272, 512])
    return {"shape": (base.T, base.N, D)}, ("head dim D", _is(D))


def _rule_block_size(base, rng):
    l = rng.choice([0, -16, 8, 24, 100, 144, 256])
    return {"block": l, "stride": 16}, ("compressBlockSize", _is(l))


def _rule_stride(base, rng):
    d = rng.choice([0, -16, 1, 8, 15, 24, 40])
    # A legal block of 64, so that the stride (below 16, unaligned or not positive) is what fails.
    return {"block": 64, "stride": d}, ("compressStride", _is(d))


def _rule_stride_above_block(base, rng):
    d = base.l + ALIGN * rng.randint(1, 4)
    return {"stride": d}, ("compressStride", _is(d), f"compressBlockSize={base.l}")


def _rule_token_count(base, rng):
    act = rng.choice([(0,), (0, 0)])
    return {"shape": (0, base.N, base.D), "act_seq_len": act}, ("token count T", _is(0))


def _rule_weight_shape(base, rng):
    l, N = base.l, base.N
    choices = [(l + ALIGN, N), (l, N + 1), (2 * l, N), (l, N + 7)]
    if l > ALIGN:
        choices.append((l - ALIGN, N))
    if N > 1:
        choices.append((l, N - 1))
    shape = rng.choice(choices)
    return {"weight_shape": shape}, ("weight shape", _is(_shape_text(shape)))


def _rule_output_shape(base, rng):
    K, N, D = base.K, base.N, base.D
    shape = rng.choice([(K + 1, N, D), (K - 1, N, D), (0, N, D), (K, N + 1, D), (K, N, D + ALIGN), (2 * K, N, D)])
    return {"output_shape": shape}, ("output shape", _is(_shape_text(shape)), f"[K, N, D] = {_shape_text((K, N, D))}")


# The rules of views and layouts (issue 13); the batched sequence-list rules are shared
# (nsa_harness.sequence_rules). The example computes the output shape the caller would.
def _rule_fused_heads(base, rng):
    # BSH / SBH: H = N * D + r with 0 < r < N is no multiple of N (N >= 2 for such an H).
    layout = rng.choice(["BSH", "SBH"])
    N = max(base.N, 2)
    H = N * base.D + rng.randint(1, N - 1)
    B, S = rng.randint(1, 3), rng.choice([base.l, 2 * base.l])
    shape = (B, S, H) if layout == "BSH" else (S, B, H)
    lengths = tuple(rng.choice([S, base.l, 0]) for _ in range(B))
    return ({"layout": layout, "shape": shape, "heads": N, "act_seq_len": lengths, "seq_type": 1},
            ("input", str(H)))


def _rule_overlap_input(base, rng):
    # The output view inside the input's storage, starting on an element of the input view (a
    # view with padded rows or not).
    T, N, D, K = base.T, base.N, base.D, base.K
    pad = rng.choice([0, 0, 8, 32])
    row = N * D + pad
    input_offset = rng.randint(0, 64)
    span = (T - 1) * row + N * D
    rows = [t for t in range(T) if t * row + K * N * D <= span]
    start = rng.choice(rows) * row
    start += rng.randint(0, min(N * D - 1, span - start - K * N * D))
    changes = {"input_offset": input_offset, "output_offset": input_offset + start, "output_storage": "input"}
    if pad:
        changes["input_strides"] = (row, D, 1)
    return changes, ("output", "input")


def _rule_overlap_weight(base, rng):
    # The output at the start of the weight's storage, the weight view starting inside it.
    KND = base.K * base.N * base.D
    weight_offset = rng.randint(max(1, KND - base.l * base.N), KND - 1)
    return ({"weight_offset": weight_offset, "output_offset": 0, "output_storage": "weight"},
            ("output", "weight"))


# This op's rules and the sequence-list rules every op shares (nsa_harness.sequence_rules).
RULES = dict(sorted({**{name[len("_rule_"):]: function for name, function in globals().items() if name.startswith("_rule_")},
                     **sequence_rules.RULES}.items()))


def make_illegal_case(rule, seed, name=None):
    """The illegal case (rule, seed): a legal base drawn from the seed, then one rule broken."""
    base, changes, words, status = illegal_rules.break_rule(RULES, rule, seed, _illegal_base)
    return IllegalCase(name=name or f"illegal:{rule}", rule=rule, seed=seed, base=base, changes=changes,
                       words=words, status=status)


def illegal_cases():
    return [make_illegal_case(rule, seed, name)
            for rule, seed, name in illegal_rules.listed_cases(CASES_DIR / "illegal.yaml", RULES, "cases.py")]


# ----------------------------------------------------------------------------- specs

def parse_spec(text):
    """A LegalCase or IllegalCase from the spec its spec() printed."""
    kind, _, body = text.strip().partition(":")
    fields = dict(item.split("=", 1) for item in body.split(",") if item)
    if kind == "illegal":
        return make_illegal_case(fields["rule"], int(fields["seed"]), name="command-line")
    if kind == "legal":
        lengths = tuple(int(v) for v in fields["lengths"].split("/") if v != "")
        return LegalCase(name="command-line", dtype=fields["dtype"], N=int(fields["N"]), D=int(fields["D"]),
                         l=int(fields["l"]), d=int(fields["d"]), lengths=lengths,
                         seq_type=int(fields.get("type", 0)), values=fields.get("values", "random"),
                         seed=int(fields.get("seed", 0)))
    raise ValueError(f"a case spec starts with 'legal:' or 'illegal:', got {text!r}")
