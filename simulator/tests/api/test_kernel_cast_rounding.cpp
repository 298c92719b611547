// Narrowing Cast in every RoundMode against a scalar model that rounds from the fp32 bits with
// integer arithmetic: the value is an integer significand times a power of two, split at the
// target format's spacing into the kept part and the dropped remainder.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "kernel_test_util.h"

namespace {

using AscendC::RoundMode;

struct Format {
    int fractionBits;
    int minExponent;
    int maxExponent;
};

constexpr Format kHalfFormat{10, -14, 15};
constexpr Format kBf16Format{7, -126, 127};

uint32_t BitsOf(float value)
{
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof(bits));
    return bits;
}

float FloatOf(uint32_t bits)
{
    float value;
    std::memcpy(&value, &bits, sizeof(value));
    return value;
}

// A finite nonzero |value| = significand * 2^exponent split at the target format's spacing
// (2^quantum): the multiples of the spacing it holds, and what is dropped.
struct Split {
    int quantum;
    uint64_t kept;
    int remainderVsHalf;   // -1, 0, +1: the dropped part against half a quantum
    bool inexact;
};

Split SplitAtSpacing(uint64_t significand, int exponent, const Format &format)
{
    int top = exponent;
    for (uint64_t s = significand; s > 1; s >>= 1) ++top;   // exponent of the leading bit
    int quantum = (top < format.minExponent ? format.minExponent : top) - format.fractionBits;
    quantum = quantum > format.maxExponent - format.fractionBits ? format.maxExponent - format.fractionBits : quantum;
    const int shift = quantum - exponent;
    if (shift <= 0) {
        // Only values past the format's range shift left; saturating keeps them past it.
        return {quantum, -shift > 30 ? uint64_t{1} << 40 : significand << -shift, -1, false};
    }
    if (shift >= 40) {
        return {quantum, 0, -1, true};
    }
    const uint64_t remainder = significand & ((uint64_t{1} << shift) - 1);
    const uint64_t half = uint64_t{1} << (shift - 1);
    return {quantum, significand >> shift, remainder > half ? 1 : remainder == half ? 0 : -1, remainder != 0};
}

// The kept multiples after rounding in `mode`; *towardInfinityOnOverflow says whether a result
// past the largest finite value becomes infinity in that mode and direction.
uint64_t Round(const Split &split, RoundMode mode, bool negative, bool *towardInfinityOnOverflow)
{
    uint64_t kept = split.kept;
    *towardInfinityOnOverflow = false;
    switch (mode) {
        case RoundMode::CAST_NONE:
        case RoundMode::CAST_RINT:
            kept += (split.remainderVsHalf > 0 || (split.remainderVsHalf == 0 && (kept & 1))) ? 1 : 0;
            *towardInfinityOnOverflow = true;
            break;
        case RoundMode::CAST_ROUND:
            kept += split.remainderVsHalf >= 0 && split.inexact ? 1 : 0;
            *towardInfinityOnOverflow = true;
            break;
        case RoundMode::CAST_FLOOR:
            kept += negative && split.inexact ? 1 : 0;
            *towardInfinityOnOverflow = negative;
            break;
        case RoundMode::CAST_CEIL:
            kept += !negative && split.inexact ? 1 : 0;
            *towardInfinityOnOverflow = !negative;
            break;
        case RoundMode::CAST_TRUNC: break;
        case RoundMode::CAST_ODD: kept |= split.inexact ? 1 : 0; break;
    }
    return kept;
}

