"""The golden's float32 -> bfloat16 cast (golden.to_bits, which is ml_dtypes' cast) cross-checked
against an integer reference, TensorFlow's tf.cast and PyTorch's Tensor.to.

Inputs: every one of the 65536 upper halves of a float32 (every bf16 value: both signs, zeros,
subnormals, normals, infinities, NaNs), each joined with lower halves that hit each rounding
case: exact (0x0000, which gives the signed zeros and infinities), just above exact (0x0001),
below, at and above the tie (0x7FFF, 0x8000, 0x8001: the tie goes to even, so up exactly when
the upper half is odd), the quarters (0x4000, 0xC000), the largest (0xFFFF), and one seeded
random lower half. An upper half whose mantissa is all ones carries into the exponent when it
rounds up, and 0x7F7F (the largest finite bf16) carries into infinity.

Non-NaN inputs must give the same bits everywhere. NaNs are compared by class, since the
libraries disagree on their bits (measured with ml_dtypes 0.6.0, TensorFlow 2.21.0 and PyTorch
2.13.0 on x86_64): ml_dtypes gives the quiet NaN 0x7FC0 with the input's sign; tf.cast gives
0x7FC0 in its vectorised packets (the sign dropped) and sign | 0x7FC0 in the scalar tail of an
array; torch gives 0xFFFF for every NaN. What all three do, and what is asserted for them: every
NaN input gives a quiet NaN (exponent all ones, top mantissa bit set). The golden's own NaN
bits (sign | 0x7FC0) are pinned against the integer reference.

TensorFlow and PyTorch come from requirements.txt. Without them the library checks skip on a
developer's machine but fail under CI (CI set, as .ci/run sets it), so CI cannot lose them.
"""
import importlib
import os

import numpy as np
import pytest

from . import golden

LOWER_HALVES = (0x0000, 0x0001, 0x4000, 0x7FFF, 0x8000, 0x8001, 0xC000, 0xFFFF)
LIBRARIES = ("tensorflow", "torch")


def float32_inputs():
    """uint32 bit patterns: every upper half with every lower half of LOWER_HALVES and one random."""
    upper = np.arange(1 << 16, dtype=np.uint32) << np.uint32(16)
    fixed = upper[:, None] | np.array(LOWER_HALVES, dtype=np.uint32)[None, :]
    random = upper | np.random.default_rng(15).integers(1, 1 << 16, upper.size, dtype=np.uint32)
    return np.concatenate([fixed.reshape(-1), random])


def is_nan32(bits):
    return (bits & np.uint32(0x7FFFFFFF)) > np.uint32(0x7F800000)


def is_nan16(bits):
    return (bits & np.uint16(0x7FFF)) > np.uint16(0x7F80)


def is_quiet_nan16(bits):
    return is_nan16(bits) & ((bits & np.uint16(0x0040)) != 0)


def rne_reference(bits):
    """bfloat16 bits of float32 bits by integer arithmetic, independent of every library: add
    0x7FFF plus the lowest kept bit and drop the low 16 bits. That rounds to nearest with ties to
    even; a carry out of the mantissa raises the exponent, out of the largest finite exponent it
    gives infinity, and subnormals need nothing special (bfloat16 has float32's exponent range).
    NaNs become the quiet NaN 0x7FC0 with the input's sign, the golden's documented choice."""
    bits = np.asarray(bits, dtype=np.uint32)
    wide = bits.astype(np.uint64)
    rounded = ((wide + 0x7FFF + ((wide >> 16) & 1)) >> 16).astype(np.uint16)
    nan = ((bits >> 16) & 0x8000).astype(np.uint16) | np.uint16(0x7FC0)
    return np.where(is_nan32(bits), nan, rounded)


def golden_cast(bits):
    """The golden's own conversion, applied to float32 values."""
    with np.errstate(invalid="ignore"):  # numpy warns when a NaN is cast
        return golden.to_bits(bits.view(np.float32), "bfloat16")


def tensorflow_cast(tf, bits):
    return tf.bitcast(tf.cast(tf.constant(bits.view(np.float32)), tf.bfloat16), tf.uint16).numpy()


def torch_cast(torch, bits):
    values = torch.from_numpy(bits.view(np.float32).copy())
    return values.to(torch.bfloat16).view(torch.int16).numpy().view(np.uint16)


def mismatches(name, inputs, got, expected, *, nan_by_class):
    """Lines describing every disagreement (at most 8 examples), empty when there is none.
    Non-NaN inputs must match bit for bit; NaN inputs too, unless nan_by_class, when both sides
    need only be quiet NaNs."""
    got = np.asarray(got, dtype=np.uint16)
    nan = is_nan32(inputs)
    wrong = ~nan & (got != expected)
    if nan_by_class:
        wrong |= nan & ~(is_quiet_nan16(got) & is_quiet_nan16(expected))
    else:
        wrong |= nan & (got != expected)
    if not wrong.any():
        return []
    index = np.flatnonzero(wrong)
    lines = [f"{name}: {index.size} of {inputs.size} inputs differ ({np.count_nonzero(wrong & nan)} NaN)"]
    lines += [f"  float32 0x{inputs[i]:08X}: got 0x{got[i]:04X}, expected 0x{expected[i]:04X}" for i in index[:8]]
    return lines


def in_ci():
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def import_library(name):
    """The module, or a skip outside CI and a failure in CI when it is not installed."""
    try:
        return importlib.import_module(name)
    except ImportError as error:
        message = (f"{name} is not importable ({error}); requirements.txt installs it into the project's "
                   f".venv (bash build.sh --st)")
        if in_ci():
            pytest.fail(f"{message}. CI must run the bf16 cross-check, so this is a failure there", pytrace=False)
        pytest.skip(message)


