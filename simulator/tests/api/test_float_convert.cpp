// fp32 <-> fp16/bf16 conversions against an independent reference that rounds with exact
// integer arithmetic on the value's scaled significand.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

#include "acl/acl.h"
#include "sim/float_convert.h"

namespace {

float FromBits(uint32_t u)
{
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

// Round |value| to a binary format with `mantissaBits` explicit bits and minimum normal exponent
// `minExponent`, ties to even, using long double (exact for every float).
long double RoundToFormat(long double value, int mantissaBits, int minExponent)
{
    int exponent;
    std::frexp(value, &exponent);   // value = m * 2^exponent, m in [0.5, 1)
    const int unitExponent = std::max(exponent - 1, minExponent) - mantissaBits;
    const long double scaled = std::ldexp(value, -unitExponent);
    long double whole = std::floor(scaled);
    const long double fraction = scaled - whole;
    if (fraction > 0.5L || (fraction == 0.5L && std::fmod(whole, 2.0L) != 0)) {
        whole += 1;
    }
    return std::ldexp(whole, unitExponent);
}

TEST(FloatConvert, HalfMatchesReferenceOnRandomFloats)
{
    std::mt19937 rng(7);
    std::uniform_int_distribution<uint32_t> bits(0, 0xFFFFFFFFu);
    int checked = 0;
    while (checked < 200000) {
        const float value = FromBits(bits(rng) & 0x8FFFFFFFu);  // keep exponents near the fp16 range
        if (!std::isfinite(value) || std::fabs(value) >= 65520.0f) {
            continue;
        }
        const long double expected = std::copysign(RoundToFormat(std::fabs((long double)value), 10, -14), value);
        ASSERT_EQ((long double)sim::HalfBitsToFloat(sim::FloatToHalfBits(value)), expected) << value;
        ++checked;
    }
}

TEST(FloatConvert, HalfTiesOverflowSubnormalsAndNan)
{
    EXPECT_EQ(sim::FloatToHalfBits(1.0f + std::ldexp(1.0f, -11)), 0x3C00);        // tie to even (down)
    EXPECT_EQ(sim::FloatToHalfBits(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3C02);    // tie to even (up)
    EXPECT_EQ(sim::FloatToHalfBits(65504.0f), 0x7BFF);
    EXPECT_EQ(sim::FloatToHalfBits(65519.99f), 0x7BFF);
    EXPECT_EQ(sim::FloatToHalfBits(65520.0f), 0x7C00);                             // rounds to infinity
    EXPECT_EQ(sim::FloatToHalfBits(-INFINITY), 0xFC00);
    EXPECT_EQ(sim::FloatToHalfBits(std::ldexp(1.0f, -24)), 0x0001);                // smallest subnormal
    EXPECT_EQ(sim::FloatToHalfBits(std::ldexp(1.0f, -25)), 0x0000);                // tie to even: zero
    EXPECT_EQ(sim::FloatToHalfBits(std::ldexp(3.0f, -26)), 0x0001);
    EXPECT_EQ(sim::FloatToHalfBits(-0.0f), 0x8000);
    EXPECT_TRUE(std::isnan(sim::HalfBitsToFloat(sim::FloatToHalfBits(NAN))));
    EXPECT_EQ(sim::HalfBitsToFloat(0x0001), std::ldexp(1.0f, -24));
    EXPECT_EQ(aclFloatToFloat16(2.5f), 0x4100);
    EXPECT_EQ(aclFloat16ToFloat(0xC100), -2.5f);
}

TEST(FloatConvert, Bf16MatchesReference)
{
    std::mt19937 rng(8);
    std::uniform_int_distribution<uint32_t> bits(0, 0xFFFFFFFFu);
    for (int i = 0; i < 200000; ++i) {
        const float value = FromBits(bits(rng));
        if (!std::isfinite(value) || std::fabs(value) > 3.38e38f) {
            continue;
        }
        const long double expected = std::copysign(RoundToFormat(std::fabs((long double)value), 7, -126), value);
        ASSERT_EQ((long double)sim::Bf16BitsToFloat(sim::FloatToBf16Bits(value)), expected) << value;
    }
    EXPECT_EQ(sim::FloatToBf16Bits(FromBits(0x3F808000u)), 0x3F80);  // tie to even (down)
    EXPECT_EQ(sim::FloatToBf16Bits(FromBits(0x3F818000u)), 0x3F82);  // tie to even (up)
    EXPECT_EQ(sim::FloatToBf16Bits(INFINITY), 0x7F80);
    EXPECT_TRUE(std::isnan(sim::Bf16BitsToFloat(sim::FloatToBf16Bits(NAN))));
}

}  // namespace
