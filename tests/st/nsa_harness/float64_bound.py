"""The verdict every op's results get against a float64 golden g and its tolerance: the bound a
device (which may order or fuse the fp32 sums differently) must meet, besides the bit-exact
comparison with the ordered golden."""
import numpy as np

from .numerics import overflow_threshold, to_float32


def bound_error(what, bound_name, got_bits, g, tolerance, dtype):
    """None when every element of `got_bits` (raw 16-bit patterns of `dtype`, g's shape) meets the
    bound, else what is wrong, `what` naming the output and `bound_name` the bound.

    Where g is finite: within `tolerance` of g; an infinity only where g plus the tolerance
    reaches the overflow threshold, with g's sign; never a NaN. Where g is not finite (an operand
    is an infinity or a NaN): a NaN where g is a NaN, whatever its sign and payload, and g's own
    infinity where g is one; no reordering of the sum changes that class, since the inputs the
    cases draw cannot overflow float32 with finite products alone.
    """
    with np.errstate(invalid="ignore"):                    # widening a signalling NaN quiets it
        got = to_float32(got_bits, dtype).astype(np.float64).reshape(g.shape)
    finite_g = np.isfinite(g)
    finite = np.isfinite(got) & finite_g
    error = np.abs(got[finite] - g[finite])
    outside = error > tolerance[finite]
    if outside.any():
        return (f"{int(outside.sum())} {what} elements outside the float64 bound ({bound_name}); "
                f"worst error {error.max()!r}")
    overflowed = ~np.isfinite(got) & finite_g
    reachable = np.abs(g[overflowed]) + tolerance[overflowed] >= overflow_threshold(dtype)
    same_sign = np.sign(got[overflowed]) == np.sign(g[overflowed])
    wrong = ~(reachable & same_sign)
    if wrong.any():
        return f"{int(wrong.sum())} {what} infinities or NaNs where the float64 golden stays in range"
    special = ~finite_g
    same_class = np.where(np.isnan(g[special]), np.isnan(got[special]), got[special] == g[special])
    if (~same_class).any():
        return (f"{int((~same_class).sum())} {what} elements not of the class of a non-finite float64 golden "
                f"(a NaN there must stay a NaN, an infinity the same infinity)")
    return None
