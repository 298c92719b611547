#include "sim/float_convert.h"

#include <cstring>

namespace sim {
namespace {

uint32_t Bits(float f)
{
    uint32_t u;
    std::memcpy(&u, &f, sizeof(u));
    return u;
}

float FromBits(uint32_t u)
{
    float f;
    std::memcpy(&f, &u, sizeof(f));
    return f;
}

}  // namespace

uint16_t FloatToHalfBits(float value)
{
    const uint32_t u = Bits(value);
    const uint16_t sign = static_cast<uint16_t>((u >> 16) & 0x8000u);
    const uint32_t absBits = u & 0x7fffffffu;
    if (absBits > 0x7f800000u) {
        return static_cast<uint16_t>(sign | 0x7e00u | ((absBits >> 13) & 0x1ffu));
    }
    if (absBits >= 0x477ff000u) {
        // 65520 and above round to infinity (65504 is the largest finite half).
        return static_cast<uint16_t>(sign | 0x7c00u);
    }
    const int32_t exponent = static_cast<int32_t>(absBits >> 23) - 127;
    if (exponent >= -14) {
        // Normal half: drop 13 mantissa bits with round-to-nearest-even; a carry into the
        // exponent field is the correct result.
        uint32_t half = ((static_cast<uint32_t>(exponent + 15)) << 10) | ((absBits >> 13) & 0x3ffu);
        const uint32_t rest = absBits & 0x1fffu;
        if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) {
            ++half;
        }
        return static_cast<uint16_t>(sign | half);
    }
    if (exponent < -25) {
        return sign;  // below half the smallest subnormal: rounds to zero
    }
    // Subnormal half: value = mantissa * 2^-24; shift the full 24-bit significand.
    const uint32_t significand = (absBits & 0x7fffffu) | 0x800000u;
    const int shift = -exponent - 1;  // 14..24 bits dropped below the 2^-24 unit
    uint32_t half = significand >> shift;
    const uint32_t rest = significand & ((1u << shift) - 1u);
    const uint32_t halfway = 1u << (shift - 1);
    if (rest > halfway || (rest == halfway && (half & 1u))) {
        ++half;
    }
    return static_cast<uint16_t>(sign | half);
}

float HalfBitsToFloat(uint16_t bits)
{
    const uint32_t sign = static_cast<uint32_t>(bits & 0x8000u) << 16;
    const uint32_t exponent = (bits >> 10) & 0x1fu;
    const uint32_t mantissa = bits & 0x3ffu;
    if (exponent == 0x1fu) {
        return FromBits(sign | 0x7f800000u | (mantissa << 13));
    }
    if (exponent != 0) {
        return FromBits(sign | ((exponent + 112u) << 23) | (mantissa << 13));
    }
    // Subnormal or zero: exact in fp32 as mantissa * 2^-24.
    const float magnitude = static_cast<float>(mantissa) * FromBits(0x33800000u);
    return sign ? -magnitude : magnitude;
}

uint16_t FloatToBf16Bits(float value)
{
    const uint32_t u = Bits(value);
    if ((u & 0x7fffffffu) > 0x7f800000u) {
        return static_cast<uint16_t>((u >> 16) | 0x0040u);
    }
    const uint32_t roundingBias = 0x7fffu + ((u >> 16) & 1u);
    return static_cast<uint16_t>((u + roundingBias) >> 16);
}

float Bf16BitsToFloat(uint16_t bits)
{
    return FromBits(static_cast<uint32_t>(bits) << 16);
}

}  // namespace sim
