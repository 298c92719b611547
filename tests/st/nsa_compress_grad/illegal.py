"""Illegal cases of aclnnNsaCompressGrad: each breaks one argument rule of
docs/aclnnNsaCompressGrad.md on a small legal base drawn from its seed, and expects the documented
status and a message naming the parameter, the value and the rule.

The rules are the _rule_* functions below; cases/illegal.yaml must name each of them once. Each
returns (GradCall overrides, words of the message[, status]); the words are the parameter's name
and the offending value, and the rule where the message states it. Null pointers other than the
sequence list cannot come from the example; the unit tests cover them, and the formats too.
"""
from dataclasses import dataclass, field

import numpy as np

from .cases import CASES_DIR, GradCase
from ..nsa_harness.command_line import spec_fields
from ..nsa_harness.draws import ALIGN
from ..nsa_harness.numerics import to_bits
from ..nsa_harness import illegal_rules, sequence_rules

ACLNN_ERR_PARAM_NULLPTR = 161001
ACLNN_ERR_PARAM_INVALID = 161002
# How the operator names each dtype in its messages (op::ToString, as CANN prints ge::DataType).
ACL_DTYPE_NAMES = {"float16": "DT_FLOAT16", "bfloat16": "DT_BF16", "float32": "DT_FLOAT"}
# The tensors a rule may pick, as the operator names them and as GradCall's fields start.
GRAD_TENSORS = {"outputGrad": "output_grad", "weight": "weight", "inputGrad": "input_grad", "weightGrad": "weight_grad"}


@dataclass(frozen=True)
class IllegalGradCase:
    name: str
    rule: str
    seed: int
    base: GradCase
    changes: dict = field(default_factory=dict)   # GradCall fields the rule overrides
    words: tuple = ()                             # what the error message must contain
    status: int = ACLNN_ERR_PARAM_INVALID

    def call(self):
        return self.base.call().replaced(**self.changes)

    def data(self):
        """Bits for the whole storage of each input as the (broken) call declares it: the binary
        checks the files' sizes before the operator sees anything."""
        call = self.call()
        rng = np.random.default_rng(self.seed)

        def bits(tensor):
            count = call.storage_elements(tensor)
            values = rng.uniform(-2.0, 2.0, count).astype(np.float32)
            dtype = call.dtype_of(tensor)
            return values.view(np.uint32) if dtype == "float32" else to_bits(values, dtype)

        return {tensor: bits(tensor) for tensor in ("output_grad", "input", "weight")}

    def spec(self):
        return f"illegal-grad:rule={self.rule},seed={self.seed}"

    def describe(self):
        return f"{self.name}: rule {self.rule} on {self.base.describe()}; changes {self.changes}"


def _shape_text(shape):
    return "[" + ", ".join(str(v) for v in shape) + "]"


def _illegal_base(rng):
    """A small legal TND case with at least one window, for a rule to break."""
    l = rng.choice([16, 32, 48, 64])
    d = rng.choice([s for s in (16, 32, 48, 64) if s <= l])
    lengths = [rng.choice([0, l - 1, l, l + d, 2 * l + d]) for _ in range(rng.randint(0, 3))] + [2 * l]
    rng.shuffle(lengths)
    return GradCase(name="base", layout="TND", dtype=rng.choice(["float16", "bfloat16"]), N=rng.randint(1, 6),
                    D=rng.choice([16, 32, 64]), l=l, d=d, lengths=tuple(lengths), seq_type=rng.choice([0, 1]),
                    seed=rng.randrange(2 ** 31))


def _base_output_grad(base):
    """outputGrad's legal shape, given explicitly: a rule that breaks the sequences or the input
    would change the K the binary computes, and with it the outputGrad file's size."""
    return {"output_grad_shape": (base.K, base.N, base.D)}


def _other_dtype(base, rng):
    return rng.choice([{"float16": "bfloat16", "bfloat16": "float16"}[base.dtype], "float32"])


def _rule_layout(base, rng):
    # Names that are not layouts; the example reads a three-size --shape of an unknown one as T,N,D.
    layout = rng.choice(["tnd", "TND ", "NTD", "", "BSHD", "bsnd", "TH", "SBND"])
    return {"layout": layout, **_base_output_grad(base)}, ("layoutOptional", f'"{layout}"')


def _rule_seq_type(base, rng):
    value = rng.choice([2, 3, -1, 100])
    return {"seq_type": value, **_base_output_grad(base)}, ("actSeqLenType", f"is {value}")


def _rule_input_dtype(base, rng):
    # A float32 input; the other tensors follow it or not: the input's check comes first.
    others = "float32" if rng.random() < 0.5 else base.dtype
    changes = {"dtype": "float32", **{f"{field}_dtype": others for field in GRAD_TENSORS.values()}}
    return changes, ("input dtype is DT_FLOAT", "DT_FLOAT16 or DT_BF16")


