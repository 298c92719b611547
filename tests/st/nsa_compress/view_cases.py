"""System-test cases of views and layouts: the input, weight and output as strided views
with storage offsets, and the layouts TND, BSND, BNSD, BSH and SBH with per-batch lengths.

A ViewCase holds the sequences as packed tokens (the same value kinds as cases.py), places them
into the layout's logical input by explicit index arithmetic (layout_offsets; padding tokens
s >= len_b hold NaN, which the contract says are never read), and places each logical tensor
into a storage of random bits through its view (views.place). The golden works from the logical
input as the view reads it back, through its own mapping (golden.as_bsnd): the two formulations
of every layout meet in each run. The output's storage starts as the fill pattern (or, with
output_storage "input", as the input's storage), and after the call everything outside the
output view must still hold what it held.

Case sources: the named cases of cases/views.yaml and its seeded generators. Every case has a
one-line spec (`view:...`) that rebuilds it exactly, strides included.
"""
import random
from dataclasses import dataclass, fields
from typing import Optional

import numpy as np
import yaml

from .cases import CASES_DIR, SequenceRows, _values
from ..nsa_harness.command_line import spec_fields
from ..nsa_harness.draws import ALIGN, aligned, case_counts, log_uniform, range_of, sequence_length, stable_seed, weighted
from .golden import BATCHED_LAYOUTS, to_bits
from ..nsa_harness.layouts import layout_shape
from .runner import Call
from ..nsa_harness.views import contiguous_strides, laid_out_strides, place, storage_elements

VIEWS_FILE = "views.yaml"
NULL_LIST = -1             # seq_type of a case whose actSeqLen is a null pointer
DEFAULT_FILL = 0xFFFF
# Quiet NaNs: a padding token that reaches the arithmetic turns its outputs into NaN.
NAN_BITS = {"float16": 0x7E00, "bfloat16": 0x7FC0}
TND_ONLY_INPUT_FAMILIES = ("transposed-tn", "qkv", "qkv-k", "qkv-v", "broadcast-heads", "broadcast-dim")


def layout_offsets(layout, b, s, n, e, B, S, N, D):
    """Element index of token s of batch b, head n, column e in a contiguous input of a batched
    `layout`, from the layouts' definitions (BSH and SBH: h = n * D + e). Works elementwise on
    numpy arrays. Independent of golden.as_bsnd, which maps with transposes and reshapes."""
    H = N * D
    if layout == "BSND":
        return ((b * S + s) * N + n) * D + e
    if layout == "BNSD":
        return ((b * N + n) * S + s) * D + e
    if layout == "BSH":
        return (b * S + s) * H + n * D + e
    if layout == "SBH":
        return (s * B + b) * H + n * D + e
    raise ValueError(f"{layout!r} is not a batched layout ({', '.join(BATCHED_LAYOUTS)})")


def _innermost_unit(shape, strides):
    """Whether a view's last dim steps by one element (or is never stepped along): such views the
    operator reads or writes in place; others go through its copies."""
    return strides is None or int(shape[-1]) <= 1 or int(strides[-1]) == 1


def _strided_in_place(shape, strides):
    """Whether the operator's kernel reads or writes the view through its strides: its last dim
    steps by one element and no two elements share an address (every address enumerated). Any
    other view costs the operator a copy launch (l0op::Contiguous, or l0op::ViewCopy back)."""
    if strides is None or not _innermost_unit(shape, strides):
        return strides is None
    addresses = np.zeros((), dtype=np.int64)
    for size, stride in zip(shape, strides):
        addresses = addresses[..., None] + np.arange(int(size), dtype=np.int64) * int(stride)
    return np.unique(addresses).size == addresses.size


@dataclass
class ViewData:
    x: np.ndarray               # the logical input (layout shape) as its view reads from input_storage
    w: np.ndarray               # the logical weight [l, N] as its view reads from weight_storage
    input_storage: np.ndarray   # what --input holds
    weight_storage: np.ndarray  # what --weight holds
    output_before: np.ndarray   # the output's storage as the call finds it