// The 16-bit pattern IEEE 754 gives `value` in `format` under `mode`. NaN inputs are not modeled
// (the check below only asks for a NaN).
uint16_t ModelBits(float value, RoundMode mode, const Format &format)
{
    const uint32_t bits = BitsOf(value);
    const bool negative = (bits >> 31) != 0;
    const uint16_t sign = negative ? 0x8000 : 0;
    const int exponentField = static_cast<int>((bits >> 23) & 0xFF);
    const uint32_t fraction = bits & 0x7FFFFF;
    const int bias = format.maxExponent;
    const uint16_t infinity = static_cast<uint16_t>(((2 * bias + 1) << format.fractionBits));
    const uint16_t maxFinite = static_cast<uint16_t>(infinity - 1);
    if (exponentField == 0xFF) {
        return sign | infinity;
    }
    // |value| = significand * 2^exponent exactly.
    const uint64_t significand = exponentField == 0 ? fraction : (fraction | 0x800000u);
    const int exponent = exponentField == 0 ? -149 : exponentField - 150;
    if (significand == 0) {
        return sign;
    }
    const Split split = SplitAtSpacing(significand, exponent, format);
    bool towardInfinityOnOverflow = false;
    uint64_t kept = Round(split, mode, negative, &towardInfinityOnOverflow);
    const uint64_t implicitBit = uint64_t{1} << format.fractionBits;
    if (kept >= 2 * implicitBit && split.quantum == format.maxExponent - format.fractionBits) {
        return sign | (towardInfinityOnOverflow ? infinity : maxFinite);
    }
    if (kept < implicitBit) {
        return sign | static_cast<uint16_t>(kept);   // subnormal (or zero)
    }
    int leading = split.quantum + format.fractionBits;
    if (kept == 2 * implicitBit) {   // rounding carried into the next binade
        kept = implicitBit;
        ++leading;
    }
    return sign | static_cast<uint16_t>(((leading + bias) << format.fractionBits) | (kept - implicitBit));
}

bool IsNanBits(uint16_t bits, const Format &format)
{
    const uint16_t infinity = static_cast<uint16_t>((2 * format.maxExponent + 1) << format.fractionBits);
    return (bits & 0x7FFF) > infinity;
}

std::vector<float> Inputs()
{
    std::vector<float> values = {
        0.0f, -0.0f, 1.0f, -1.0f,
        // half: ties between neighbours of 1, ties at even and odd kept values, above and below
        1.0f + std::ldexp(1.0f, -11), 1.0f + 3 * std::ldexp(1.0f, -11), -(1.0f + std::ldexp(1.0f, -11)),
        -(1.0f + 3 * std::ldexp(1.0f, -11)), 1.0f + std::ldexp(1.0f, -12), 1.0f + 3 * std::ldexp(1.0f, -12),
        // half: near and past the largest finite value, and in the subnormal range
        65504.0f, -65504.0f, 65519.0f, 65520.0f, -65520.0f, 65535.0f, 70000.0f, -70000.0f, 1e10f, -1e10f,
        std::ldexp(1.0f, -24), std::ldexp(1.0f, -25), 3 * std::ldexp(1.0f, -25), -3 * std::ldexp(1.0f, -25),
        std::ldexp(1.0f, -26), -std::ldexp(1.0f, -26), 1e-30f, -1e-30f,
        // bfloat16: ties and overflow, float subnormals
        1.0f + std::ldexp(1.0f, -8), 1.0f + 3 * std::ldexp(1.0f, -8), -(1.0f + std::ldexp(1.0f, -8)),
        std::numeric_limits<float>::max(), -std::numeric_limits<float>::max(), 3.3961776e38f,
        std::numeric_limits<float>::denorm_min(), -std::numeric_limits<float>::denorm_min(), 1e-40f, -1e-40f,
        std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
        std::numeric_limits<float>::quiet_NaN(),
    };
    std::mt19937 rng(2024);
    std::uniform_int_distribution<uint32_t> anyBits;
    std::uniform_real_distribution<float> ordinary(-70000.0f, 70000.0f);
    while (values.size() < 1600) {
        const float random = values.size() % 2 ? FloatOf(anyBits(rng)) : ordinary(rng);
        if (!std::isnan(random)) values.push_back(random);
    }
    return values;
}

constexpr RoundMode kModes[] = {RoundMode::CAST_NONE, RoundMode::CAST_RINT, RoundMode::CAST_FLOOR, RoundMode::CAST_CEIL,
                                RoundMode::CAST_ROUND, RoundMode::CAST_TRUNC, RoundMode::CAST_ODD};

