"""The input layouts the ops take, and each one's axes. A layout's name spells its axes, outermost
first: T tokens, B batches, S the batches' sequence length, N heads, D the head dim, and H the
heads fused with their dim (H = N * D, heads outermost: h = n * D + e), whose N comes from the
weight.

The one Python copy of these rules: the NumPy API reads input shapes with it, and the system
tests' harness (tests/st/nsa_harness, which loads this file by its path) builds and reads them
with it. tests/st/test_layout_rules.py checks it against the C++ copies (the op host's and the
examples'). Nothing here imports anything, so that the harness can load it without the package."""

LAYOUTS = ("TND", "BSND", "BNSD", "BSH", "SBH")
# Batched layouts hold B sequences of up to S tokens each; TND packs the sequences back to back.
BATCHED_LAYOUTS = tuple(name for name in LAYOUTS if "B" in name)
FUSED_HEAD_LAYOUTS = tuple(name for name in LAYOUTS if "H" in name)


def axes(layout):
    """The axes of `layout`'s input shape, outermost first, e.g. ('B', 'N', 'S', 'D')."""
    if layout not in LAYOUTS:
        raise ValueError(f"{layout!r} is not a layout ({', '.join(LAYOUTS)})")
    return tuple(layout)


def shape(layout, T=0, B=0, S=0, N=0, D=0):
    """The input shape of `layout` for these sizes."""
    sizes = {"T": T, "B": B, "S": S, "N": N, "D": D, "H": N * D}
    return tuple(int(sizes[axis]) for axis in axes(layout))