@dataclass(frozen=True)
class ViewCase(SequenceRows):
    name: str
    layout: str
    dtype: str
    N: int
    D: int
    l: int
    d: int
    S: int                  # batched: tokens per batch; TND: 0 (unused)
    lengths: tuple          # TND: the sequences' lengths; batched: each batch's valid length
    seq_type: int = 0       # 0 cumulative, 1 lengths, NULL_LIST: no list (batched: every batch full)
    values: str = "random"
    seed: int = 0
    input_strides: Optional[tuple] = None
    input_offset: int = 0
    weight_strides: Optional[tuple] = None
    weight_offset: int = 0
    output_strides: Optional[tuple] = None
    output_offset: int = 0
    fill: int = DEFAULT_FILL
    output_storage: str = "own"     # or "input": the output view sits in the input's storage
    family: str = ""                # how the views were drawn ("input=qkv+weight=padded+..."), for reports

    # ------------------------------------------------------------------ geometry
    @property
    def batched(self):
        return self.layout != "TND"

    @property
    def B(self):
        return len(self.lengths)

    def input_shape(self):
        return layout_shape(self.layout, self.N, self.D, B=self.B, S=self.S, T=self.T)

    def weight_shape(self):
        return (self.l, self.N)

    def output_shape(self):
        return (self.K, self.N, self.D)

    def call_seq_type(self):
        return 0 if self.seq_type == NULL_LIST else self.seq_type

    def act_seq_len(self):
        if self.seq_type == NULL_LIST:
            return None
        values = self.lengths if self.seq_type == 1 else self.ends().tolist()
        return tuple(int(v) for v in values)

    def output_in_place(self):
        return _strided_in_place(self.output_shape(), self.output_strides)

    def copy_launches(self):
        """The copies the operator launches: one per input or weight view its kernel cannot
        stride through, and one back into such an output view."""
        return sum(not _strided_in_place(shape, strides) for shape, strides in (
            (self.input_shape(), self.input_strides), (self.weight_shape(), self.weight_strides),
            (self.output_shape(), self.output_strides)))

    def in_place(self):
        """The kernel reads and writes every view through its strides: no copy launch."""
        return self.copy_launches() == 0

    def contiguous_today(self):
        """TND with every view's strides the contiguous ones (any offsets), the output in its own
        storage or disjoint from the input in the input's: the calls today's operator already
        takes, before the view and layout work lands."""
        def dense(shape, strides):
            return strides is None or tuple(strides) == contiguous_strides(shape)
        return (self.layout == "TND" and dense(self.input_shape(), self.input_strides) and
                dense(self.weight_shape(), self.weight_strides) and dense(self.output_shape(), self.output_strides))

    def call(self):
        own = self.output_storage == "own"
        return Call(self.dtype, self.input_shape(), self.act_seq_len(), self.l, self.d, self.call_seq_type(),
                    layout=self.layout, heads=self.N if self.layout in ("BSH", "SBH") else None,
                    input_strides=self.input_strides, input_offset=self.input_offset,
                    weight_strides=self.weight_strides, weight_offset=self.weight_offset,
                    output_strides=self.output_strides, output_offset=self.output_offset,
                    output_fill=self.fill if own else None, output_storage=None if own else self.output_storage)

    # ------------------------------------------------------------------ data
    def _logical_input(self, packed):
        """The packed tokens [T, N, D] placed at their positions in the layout's logical input;
        padding tokens hold NaN."""
        if not self.batched:
            return packed
        logical = np.full(self.input_shape(), NAN_BITS[self.dtype], dtype=np.uint16)
        lengths = np.asarray(self.lengths, dtype=np.int64)
        b = np.repeat(np.arange(self.B, dtype=np.int64), lengths)
        s = np.arange(self.T, dtype=np.int64) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        n = np.arange(self.N, dtype=np.int64)
        e = np.arange(self.D, dtype=np.int64)
        index = layout_offsets(self.layout, b[:, None, None], s[:, None, None], n[None, :, None], e[None, None, :],
                               self.B, self.S, self.N, self.D)
        logical.reshape(-1)[index.reshape(-1)] = packed.reshape(-1)
        return logical

    def data(self):
        rng = np.random.default_rng(self.seed)
        x, w = _values(self.values, self.dtype, self.lengths, self.N, self.D, self.l, rng)
        logical = self._logical_input(to_bits(x, self.dtype))

        def junk(count):
            # Random bit patterns (NaNs and infinities among them) wherever no view looks.
            return rng.integers(0, 0xFFFF, size=count, dtype=np.uint16, endpoint=True)

        input_storage = junk(storage_elements(self.input_shape(), self.input_strides, self.input_offset))
        x_read = place(input_storage, logical, self.input_shape(), self.input_strides, self.input_offset)
        weight_storage = junk(storage_elements(self.weight_shape(), self.weight_strides, self.weight_offset))
        w_read = place(weight_storage, to_bits(w, self.dtype), self.weight_shape(), self.weight_strides,
                       self.weight_offset)
        if self.output_storage == "own":
            size = storage_elements(self.output_shape(), self.output_strides, self.output_offset)
            before = np.full(size, self.fill, dtype=np.uint16)
        elif self.output_storage == "input":
            before = input_storage.copy()
        else:
            raise ValueError(f"output_storage {self.output_storage!r}: own or input")
        return ViewData(x_read, w_read, input_storage, weight_storage, before)

    # ------------------------------------------------------------------ specs
    def spec(self):
        parts = []
        for item in fields(self):
            if item.name == "name":
                continue
            value = getattr(self, item.name)
            if value is None:
                text = "-"
            elif isinstance(value, tuple):
                text = "/".join(str(v) for v in value)
            elif item.name == "fill":
                text = f"{value:#06x}"
            else:
                text = str(value)
            parts.append(f"{item.name}={text}")
        return "view:" + ",".join(parts)

    def describe(self):
        list_text = "null" if self.seq_type == NULL_LIST else f"type {self.seq_type}"
        geometry = (f"B={self.B} S={self.S} lengths={list(self.lengths)}" if self.batched
                    else f"T={self.T} lengths={list(self.lengths)}")
        return (f"{self.name}: layout={self.layout} dtype={self.dtype} N={self.N} D={self.D} l={self.l} d={self.d} "
                f"{geometry} K={self.K} actSeqLen {list_text} values={self.values} seed={self.seed}; "
                f"input {self.input_shape()} strides {self.input_strides or 'contiguous'} offset {self.input_offset}; "
                f"weight strides {self.weight_strides or 'contiguous'} offset {self.weight_offset}; "
                f"output strides {self.output_strides or 'contiguous'} offset {self.output_offset} in "
                f"{self.output_storage} storage; {'in place' if self.in_place() else 'copy path'} ({self.family})")