TEST(KernelCastRounding, EveryModeMatchesTheBitModelForHalfAndBf16)
{
    const std::vector<float> values = Inputs();
    const auto n = static_cast<uint32_t>(values.size());
    std::vector<std::vector<uint16_t>> halfBits, bf16Bits;
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        AscendC::TPipe pipe;
        AscendC::TBuf<> source, narrow;
        pipe.InitBuffer(source, n * 4);
        pipe.InitBuffer(narrow, n * 2);
        const auto f = source.Get<float>();
        for (uint32_t i = 0; i < n; ++i) f.SetValue(i, values[i]);
        for (RoundMode mode : kModes) {
            const auto h = narrow.Get<half>();
            AscendC::Cast(h, f, mode, n);
            halfBits.emplace_back();
            for (uint32_t i = 0; i < n; ++i) halfBits.back().push_back(h.GetValue(i).bits);
            const auto b = narrow.Get<bfloat16_t>();
            AscendC::Cast(b, f, mode, n);
            bf16Bits.emplace_back();
            for (uint32_t i = 0; i < n; ++i) bf16Bits.back().push_back(b.GetValue(i).bits);
        }
    });
    ASSERT_TRUE(launch.ok) << launch.error;
    for (size_t m = 0; m < std::size(kModes); ++m) {
        for (uint32_t i = 0; i < n; ++i) {
            const int mode = static_cast<int>(kModes[m]);
            if (std::isnan(values[i])) {
                EXPECT_TRUE(IsNanBits(halfBits[m][i], kHalfFormat)) << "mode " << mode;
                EXPECT_TRUE(IsNanBits(bf16Bits[m][i], kBf16Format)) << "mode " << mode;
                continue;
            }
            ASSERT_EQ(halfBits[m][i], ModelBits(values[i], kModes[m], kHalfFormat))
                << "half, mode " << mode << ", input " << values[i] << " (0x" << std::hex << BitsOf(values[i]) << ")";
            ASSERT_EQ(bf16Bits[m][i], ModelBits(values[i], kModes[m], kBf16Format))
                << "bf16, mode " << mode << ", input " << values[i] << " (0x" << std::hex << BitsOf(values[i]) << ")";
        }
    }
}

TEST(KernelCastRounding, ModesDifferWhereTheyShould)
{
    // The model agreeing with the simulator proves little if the modes all meant the same: pin
    // the textbook results of one tie and one inexact value.
    const float tie = 1.0f + std::ldexp(1.0f, -11);        // halfway between 0x3C00 and 0x3C01
    const float negative = -(1.0f + std::ldexp(1.0f, -12));   // a quarter of the way past -1
    EXPECT_EQ(ModelBits(tie, RoundMode::CAST_RINT, kHalfFormat), 0x3C00);
    EXPECT_EQ(ModelBits(tie, RoundMode::CAST_ROUND, kHalfFormat), 0x3C01);
    EXPECT_EQ(ModelBits(tie, RoundMode::CAST_ODD, kHalfFormat), 0x3C01);
    EXPECT_EQ(ModelBits(negative, RoundMode::CAST_FLOOR, kHalfFormat), 0xBC01);
    EXPECT_EQ(ModelBits(negative, RoundMode::CAST_CEIL, kHalfFormat), 0xBC00);
    EXPECT_EQ(ModelBits(negative, RoundMode::CAST_TRUNC, kHalfFormat), 0xBC00);
    EXPECT_EQ(ModelBits(70000.0f, RoundMode::CAST_TRUNC, kHalfFormat), 0x7BFF);
    EXPECT_EQ(ModelBits(70000.0f, RoundMode::CAST_ROUND, kHalfFormat), 0x7C00);
}

TEST(KernelCastRounding, CountsAsVectorWork)
{
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        AscendC::TPipe pipe;
        AscendC::TBuf<> source, narrow;
        pipe.InitBuffer(source, 128 * 4);
        pipe.InitBuffer(narrow, 128 * 2);
        AscendC::Duplicate(source.Get<float>(), 2.5f, 128);
        AscendC::Cast(narrow.Get<half>(), source.Get<float>(), RoundMode::CAST_ROUND, 128);
    });
    ASSERT_TRUE(launch.ok) << launch.error;
    EXPECT_EQ(launch.report.total.vectorInstructions, 2u);
    EXPECT_EQ(launch.report.total.vectorRepeats, 4u);   // 2 + 2 repeats of 64 elements
}

}  // namespace
