// Narrowing conversions of the vector Cast in each RoundMode: fp32 to half or bfloat16_t, rounded
// once from the exact value. Directed modes follow IEEE 754: a result beyond the largest finite
// value becomes infinity only when the mode rounds away from zero in that direction, else it is
// the largest finite value; infinities and NaN pass through, zeros keep their sign.
#include <cmath>
#include <string>

#include "kernel_operator/kernel_vector.h"
#include "sim/float_convert.h"

namespace sim {
namespace kernel {
namespace {

struct NarrowFormat {
    int fractionBits;     // stored significand bits
    int minExponent;      // of the smallest normal value; subnormals share its spacing
    int maxExponent;      // of the largest finite value
    uint16_t infinity;    // magnitude bits
    uint16_t maxFinite;   // magnitude bits
    uint16_t (*encodeExact)(float);   // for values the format holds exactly
};

constexpr NarrowFormat kHalf{10, -14, 15, 0x7C00, 0x7BFF, FloatToHalfBits};
constexpr NarrowFormat kBf16{7, -126, 127, 0x7F80, 0x7F7F, FloatToBf16Bits};

bool IsOdd(double integer)
{
    return std::fmod(integer, 2.0) != 0.0;
}

// Whether `mode` turns an overflowing value of this sign into infinity.
bool OverflowsToInfinity(AscendC::RoundMode mode, bool negative)
{
    switch (mode) {
        case AscendC::RoundMode::CAST_NONE:
        case AscendC::RoundMode::CAST_RINT:
        case AscendC::RoundMode::CAST_ROUND: return true;
        case AscendC::RoundMode::CAST_FLOOR: return negative;
        case AscendC::RoundMode::CAST_CEIL: return !negative;
        default: return false;   // CAST_TRUNC and CAST_ODD never round a magnitude up
    }
}

uint16_t Narrow(const char *call, float value, AscendC::RoundMode mode, const NarrowFormat &format)
{
    if (std::isnan(value) || std::isinf(value) || value == 0.0f) {
        return format.encodeExact(value);
    }
    const bool negative = std::signbit(value);
    const double magnitude = std::fabs(static_cast<double>(value));
    int exponent = std::ilogb(magnitude);
    exponent = exponent < format.minExponent ? format.minExponent : exponent;
    exponent = exponent > format.maxExponent ? format.maxExponent : exponent;
    // In units of the target's spacing at this exponent, the value splits exactly (a double
    // holds every fp32 value scaled by a power of two) into a kept integer and a dropped rest.
    const double unit = std::ldexp(1.0, exponent - format.fractionBits);
    double kept = std::floor(magnitude / unit);
    const double rest = magnitude / unit - kept;
    switch (mode) {
        case AscendC::RoundMode::CAST_NONE:
        case AscendC::RoundMode::CAST_RINT: kept += (rest > 0.5 || (rest == 0.5 && IsOdd(kept))) ? 1 : 0; break;
        case AscendC::RoundMode::CAST_ROUND: kept += rest >= 0.5 ? 1 : 0; break;
        case AscendC::RoundMode::CAST_FLOOR: kept += (negative && rest > 0) ? 1 : 0; break;
        case AscendC::RoundMode::CAST_CEIL: kept += (!negative && rest > 0) ? 1 : 0; break;
        case AscendC::RoundMode::CAST_TRUNC: break;
        case AscendC::RoundMode::CAST_ODD: kept += (rest > 0 && !IsOdd(kept)) ? 1 : 0; break;
        default:
            Fault(std::string(call) + ": round mode " + std::to_string(static_cast<int>(mode)) + " is not a RoundMode");
    }
    const uint16_t sign = negative ? 0x8000 : 0;
    const double largestSignificand = std::ldexp(1.0, format.fractionBits + 1) - 1;
    if (exponent == format.maxExponent && kept > largestSignificand) {
        return sign | (OverflowsToInfinity(mode, negative) ? format.infinity : format.maxFinite);
    }
    const auto rounded = static_cast<float>(kept * unit);
    return format.encodeExact(negative ? -rounded : rounded);
}

}  // namespace

uint16_t CastToHalfBits(const char *call, float value, AscendC::RoundMode mode)
{
    return Narrow(call, value, mode, kHalf);
}

uint16_t CastToBf16Bits(const char *call, float value, AscendC::RoundMode mode)
{
    return Narrow(call, value, mode, kBf16);
}

}  // namespace kernel
}  // namespace sim