def library_cast(name, bits):
    if name == "tensorflow":
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # no start-up notes about CPU features
        return tensorflow_cast(import_library(name), bits)
    return torch_cast(import_library(name), bits)


def test_inputs_hit_every_rounding_case():
    bits = float32_inputs()
    finite = (bits & 0x7F800000) != 0x7F800000
    lower, kept_odd = bits & 0xFFFF, ((bits >> 16) & 1) == 1
    out = rne_reference(bits)
    cases = {
        "tie to even, rounds down": finite & (lower == 0x8000) & ~kept_odd,
        "tie to even, rounds up": finite & (lower == 0x8000) & kept_odd,
        "just below a tie": finite & (lower == 0x7FFF),
        "just above a tie": finite & (lower == 0x8001),
        "carry into the exponent": finite & ((out & 0x7F80) != ((bits >> 16) & 0x7F80)) & ((out & 0x7F80) != 0x7F80),
        "finite rounding to infinity": finite & ((out & 0x7FFF) == 0x7F80),
        "subnormal": ((bits & 0x7F800000) == 0) & ((bits & 0x007FFFFF) != 0),
        "subnormal rounding up to the smallest normal": ((bits & 0x7F800000) == 0) & ((out & 0x7F80) == 0x0080),
        "+0": bits == 0x00000000,
        "-0": bits == 0x80000000,
        "+inf": bits == 0x7F800000,
        "-inf": bits == 0xFF800000,
        "quiet NaN, each sign": is_nan32(bits) & ((bits & 0x00400000) != 0),
        "signalling NaN, each sign": is_nan32(bits) & ((bits & 0x00400000) == 0),
    }
    assert {name: int(np.count_nonzero(hit)) for name, hit in cases.items() if not hit.any()} == {}
    for sign in (0, 0x80000000):
        assert np.count_nonzero(is_nan32(bits) & ((bits & 0x80000000) == sign)) > 0
    assert np.count_nonzero(finite & ((out & 0x7FFF) == 0x7F80) & (bits >> 31 == 1)) > 0  # to -inf too


def test_the_integer_reference_on_known_values():
    cases = {
        0x3F808000: 0x3F80,  # 1 + 2^-8: tie, kept bit even, down
        0x3F818000: 0x3F82,  # tie, kept bit odd, up
        0x3F807FFF: 0x3F80, 0x3F808001: 0x3F81,
        0x3FFF8000: 0x4000,  # carry: 1.99609375 + half ulp -> 2
        0x7F7F8000: 0x7F80,  # largest finite + half ulp -> inf
        0xFF7F7FFF: 0xFF7F,  # just below that: stays finite
        0x00008000: 0x0000, 0x00018000: 0x0002, 0x007FFFFF: 0x0080,  # subnormals
        0x80000000: 0x8000, 0x7F800000: 0x7F80, 0xFF800000: 0xFF80,
        0x7F800001: 0x7FC0, 0xFFC00000: 0xFFC0,  # NaNs: quiet, sign kept
    }
    bits = np.array(list(cases), dtype=np.uint32)
    assert [f"{v:04X}" for v in rne_reference(bits)] == [f"{v:04X}" for v in cases.values()]


def test_golden_cast_matches_the_integer_reference():
    bits = float32_inputs()
    problems = mismatches("golden.to_bits", bits, golden_cast(bits), rne_reference(bits), nan_by_class=False)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("library", LIBRARIES)
def test_golden_cast_matches_library(library):
    bits = float32_inputs()
    got = library_cast(library, bits)
    problems = mismatches(f"{library} against golden.to_bits", bits, got, golden_cast(bits), nan_by_class=True)
    # and the library against the reference, so a failure says which side moved
    problems += mismatches(f"{library} against the integer reference", bits, got, rne_reference(bits),
                           nan_by_class=True)
    assert not problems, "\n".join(problems)


def truncate(bits):
    return (bits >> 16).astype(np.uint16)


def ties_away_from_zero(bits):
    return ((bits.astype(np.uint64) + 0x8000) >> 16).astype(np.uint16)


def flush_subnormals(bits):
    out = rne_reference(bits)
    return np.where((bits & 0x7F800000) == 0, (bits >> 16) & 0x8000, out).astype(np.uint16)


def saturate(bits):
    out = rne_reference(bits)
    return np.where((out & 0x7FFF) == 0x7F80, out - 1, out).astype(np.uint16)


def nan_to_inf(bits):
    out = rne_reference(bits)
    return np.where(is_nan32(bits), (bits >> 16) & 0xFF80, out).astype(np.uint16)


@pytest.mark.parametrize("broken,least", [
    # every finite input above a tie or at one with an odd kept bit (65024 finite upper halves)
    (truncate, 3 * 65024 + 65024 // 2),
    (ties_away_from_zero, 65024 // 2),  # every finite tie whose kept bit is even
    (flush_subnormals, 256 * 9 - 12),   # every subnormal (256 upper halves) but those rounding to 0
    (saturate, 2),                  # +-inf from an overflow or an infinity
    (nan_to_inf, 2),                # NaNs whose top payload bits are zero become infinities
])
def test_the_comparison_catches_a_broken_cast(broken, least):
    # The checks above are only as good as this: a cast broken in any of these ways must be
    # reported, against the reference (exact NaNs) and against a library (NaNs by class).
    bits = float32_inputs()
    exact = mismatches(broken.__name__, bits, broken(bits), rne_reference(bits), nan_by_class=False)
    by_class = mismatches(broken.__name__, bits, broken(bits), rne_reference(bits), nan_by_class=True)
    assert exact and by_class
    assert int(exact[0].split()[1]) >= least, exact[0]