def _tensor_dtype_rule(tensor):
    def rule(base, rng):
        dtype = _other_dtype(base, rng)
        return ({f"{GRAD_TENSORS[tensor]}_dtype": dtype},
                (f"{tensor} dtype is {ACL_DTYPE_NAMES[dtype]}", f"input dtype {ACL_DTYPE_NAMES[base.dtype]}"))
    return rule


_rule_output_grad_dtype = _tensor_dtype_rule("outputGrad")
_rule_weight_dtype = _tensor_dtype_rule("weight")
_rule_input_grad_dtype = _tensor_dtype_rule("inputGrad")
_rule_weight_grad_dtype = _tensor_dtype_rule("weightGrad")


def _tensor_rank_rule(tensor, dims, shapes):
    def rule(base, rng):
        shape = rng.choice(shapes(base))
        return {f"{GRAD_TENSORS[tensor]}_shape": shape}, (f"{tensor} shape is {_shape_text(shape)}", f"{dims} dims")
    return rule


_rule_output_grad_rank = _tensor_rank_rule(
    "outputGrad", 3, lambda b: [(b.K, b.N * b.D), (b.K, b.N, b.D, 1), (b.K * b.N * b.D,)])
_rule_weight_rank = _tensor_rank_rule("weight", 2, lambda b: [(b.l, b.N, 1), (b.l * b.N,), (1, b.l, b.N)])
_rule_input_grad_rank = _tensor_rank_rule(
    "inputGrad", 3, lambda b: [(b.T, b.N * b.D), (b.T, b.N, b.D, 1), (1, b.T, b.N, b.D)])
_rule_weight_grad_rank = _tensor_rank_rule("weightGrad", 2, lambda b: [(b.l, b.N, 1), (b.l * b.N,)])


def _rule_head_num(base, rng):
    N = rng.choice([0, 129, 130, 256])
    return {"shape": (base.T, N, base.D), **_base_output_grad(base)}, ("head number N", f"is {N}")


def _rule_head_dim(base, rng):
    D = rng.choice([0, 8, 24, 100, 250, 272, 512])
    return {"shape": (base.T, base.N, D), **_base_output_grad(base)}, ("head dim D", f"is {D}")


def _rule_block_size(base, rng):
    l = rng.choice([0, -16, 8, 24, 100, 144, 256])
    return {"block": l, "stride": 16, **_base_output_grad(base)}, ("compressBlockSize", f"is {l}")


def _rule_stride(base, rng):
    d = rng.choice([0, -16, 1, 8, 15, 24, 40])
    # A legal block of 64 (the weight follows it), so that the stride is what fails.
    return ({"block": 64, "stride": d, **_base_output_grad(base)},
            ("compressStride", f"is {d}", "compressBlockSize=64"))


def _rule_stride_above_block(base, rng):
    d = base.l + ALIGN * rng.randint(1, 4)
    return {"stride": d, **_base_output_grad(base)}, ("compressStride", f"is {d}", f"compressBlockSize={base.l}")


def _rule_token_count(base, rng):
    act = rng.choice([(0,), (0, 0)])
    return ({"shape": (0, base.N, base.D), "act_seq_len": act, **_base_output_grad(base)},
            ("token count T", "is 0"))


def _rule_weight_shape(base, rng):
    l, N = base.l, base.N
    choices = [(l + ALIGN, N), (l, N + 1), (2 * l, N), (l, N + 7)] + \
              ([(l - ALIGN, N)] if l > ALIGN else []) + ([(l, N - 1)] if N > 1 else [])
    shape = rng.choice(choices)
    return ({"weight_shape": shape},
            (f"weight shape is {_shape_text(shape)}", f"[compressBlockSize, N] = {_shape_text((l, N))}"))


def _rule_output_grad_shape(base, rng):
    K, N, D = base.K, base.N, base.D
    shape = rng.choice([(K + 1, N, D), (K - 1, N, D), (0, N, D), (K, N + 1, D), (K, N, D + ALIGN), (2 * K, N, D)])
    return ({"output_grad_shape": shape},
            (f"outputGrad shape is {_shape_text(shape)}", f"[K, N, D] = {_shape_text((K, N, D))}"))


def _rule_input_grad_shape(base, rng):
    T, N, D = base.T, base.N, base.D
    shape = rng.choice([(T + 1, N, D), (T - 1, N, D), (T, N + 1, D), (T, N, D + ALIGN), (0, N, D)])
    return ({"input_grad_shape": shape},
            (f"inputGrad shape is {_shape_text(shape)}", f"input's shape {_shape_text((T, N, D))}"))


def _rule_weight_grad_shape(base, rng):
    l, N = base.l, base.N
    shape = rng.choice([(l + ALIGN, N), (l, N + 1), (l - 1, N), (N, l) if N != l else (l, N + 2)])
    return ({"weight_grad_shape": shape},
            (f"weightGrad shape is {_shape_text(shape)}", f"weight's shape {_shape_text((l, N))}"))


