"""Numpy goldens of NsaCompress (nsa_compress/docs/design.md, "Arithmetic contract"),
vectorised over windows, heads and dims.

Two goldens:
- ordered_golden: the bit-exact contract. Widen to float32, acc = +0.0, then for j ascending
  acc = fp32(acc + fp32(w[j] * x[start + j])), then one round-to-nearest-even cast to the output
  dtype. numpy evaluates `a * b` and `acc + p` as separate float32 ufuncs, each rounded once, so
  there is no fused multiply-add, exactly as the contract requires.
- float64_golden: the (nearly) exact value and sum_j |w_j x_j|, from which tolerance() gives the
  bound a device result must meet: ulp_out(g) + l * 2^-23 * sum_j |w_j x_j|.

The only Python loop is over j (at most l = 128 iterations); tokens, windows, heads and dims are
numpy axes.

Layouts (layout_golden, layout_float64_golden): the batched layouts BSND, BNSD, BSH and SBH are
first brought to [B, S, N, D] with numpy transposes and reshapes (as_bsnd), then the first len_b
tokens of each batch are packed back to back (packed_sequences): that is a TND input whose
sequences are the batches, and the contract's arithmetic is the same from there on. Tokens
s >= len_b are never looked at. test_golden.py checks this mapping against an
independent one (explicit index arithmetic, view_cases.layout_offsets).
"""
import numpy as np

# The 16-bit formats' bit patterns and spacing, as every op's golden reads them.
from ..nsa_harness.numerics import DTYPES, FORMATS, overflow_threshold, to_bits, to_float32, ulp  # noqa: E402,F401
# The layouts, sequences and windows (shared with the other ops' goldens), re-exported for this op's tests.
from ..nsa_harness.layouts import BATCHED_LAYOUTS, LAYOUTS  # noqa: F401
from ..nsa_harness.sequences import (as_bsnd, batch_lengths, cumulative_ends, output_rows,  # noqa: F401
                                     packed_sequences, window_starts, windows)


def layout_golden(x_bits, w_bits, layout, act_seq_len, seq_type, l, d, dtype):
    """Output bits [K, N, D] of the contract for an input of any layout (N from the weight)."""
    tokens, ends = packed_sequences(x_bits, layout, act_seq_len, seq_type, np.asarray(w_bits).shape[1])
    return ordered_golden(tokens, w_bits, ends, l, d, dtype)


def layout_float64_golden(x_bits, w_bits, layout, act_seq_len, seq_type, l, d, dtype):
    tokens, ends = packed_sequences(x_bits, layout, act_seq_len, seq_type, np.asarray(w_bits).shape[1])
    return float64_golden(tokens, w_bits, ends, l, d, dtype)


def ordered_golden(x_bits, w_bits, ends, l, d, dtype):
    """Output bits [K, N, D] of the contract's exact operation order."""
    x = to_float32(x_bits, dtype)
    w = to_float32(w_bits, dtype)
    starts = window_starts(ends, l, d)
    # np.zeros is +0.0 and the first product is added, not assigned: +0.0 + -0.0 = +0.0.
    acc = np.zeros((starts.size,) + x.shape[1:], dtype=np.float32)
    with np.errstate(invalid="ignore"):                    # inf - inf and inf * 0 are NaN by contract
        for j in range(l):
            product = w[j][None, :, None] * x[starts + j]   # one float32 rounding
            acc += product                                     # one float32 rounding
    return to_bits(acc, dtype)


def float64_golden(x_bits, w_bits, ends, l, d, dtype):
    """(g, magnitude) [K, N, D]: the float64 sum and sum_j |w_j x_j| of every output element.

    Each product of two 16-bit floats is exact in float64 (at most 22 significant bits); the
    sum's float64 rounding is far below every bound it is compared with.
    """
    x = to_float32(x_bits, dtype).astype(np.float64)
    w = to_float32(w_bits, dtype).astype(np.float64)
    starts = window_starts(ends, l, d)
    total = np.zeros((starts.size,) + x.shape[1:], dtype=np.float64)
    magnitude = np.zeros_like(total)
    with np.errstate(invalid="ignore"):                    # inf - inf and inf * 0 are NaN by contract
        for j in range(l):
            product = w[j][None, :, None] * x[starts + j]
            total += product
            magnitude += np.abs(product)
    return total, magnitude


def tolerance(g, magnitude, l, dtype):
    """The device bound of the arithmetic contract (nsa_compress/docs/design.md):
    ulp_out(g) + l * 2^-23 * sum_j |w_j x_j|."""
    return ulp(g, dtype) + l * 2.0 ** -23 * magnitude