_INT_FIELDS = {"N", "D", "l", "d", "S", "seq_type", "seed", "input_offset", "weight_offset", "output_offset"}
_TUPLE_FIELDS = {"lengths", "input_strides", "weight_strides", "output_strides"}


def parse_view_spec(text):
    """The ViewCase a spec() printed."""
    given = spec_fields(text, "view")
    values = {"name": "command-line"}
    for item in fields(ViewCase):
        if item.name == "name" or item.name not in given:
            continue
        raw = given[item.name]
        if raw == "-":
            values[item.name] = None
        elif item.name in _TUPLE_FIELDS:
            values[item.name] = tuple(int(v) for v in raw.split("/") if v != "")
        elif item.name in _INT_FIELDS:
            values[item.name] = int(raw)
        elif item.name == "fill":
            values[item.name] = int(raw, 16)
        else:
            values[item.name] = raw
    missing = {"layout", "dtype", "N", "D", "l", "d", "S", "lengths"} - set(values)
    if missing:
        raise KeyError(f"view spec lacks {sorted(missing)}")
    return ViewCase(**values)


# ----------------------------------------------------------------------------- view families

def _pads(rng, order):
    """Gaps after each dim's extent, at least one that shows: a gap after the outermost dim in
    storage order changes no stride, so some inner dim gets one."""
    pads = [rng.choice([0, 0, 1, 3, 16, 37]) for _ in order]
    if len(order) > 1 and not any(pads[dim] for dim in list(order)[1:]):
        pads[rng.choice(list(order)[1:])] = rng.choice([1, 3, 16])
    return pads


def _offset(rng, high=300):
    return rng.choice([0, rng.randint(1, high)])


