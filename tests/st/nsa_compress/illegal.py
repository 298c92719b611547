"""Illegal cases of aclnnNsaCompress: each breaks one argument rule of
docs/aclnnNsaCompress.md on a small legal base drawn from its seed, and expects the documented
status and a message naming the parameter and the value.

The rules are the _rule_* functions below; cases/illegal.yaml must name each of them once. Every
case has a one-line spec (`illegal:...`) that rebuilds it exactly, data included.
"""
from dataclasses import dataclass, field, replace

import numpy as np

from .cases import CASES_DIR, LegalCase
from .golden import to_bits
from ..nsa_harness.command_line import spec_fields
from ..nsa_harness import illegal_rules, sequence_rules
from ..nsa_harness.draws import ALIGN

ACLNN_ERR_PARAM_NULLPTR = 161001
ACLNN_ERR_PARAM_INVALID = 161002
# How the operator names each dtype in its messages (op::ToString, as CANN prints ge::DataType).
ACL_DTYPE_NAMES = {"float16": "DT_FLOAT16", "bfloat16": "DT_BF16", "float32": "DT_FLOAT"}


def _shape_text(shape):
    return "[" + ", ".join(str(v) for v in shape) + "]"


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


# The rules of views and layouts; the batched sequence-list rules are shared
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
RULES = illegal_rules.rules_of(globals(), sequence_rules.RULES)


def make_illegal_case(rule, seed, name=None):
    """The illegal case (rule, seed): a legal base drawn from the seed, then one rule broken."""
    base, changes, words, status = illegal_rules.break_rule(RULES, rule, seed, _illegal_base)
    return IllegalCase(name=name or f"illegal:{rule}", rule=rule, seed=seed, base=base, changes=changes,
                       words=words, status=status)


def illegal_cases():
    return [make_illegal_case(rule, seed, name)
            for rule, seed, name in illegal_rules.listed_cases(CASES_DIR / "illegal.yaml", RULES, "illegal.py")]


def parse_illegal_spec(text):
    """The IllegalCase an IllegalCase.spec() printed."""
    fields = spec_fields(text, "illegal")
    return make_illegal_case(fields["rule"], int(fields["seed"]), name="command-line")
