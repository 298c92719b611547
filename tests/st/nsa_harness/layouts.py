"""The layout rules (which layouts exist, and each one's axes) for every op's system tests: the
Python package's one copy (python/nsa_compress/_layouts.py), loaded by its path, since the name
nsa_compress is also the op's source folder and the package itself need not be importable here.
Also how the examples read a --shape they are given (they read an unknown layout too, for the
operator to refuse)."""
import importlib.util

from .example import REPO_ROOT

RULES_FILE = REPO_ROOT / "python" / "nsa_compress" / "_layouts.py"


def _load_rules():
    spec = importlib.util.spec_from_file_location("nsa_layout_rules", RULES_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rules = _load_rules()
LAYOUTS = rules.LAYOUTS
BATCHED_LAYOUTS = rules.BATCHED_LAYOUTS
FUSED_HEAD_LAYOUTS = rules.FUSED_HEAD_LAYOUTS   # H = N * D: the head count comes from the weight
axes = rules.axes


def layout_shape(layout, N, D, B=1, S=0, T=0):
    """The input's logical (view) shape: TND [T, N, D], BSND [B, S, N, D], BNSD [B, N, S, D],
    BSH [B, S, N*D], SBH [S, B, N*D]."""
    return rules.shape(layout, T=T, B=B, S=S, N=N, D=D)


def example_head_count(layout, shape, heads=None):
    """N as an example reads it from --layout, --shape and --heads: --heads when given; else the
    layout's N axis; a shape whose sizes fit no layout's is read as TND (three sizes) or BSND
    (four). BSH and SBH need --heads: their shape holds H = N * D."""
    if heads is not None:
        return int(heads)
    if layout in FUSED_HEAD_LAYOUTS:
        raise ValueError(f"layout {layout} needs heads: its shape holds H = N * D")
    read_as = layout if layout in LAYOUTS and len(axes(layout)) == len(shape) else ("TND" if len(shape) == 3 else "BSND")
    return int(shape[axes(read_as).index("N")])