def input_view(rng, family, shape, layout):
    """(strides or None, offset) of an input view of `family` on the logical `shape`."""
    rank = len(shape)
    if layout != "TND" and family in TND_ONLY_INPUT_FAMILIES:
        family = "inner-stride" if family.startswith("broadcast") else "permuted"
    if family == "contiguous":
        return None, 0
    if family == "offset":          # the contiguous strides, given or not, at an offset
        return rng.choice([None, contiguous_strides(shape)]), rng.randint(1, 300)
    if family == "padded":          # storage in logical order, gaps after rows, heads, batches
        return laid_out_strides(shape, range(rank), _pads(rng, range(rank))), _offset(rng)
    if family == "permuted":        # the outer dims in another storage order, last dim innermost
        outer = list(range(rank - 1))
        while outer == sorted(outer) and rank > 2:
            rng.shuffle(outer)
        order = outer + [rank - 1]
        return laid_out_strides(shape, order, _pads(rng, order)), _offset(rng)
    if family == "transposed-tn":   # a [N, T, D] storage read as [T, N, D]: strides (D, T*D, 1)
        return laid_out_strides(shape, (1, 0, 2)), 0
    if family in ("qkv", "qkv-k", "qkv-v"):   # K or V of a fused [T, 3, N, D] buffer
        T, N, D = shape
        which = {"qkv-k": 1, "qkv-v": 2}.get(family) or rng.choice([1, 2])
        return (3 * N * D, D, 1), which * N * D
    if family == "inner-stride":    # the last dim steps by 2 or 3 elements: the copy path
        return (laid_out_strides(shape, range(rank), _pads(rng, range(rank)), inner=rng.choice([2, 3])),
                _offset(rng))
    if family == "broadcast-heads":  # every head reads the same row: stride 0 on N
        T, N, D = shape
        return (D + rng.choice([0, 5]), 0, 1), _offset(rng)
    if family == "broadcast-dim":   # every column reads one element: stride 0 on D, the copy path
        T, N, D = shape
        return (N + rng.choice([0, 3]), 1, 0), _offset(rng)
    raise ValueError(f"unknown input view family {family!r}")


def weight_view(rng, family, l, N):
    if family == "contiguous":
        return None, 0
    if family == "offset":
        return rng.choice([None, (N, 1)]), rng.randint(1, 100)
    if family == "padded":          # rows of N heads, then a gap
        return (N + rng.choice([1, 3, 16]), 1), _offset(rng, 50)
    if family == "transposed":      # a [N, l] storage read as [l, N]: the copy path when N > 1
        return (1, l + rng.choice([0, 0, 5])), _offset(rng, 50)
    raise ValueError(f"unknown weight view family {family!r}")


def output_view(rng, family, shape):
    rank = len(shape)
    if family == "contiguous":
        return None, 0
    if family == "offset":
        return rng.choice([None, contiguous_strides(shape)]), rng.randint(1, 300)
    if family == "padded":          # gaps between heads and between rows
        return laid_out_strides(shape, range(rank), _pads(rng, range(rank))), _offset(rng)
    if family == "permuted":        # heads outermost: a [N, K, D] storage
        return laid_out_strides(shape, (1, 0, 2), _pads(rng, (1, 0, 2))), _offset(rng)
    if family == "inner-stride":    # every second or third element: the copy path
        return (laid_out_strides(shape, range(rank), _pads(rng, range(rank)), inner=rng.choice([2, 3])),
                _offset(rng))
    raise ValueError(f"unknown output view family {family!r}")


def build_case(name, rng, layout, dtype, N, D, l, d, S, lengths, seq_type, values, seed, input_family,
               weight_family, output_family, fill=DEFAULT_FILL):
    """A ViewCase with the views of the three families drawn from `rng`. Output family
    "same-storage" puts a contiguous output at the start of the input's storage, before the input
    view: disjoint from it, which the operator must accept."""
    base = ViewCase(name=name, layout=layout, dtype=dtype, N=N, D=D, l=l, d=d, S=S, lengths=tuple(lengths),
                    seq_type=seq_type, values=values, seed=seed, fill=fill)
    in_strides, in_offset = input_view(rng, input_family, base.input_shape(), layout)
    w_strides, w_offset = weight_view(rng, weight_family, l, N)
    storage = "own"
    if output_family == "same-storage":
        out_strides, out_offset = None, 0
        in_offset = base.K * N * D + rng.choice([0, 1, 40])
        storage = "input"
    else:
        out_strides, out_offset = output_view(rng, output_family, base.output_shape())
    family = f"input={input_family}+weight={weight_family}+output={output_family}"
    return ViewCase(**{**base.__dict__, "input_strides": in_strides, "input_offset": in_offset,
                       "weight_strides": w_strides, "weight_offset": w_offset, "output_strides": out_strides,
                       "output_offset": out_offset, "output_storage": storage, "family": family})


# ----------------------------------------------------------------------------- named cases

