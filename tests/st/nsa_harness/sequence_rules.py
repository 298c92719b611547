"""Illegal sequence lists and batched geometries that every NSA op refuses by the same rules
(nsa_common/op_host/nsa_rules and nsa_views): generators of illegal cases shared by the ops'
system tests.

Each rule takes a small legal TND base case (T, N, D, l, d, lengths and seq_type, with ends()
and act_seq_len()) and a random.Random, and returns the call changes that break the rule, the
words the message must hold (the parameter, the value and the rule), and, when it is not
ACLNN_ERR_PARAM_INVALID, the status. An op adds what its call needs besides (the grad, for one,
gives outputGrad's shape explicitly).
"""
import numpy as np

from .layouts import BATCHED_LAYOUTS, FUSED_HEAD_LAYOUTS, layout_shape

ACLNN_ERR_PARAM_NULLPTR = 161001


def seq_empty(base, rng):
    return {"act_seq_len": ()}, ("actSeqLen", "is empty")


def seq_negative(base, rng):
    value = -rng.randint(1, 50)
    if base.seq_type == 1:
        lengths = list(base.lengths)
        at = rng.randrange(len(lengths) + 1)
        act = lengths[:at] + [value, -value] + lengths[at:]   # still sums to T: only the sign is wrong
    else:
        ends = list(base.act_seq_len())
        at = rng.randrange(len(ends) + 1)
        act = ends[:at] + [value] + ends[at:]
    return {"act_seq_len": tuple(act)}, (f"actSeqLen[{at}]", f"is {value}", "negative")


def seq_decreasing(base, rng):
    ends = [int(v) for v in base.ends()]
    # A value below the end before it, still >= 0 so that the decreasing check is the one hit.
    at = rng.choice([p for p in range(1, len(ends) + 1) if ends[p - 1] >= 1])
    value = rng.randint(0, ends[at - 1] - 1)
    return ({"act_seq_len": tuple(ends[:at] + [value] + ends[at:]), "seq_type": 0},
            (f"actSeqLen[{at}]", f"is {value}", "non-decreasing"))


def seq_end(base, rng):
    ends = [int(v) for v in base.ends()]
    T = base.T
    if rng.random() < 0.5:
        last = rng.randint(ends[-2] if len(ends) > 1 else 0, T - 1)
        act = ends[:-1] + [last]
    else:
        last = T + rng.randint(1, 40)
        act = ends + [last]
    return {"act_seq_len": tuple(act), "seq_type": 0}, (f"actSeqLen ends at {last}", f"T=input.shape[0]={T}")


def seq_lengths_sum(base, rng):
    lengths = list(base.lengths)
    T = base.T
    if rng.random() < 0.5:
        longest = lengths.index(max(lengths))        # at least 2l tokens
        cut = rng.randint(1, lengths[longest])
        lengths[longest] -= cut
        return ({"act_seq_len": tuple(lengths), "seq_type": 1},
                (f"actSeqLen lengths sum to {T - cut}", f"T=input.shape[0]={T}"))
    lengths.append(rng.randint(1, 40))
    return {"act_seq_len": tuple(lengths), "seq_type": 1}, ("actSeqLen", f"sums past T={T}", f"entry {len(lengths) - 1}")


def seq_null(base, rng):
    # A null actSeqLenOptional is legal for the batched layouts only.
    return {"act_seq_len": None}, ("actSeqLenOptional",), ACLNN_ERR_PARAM_NULLPTR


def batched_geometry(base, rng):
    """(layout, B, S, lengths): a legal batched geometry for the base's l and d."""
    layout = rng.choice(BATCHED_LAYOUTS)
    B = rng.randint(1, 4)
    S = rng.choice([base.l, base.l + base.d, 2 * base.l + 5])
    return layout, B, S, [rng.choice([0, base.l - 1, S, rng.randint(0, S)]) for _ in range(B)]


def batched_call(base, layout, B, S, act_seq_len, seq_type):
    """The changes that turn the TND base into a batched call of the same N, D, l and d."""
    changes = {"layout": layout, "shape": layout_shape(layout, base.N, base.D, B=B, S=S), "act_seq_len": act_seq_len,
               "seq_type": seq_type}
    if layout in FUSED_HEAD_LAYOUTS:
        changes["heads"] = base.N
    return changes


def _cumulative(lengths):
    return [int(v) for v in np.cumsum(lengths)]


def _batch_step(base, rng, step):
    """One batch of `step(S)` tokens: a length (type 1) or a step of the cumulative sums (type 0,
    the later steps kept legal), type drawn."""
    layout, B, S, lengths = batched_geometry(base, rng)
    b = rng.randrange(B)
    wrong = step(S)
    if rng.random() < 0.5:
        lengths[b] = wrong
        act, value, seq_type = tuple(lengths), wrong, 1
    else:
        ends = _cumulative(lengths)
        shift = wrong - lengths[b]
        ends = ends[:b] + [e + shift for e in ends[b:]]
        act, value, seq_type = tuple(ends), ends[b], 0
    return (batched_call(base, layout, B, S, act, seq_type),
            (f"actSeqLen[{b}] is {value}", f"S={S}", f"layout {layout}"))


def batch_too_long(base, rng):
    # A batch longer than S (type 1), a cumulative step past S (type 0).
    return _batch_step(base, rng, lambda S: S + rng.randint(1, 40))


def batch_negative(base, rng):
    # A negative length (type 1), a decreasing cumulative sum (type 0).
    return _batch_step(base, rng, lambda S: -rng.randint(1, 40))


def batch_entries(base, rng):
    # One entry per batch: a list with fewer or more entries than B.
    layout, B, S, lengths = batched_geometry(base, rng)
    count = rng.choice([c for c in (B - 1, B + 1, B + 2, 2 * B + 1) if c >= 1])
    lengths = (lengths + [rng.randint(0, S) for _ in range(count)])[:count]
    seq_type = rng.choice([0, 1])
    act = tuple(lengths) if seq_type == 1 else tuple(_cumulative(lengths))
    return batched_call(base, layout, B, S, act, seq_type), (f"actSeqLen has {count} entries", f"B={B}")


# Every rule above, by the name the ops' illegal.yaml use (rule `seq_empty` and so on).
RULES = {"seq_empty": seq_empty, "seq_negative": seq_negative, "seq_decreasing": seq_decreasing,
         "seq_end": seq_end, "seq_lengths_sum": seq_lengths_sum, "seq_null": seq_null,
         "batch_too_long": batch_too_long, "batch_negative": batch_negative, "batch_entries": batch_entries}