def _rule_fused_heads(base, rng):
    # BSH / SBH: H = N * D + r with 0 < r < N is no multiple of N (N >= 2 for such an H). The
    # weight keeps [l, N] from --heads.
    layout = rng.choice(["BSH", "SBH"])
    N = max(base.N, 2)
    H = N * base.D + rng.randint(1, N - 1)
    B, S = rng.randint(1, 3), rng.choice([base.l, 2 * base.l])
    lengths = tuple(rng.choice([S, base.l, 0]) for _ in range(B))
    return ({"layout": layout, "shape": (B, S, H) if layout == "BSH" else (S, B, H), "heads": N,
             "act_seq_len": lengths, "seq_type": 1, "output_grad_shape": (base.K, N, base.D)},
            ("input hidden size H", f"is {H}", f"N=weight.shape[1]={N}"))


def _rule_input_grad_overlaps_input(base, rng):
    # inputGrad in the input's storage: the input at an offset a, inputGrad at b <= a, so the two
    # [T, N, D] ranges overlap by T*N*D - (a - b) > 0 elements.
    a = rng.randint(0, 64)
    return ({"input_offset": a, "input_grad_offset": rng.randint(0, a), "input_grad_storage": "input"},
            ("inputGrad overlaps input", "must not share memory with an input"))


def _rule_weight_grad_overlaps_input(base, rng):
    # weightGrad [l, N] inside the storage of one of the inputs, starting on one of its elements.
    choices = {"weight": base.l * base.N, "input": base.T * base.N * base.D, "output-grad": base.K * base.N * base.D}
    fits = [name for name, size in choices.items() if size >= base.l * base.N]
    shared = rng.choice(fits)
    offset = rng.randint(0, choices[shared] - base.l * base.N)
    name = {"weight": "weight", "input": "input", "output-grad": "outputGrad"}[shared]
    return ({"weight_grad_offset": offset, "weight_grad_storage": shared},
            (f"weightGrad overlaps {name}", "must not share memory with an input"))


def _rule_outputs_overlap(base, rng):
    # weightGrad inside inputGrad's storage, starting on one of inputGrad's elements.
    offset = rng.randint(0, base.T * base.N * base.D - base.l * base.N)
    return ({"weight_grad_offset": offset, "weight_grad_storage": "input-grad"},
            ("inputGrad overlaps weightGrad", "the outputs must not share memory"))


def _rule_input_grad_shared_elements(base, rng):
    # Two inputGrad elements at one address: a stride of 0 along D (>= 16 columns) or T (>= 2
    # tokens), or token rows one element short of N * D apart ([t + 1, 0, 0] is [t, N-1, D-1]).
    N, D = base.N, base.D
    strides = rng.choice([(N * D, D, 0), (0, D, 1), (N * D - 1, D, 1)])
    return ({"input_grad_strides": strides},
            ("inputGrad is a view", f"strides {_shape_text(strides)}", "share addresses"))


def _rule_weight_grad_shared_elements(base, rng):
    # Rows at one address (l >= 16), or with N > 1 heads at one address or overlapping rows.
    strides = rng.choice([(0, 1)] + ([(base.N, 0), (1, 1)] if base.N > 1 else []))
    return ({"weight_grad_strides": strides},
            ("weightGrad is a view", f"strides {_shape_text(strides)}", "share addresses"))


def _keeping_output_grad(rule):
    """A shared sequence-list rule (nsa_harness.sequence_rules), with outputGrad's legal shape."""
    def broken(base, rng):
        changes, *rest = rule(base, rng)
        return ({**changes, **_base_output_grad(base)}, *rest)
    return broken


# This op's rules and the sequence-list rules every op shares.
RULES = illegal_rules.rules_of(globals(), {name: _keeping_output_grad(rule)
                                           for name, rule in sequence_rules.RULES.items()})


def make_illegal_case(rule, seed, name=None):
    """The illegal case (rule, seed): a legal base drawn from the seed, then one rule broken."""
    base, changes, words, status = illegal_rules.break_rule(RULES, rule, seed, _illegal_base)
    return IllegalGradCase(name=name or f"illegal:{rule}", rule=rule, seed=seed, base=base, changes=changes,
                           words=words, status=status)


def illegal_cases():
    return [make_illegal_case(rule, seed, name)
            for rule, seed, name in illegal_rules.listed_cases(CASES_DIR / "illegal.yaml", RULES, "illegal.py")]


def parse_illegal_spec(text):
    """The IllegalGradCase an IllegalGradCase.spec() printed."""
    fields = spec_fields(text, "illegal-grad")
    return make_illegal_case(fields["rule"], int(fields["seed"]), name="command-line")