def _document():
    return yaml.safe_load((CASES_DIR / VIEWS_FILE).read_text())


def _seq_type(value):
    return NULL_LIST if value is None or value == "null" else int(value)


def load_named():
    """The named cases of views.yaml, 'views:<name>'."""
    cases = []
    for entry in _document()["cases"]:
        name = entry["name"]
        seq_type = _seq_type(entry.get("seq_type", 0))
        S = int(entry.get("S", 0))
        lengths = entry["lengths"] if "lengths" in entry else [S] * int(entry["B"])
        seed = int(entry.get("seed", stable_seed(name)))
        cases.append(build_case(f"views:{name}", random.Random(seed), entry["layout"], entry["dtype"],
                                int(entry["N"]), int(entry["D"]), int(entry["l"]), int(entry["d"]), S,
                                [int(v) for v in lengths], seq_type, entry.get("values", "random"), seed,
                                entry.get("input", "contiguous"), entry.get("weight", "contiguous"),
                                entry.get("output", "contiguous"), int(str(entry.get("fill", "0xFFFF")), 16)))
    return cases


# ----------------------------------------------------------------------------- random cases

def _batch_length(rng, kind, l, S):
    if kind == "zero":
        return 0
    if kind == "short":             # 1 .. l-1 (and at most S): no window
        return rng.randint(1, max(1, min(l - 1, S)))
    if kind == "full":
        return S
    if kind == "any":
        return rng.randint(0, S)
    raise ValueError(f"unknown batch length kind {kind!r}")


def _padded_length(rng, kind, l, d, most):
    if kind == "short":             # no batch reaches a window
        return rng.randint(1, l - 1)
    if kind == "block":             # around one window and one stride
        return rng.choice([l, l + 1, l + d - 1, l + d])
    if kind == "long":
        return rng.randint(l, max(l, most))
    raise ValueError(f"unknown S kind {kind!r}")


def draw_view_case(generator, index):
    """Case `index` of a views.yaml generator; depends only on (generator seed, index)."""
    rng = random.Random(f"{generator['seed']}:{index}")
    layout = weighted(rng, generator["layouts"])
    l = aligned(rng, *range_of(generator["l"]))
    d_low, d_high = range_of(generator["d"])
    d = aligned(rng, d_low, min(d_high, l))
    max_elements = int(generator["max_elements"])
    for _ in range(50):             # heads and dim small enough for two windows of tokens
        N = log_uniform(rng, *range_of(generator["N"]))
        D = aligned(rng, *range_of(generator["D"]))
        if max_elements // (N * D) >= 2 * l:
            break
    else:
        N, D = 1, ALIGN
    budget = max(2 * l, max_elements // (N * D))      # tokens, padding included
    B = rng.randint(*range_of(generator["B"]))
    if layout == "TND":
        S = 0
        seq_type = int(weighted(rng, generator["seq_type"]))
        most = max(l, min(int(generator["max_length"]), budget // B))
        lengths = [sequence_length(rng, weighted(rng, generator["lengths"]), l, d, most) for _ in range(B)]
        if sum(lengths) == 0:
            lengths[rng.randrange(B)] = rng.randint(1, most)
    else:
        B = max(1, min(B, budget // l))
        S = min(_padded_length(rng, weighted(rng, generator["S"]), l, d, int(generator["max_length"])),
                budget // B)
        seq_type = _seq_type(weighted(rng, generator["seq_type"]))
        if seq_type == NULL_LIST:
            lengths = [S] * B
        else:
            lengths = [_batch_length(rng, weighted(rng, generator["batch_lengths"]), l, S) for _ in range(B)]
    return build_case(f"views:{generator['name']}-{index}", rng, layout, rng.choice(generator["dtype"]), N, D, l, d,
                      S, lengths, seq_type, weighted(rng, generator["values"]), rng.randrange(2 ** 31),
                      weighted(rng, generator["input"]), weighted(rng, generator["weight"]),
                      weighted(rng, generator["output"]))


def view_generators():
    return _document()["generators"]


def default_view_count():
    return sum(int(g["count"]) for g in view_generators())


def view_case_counts(total=None):
    return case_counts(view_generators(), total)


def random_view_cases(total=None):
    return [draw_view_case(generator, index)
            for generator, count in view_case_counts(total) for index in range(count)]


def all_view_cases(total=None):
    return load_named() + random_view_cases(total)
