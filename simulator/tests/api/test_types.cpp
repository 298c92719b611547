// gert::Shape, the ge:: type helpers, aclDataTypeSize, and the fp32 <-> fp16/bf16 conversions
// checked against a reference that rounds by integer arithmetic on the exact significand.
#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "exe_graph/runtime/shape.h"
#include "graph/types.h"
#include "sim/float_convert.h"

namespace {

uint32_t Bits(float value)
{
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof(bits));
    return bits;
}

float FromBits(uint32_t bits)
{
    float value;
    std::memcpy(&value, &bits, sizeof(value));
    return value;
}

// A binary format with `mantissaBits` stored fraction bits and an exponent bias; the largest
// exponent field encodes inf and NaN.
struct Format16 {
    int mantissaBits;
    int exponentBits;
    int bias;
};
constexpr Format16 kHalf = {10, 5, 15};
constexpr Format16 kBf16 = {7, 8, 127};

// Reference encoding of a finite fp32 `value`, round to nearest even. Every value of the target
// format is n * 2^q with q = max(floor(log2|v|) - mantissaBits, 1 - bias - mantissaBits); the
// encoding of n * 2^q is ((q + bias + mantissaBits) << mantissaBits) + n - 2^mantissaBits, which
// also covers subnormals and a rounding carry into the next binade.
uint16_t ReferenceEncode(float value, const Format16 &format)
{
    const uint32_t bits = Bits(value);
    const uint16_t sign = static_cast<uint16_t>((bits >> 31) << 15);
    const uint32_t exponentField = (bits >> 23) & 0xFF;
    const uint64_t fraction = bits & 0x7FFFFF;
    // value = significand * 2^exponent exactly
    const uint64_t significand = exponentField == 0 ? fraction : (fraction | 0x800000);
    const int exponent = exponentField == 0 ? -149 : static_cast<int>(exponentField) - 150;
    if (significand == 0) {
        return sign;
    }
    const int log2Value = 63 - __builtin_clzll(significand) + exponent;
    const int q = std::max(log2Value - format.mantissaBits, 1 - format.bias - format.mantissaBits);
    const int shift = q - exponent;
    uint64_t n = 0;
    if (shift <= 0) {
        n = significand << -shift;
    } else if (shift < 40) {
        const uint64_t whole = significand >> shift;
        const uint64_t rest = significand & ((uint64_t{1} << shift) - 1);
        const uint64_t halfway = uint64_t{1} << (shift - 1);
        n = whole + ((rest > halfway || (rest == halfway && (whole & 1))) ? 1 : 0);
    }
    const int64_t encoded = (static_cast<int64_t>(q + format.bias + format.mantissaBits) << format.mantissaBits) +
                            static_cast<int64_t>(n) - (int64_t{1} << format.mantissaBits);
    const int64_t infinity = ((int64_t{1} << format.exponentBits) - 1) << format.mantissaBits;
    return static_cast<uint16_t>(sign | (encoded >= infinity ? infinity : encoded));
}

// Reference decoding of a finite 16-bit encoding, as a double (exact for both formats).
double ReferenceDecode(uint16_t bits, const Format16 &format)
{
    const int exponentField = (bits & 0x7FFF) >> format.mantissaBits;
    const int fraction = bits & ((1 << format.mantissaBits) - 1);
    const double magnitude =
        exponentField == 0
            ? std::ldexp(fraction, 1 - format.bias - format.mantissaBits)
            : std::ldexp(fraction + (1 << format.mantissaBits), exponentField - format.bias - format.mantissaBits);
    return (bits & 0x8000) ? -magnitude : magnitude;
}

// Finite floats of every exponent: the mantissa patterns where rounding decides (all bits below
// the kept ones zero, just under, exactly at and just over the halfway point), plus random ones.
std::vector<float> FiniteSamples(int droppedBits)
{
    std::vector<float> samples;
    std::mt19937 rng(2024);
    std::uniform_int_distribution<uint32_t> mantissa(0, 0x7FFFFF);
    const uint32_t halfway = 1u << (droppedBits - 1);
    for (uint32_t exponentField = 0; exponentField < 255; ++exponentField) {
        for (uint32_t kept : {0u, 1u, 2u, 3u, 0x7FFFFFu >> droppedBits}) {
            for (uint32_t low : {0u, 1u, halfway - 1, halfway, halfway + 1, 2 * halfway - 1}) {
                const uint32_t fraction = ((kept << droppedBits) | low) & 0x7FFFFF;
                samples.push_back(FromBits((exponentField << 23) | fraction));
            }
        }
        for (int i = 0; i < 500; ++i) {
            samples.push_back(FromBits((exponentField << 23) | mantissa(rng)));
        }
    }
    const size_t positives = samples.size();
    for (size_t i = 0; i < positives; ++i) {
        samples.push_back(-samples[i]);
    }
    return samples;
}

TEST(TypesShape, DimsSizeAndComparison)
{
    const gert::Shape scalar;
    EXPECT_TRUE(scalar.IsScalar());
    EXPECT_EQ(scalar.GetShapeSize(), 1);
    EXPECT_EQ(scalar.ToString(), "[]");

    gert::Shape shape{2, 3, 4};
    EXPECT_EQ(shape.GetDimNum(), 3u);
    EXPECT_EQ(shape.GetDim(1), 3);
    EXPECT_EQ(shape.GetDim(3), 0) << "out of range reads 0";
    EXPECT_EQ(shape.GetShapeSize(), 24);
    EXPECT_EQ(shape.ToString(), "[2, 3, 4]");
    shape.SetDim(1, 5);
    shape.SetDim(7, 9);  // past the dim count: ignored
    EXPECT_EQ(shape, (gert::Shape{2, 5, 4}));
    EXPECT_NE(shape, (gert::Shape{2, 5}));
    EXPECT_NE(shape, (gert::Shape{2, 5, 3}));
    shape.AppendDim(0);
    EXPECT_EQ(shape.GetShapeSize(), 0);
    shape.SetDimNum(2);
    EXPECT_EQ(shape, (gert::Shape{2, 5}));
    shape.SetDimNum(100);
    EXPECT_EQ(shape.GetDimNum(), gert::Shape::kMaxDimNum);

    gert::Shape full;
    for (size_t i = 0; i < gert::Shape::kMaxDimNum + 2; ++i) {
        full.AppendDim(2);
    }
    EXPECT_EQ(full.GetDimNum(), gert::Shape::kMaxDimNum);
    EXPECT_EQ(full.GetShapeSize(), 256);

    EXPECT_EQ((gert::Shape{int64_t{1} << 40, int64_t{1} << 30}).GetShapeSize(), -1) << "overflow";
    EXPECT_EQ((gert::Shape{int64_t{1} << 40, int64_t{1} << 22}).GetShapeSize(), int64_t{1} << 62);
}

TEST(TypesDataType, SizesAndNames)
{
    const std::vector<std::pair<ge::DataType, size_t>> sizes = {
        {ge::DT_FLOAT, 4},  {ge::DT_FLOAT16, 2}, {ge::DT_BF16, 2},      {ge::DT_INT8, 1},       {ge::DT_UINT8, 1},
        {ge::DT_BOOL, 1},   {ge::DT_INT16, 2},   {ge::DT_UINT16, 2},    {ge::DT_INT32, 4},      {ge::DT_UINT32, 4},
        {ge::DT_INT64, 8},  {ge::DT_UINT64, 8},  {ge::DT_DOUBLE, 8},    {ge::DT_COMPLEX64, 8},  {ge::DT_COMPLEX128, 16},
        {ge::DT_STRING, 0}, {ge::DT_UNDEFINED, 0},
    };
    for (const auto &entry : sizes) {
        EXPECT_EQ(ge::DataTypeSize(entry.first), entry.second) << ge::DataTypeName(entry.first);
    }
    EXPECT_STREQ(ge::DataTypeName(ge::DT_FLOAT16), "DT_FLOAT16");
    EXPECT_STREQ(ge::DataTypeName(ge::DT_BF16), "DT_BF16");
    EXPECT_STREQ(ge::DataTypeName(ge::DT_UNDEFINED), "DT_UNDEFINED");
    EXPECT_STREQ(ge::DataTypeName(static_cast<ge::DataType>(5)), "DT_UNKNOWN(5)");
    EXPECT_STREQ(ge::FormatName(ge::FORMAT_ND), "ND");
    EXPECT_STREQ(ge::FormatName(ge::FORMAT_FRACTAL_NZ), "FRACTAL_NZ");
    EXPECT_STREQ(ge::FormatName(ge::FORMAT_RESERVED), "RESERVED");
    EXPECT_STREQ(ge::FormatName(static_cast<ge::Format>(7)), "UNKNOWN(7)");
}

TEST(TypesDataType, AclDataTypeSize)
{
    const std::vector<std::pair<aclDataType, size_t>> sizes = {
        {ACL_FLOAT, 4},   {ACL_FLOAT16, 2}, {ACL_BF16, 2},      {ACL_INT8, 1},      {ACL_UINT8, 1},
        {ACL_BOOL, 1},    {ACL_INT16, 2},   {ACL_UINT16, 2},    {ACL_INT32, 4},     {ACL_UINT32, 4},
        {ACL_INT64, 8},   {ACL_UINT64, 8},  {ACL_DOUBLE, 8},    {ACL_COMPLEX64, 8}, {ACL_COMPLEX128, 16},
        {ACL_STRING, 0},  {ACL_DT_UNDEFINED, 0},
    };
    for (const auto &entry : sizes) {
        EXPECT_EQ(aclDataTypeSize(entry.first), entry.second) << entry.first;
    }
    EXPECT_EQ(aclDataTypeSize(static_cast<aclDataType>(5)), 0u) << "5 is no data type";
}

TEST(TypesFloat16, MatchesReferenceOnEveryExponent)
{
    for (float value : FiniteSamples(13)) {
        ASSERT_EQ(aclFloatToFloat16(value), ReferenceEncode(value, kHalf)) << std::hexfloat << value;
    }
}

TEST(TypesFloat16, TiesSubnormalsOverflowAndSpecials)
{
    EXPECT_EQ(aclFloatToFloat16(1.0f + std::ldexp(1.0f, -11)), 0x3C00);      // tie, even neighbour below
    EXPECT_EQ(aclFloatToFloat16(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3C02);  // tie, even neighbour above
    EXPECT_EQ(aclFloatToFloat16(std::ldexp(1.0f, -14)), 0x0400);             // smallest normal
    EXPECT_EQ(aclFloatToFloat16(std::ldexp(1023.0f, -24)), 0x03FF);          // largest subnormal
    EXPECT_EQ(aclFloatToFloat16(std::ldexp(2047.0f, -25)), 0x0400);          // rounds up into the normals
    EXPECT_EQ(aclFloatToFloat16(std::ldexp(1.0f, -24)), 0x0001);             // smallest subnormal
    EXPECT_EQ(aclFloatToFloat16(std::ldexp(1.0f, -25)), 0x0000);             // tie with zero: even is zero
    EXPECT_EQ(aclFloatToFloat16(std::ldexp(3.0f, -25)), 0x0002);             // tie 1.5 ulp: even is 2
    EXPECT_EQ(aclFloatToFloat16(std::nextafter(std::ldexp(1.0f, -25), 1.0f)), 0x0001);
    EXPECT_EQ(aclFloatToFloat16(FLT_TRUE_MIN), 0x0000);
    EXPECT_EQ(aclFloatToFloat16(65504.0f), 0x7BFF);
    EXPECT_EQ(aclFloatToFloat16(std::nextafter(65520.0f, 0.0f)), 0x7BFF);
    EXPECT_EQ(aclFloatToFloat16(65520.0f), 0x7C00);  // tie between 65504 (odd) and the next binade: inf
    EXPECT_EQ(aclFloatToFloat16(FLT_MAX), 0x7C00);
    EXPECT_EQ(aclFloatToFloat16(-FLT_MAX), 0xFC00);
    EXPECT_EQ(aclFloatToFloat16(INFINITY), 0x7C00);
    EXPECT_EQ(aclFloatToFloat16(-INFINITY), 0xFC00);
    EXPECT_EQ(aclFloatToFloat16(-0.0f), 0x8000);
    for (uint32_t nanBits : {0x7FC00000u, 0x7F800001u, 0xFFC00000u, 0x7FFFFFFFu}) {
        const uint16_t half = aclFloatToFloat16(FromBits(nanBits));
        EXPECT_EQ(half & 0x7C00, 0x7C00) << std::hex << nanBits;
        EXPECT_NE(half & 0x03FF, 0) << "a NaN must not become inf: " << std::hex << nanBits;
        EXPECT_EQ(half & 0x8000, (nanBits >> 16) & 0x8000) << "sign kept";
    }
}

TEST(TypesFloat16, EveryHalfDecodesExactlyAndRoundTrips)
{
    for (uint32_t bits = 0; bits <= 0xFFFF; ++bits) {
        const auto half = static_cast<uint16_t>(bits);
        const float value = aclFloat16ToFloat(half);
        if ((half & 0x7C00) == 0x7C00) {
            EXPECT_EQ(std::isnan(value), (half & 0x03FF) != 0) << std::hex << bits;
            EXPECT_EQ(std::signbit(value), (half & 0x8000) != 0) << std::hex << bits;
            continue;
        }
        ASSERT_EQ(static_cast<double>(value), ReferenceDecode(half, kHalf)) << std::hex << bits;
        ASSERT_EQ(aclFloatToFloat16(value), half) << std::hex << bits;
    }
    EXPECT_TRUE(std::isinf(aclFloat16ToFloat(0x7C00)));
}

TEST(TypesBf16, MatchesReferenceOnEveryExponent)
{
    for (float value : FiniteSamples(16)) {
        ASSERT_EQ(sim::FloatToBf16Bits(value), ReferenceEncode(value, kBf16)) << std::hexfloat << value;
    }
}

TEST(TypesBf16, TiesOverflowAndSpecials)
{
    EXPECT_EQ(sim::FloatToBf16Bits(FromBits(0x3F808000u)), 0x3F80);  // tie, even neighbour below
    EXPECT_EQ(sim::FloatToBf16Bits(FromBits(0x3F818000u)), 0x3F82);  // tie, even neighbour above
    EXPECT_EQ(sim::FloatToBf16Bits(FromBits(0x3F808001u)), 0x3F81);  // just over the tie
    EXPECT_EQ(sim::FloatToBf16Bits(FromBits(0x00008000u)), 0x0000);  // subnormal tie with zero
    EXPECT_EQ(sim::FloatToBf16Bits(FromBits(0x00018000u)), 0x0002);  // subnormal tie, even above
    EXPECT_EQ(sim::FloatToBf16Bits(FLT_MAX), 0x7F80);                // rounds past the largest bf16: inf
    EXPECT_EQ(sim::FloatToBf16Bits(FromBits(0x7F7F7FFFu)), 0x7F7F);  // just under the tie: largest finite
    EXPECT_EQ(sim::FloatToBf16Bits(INFINITY), 0x7F80);
    EXPECT_EQ(sim::FloatToBf16Bits(-INFINITY), 0xFF80);
    EXPECT_EQ(sim::FloatToBf16Bits(-0.0f), 0x8000);
    // NaN payloads whose upper half alone would read as inf, or would round into inf, stay NaN.
    for (uint32_t nanBits : {0x7FC00000u, 0x7F800001u, 0x7F80FFFFu, 0xFF800001u, 0x7FFFFFFFu}) {
        const uint16_t bf16 = sim::FloatToBf16Bits(FromBits(nanBits));
        EXPECT_EQ(bf16 & 0x7F80, 0x7F80) << std::hex << nanBits;
        EXPECT_NE(bf16 & 0x0040, 0) << "quiet NaN: " << std::hex << nanBits;
        EXPECT_EQ(bf16 & 0x8000, (nanBits >> 16) & 0x8000) << "sign kept";
    }
}

TEST(TypesBf16, EveryBf16DecodesExactly)
{
    for (uint32_t bits = 0; bits <= 0xFFFF; ++bits) {
        const auto bf16 = static_cast<uint16_t>(bits);
        if ((bf16 & 0x7F80) == 0x7F80) {
            continue;
        }
        ASSERT_EQ(static_cast<double>(sim::Bf16BitsToFloat(bf16)), ReferenceDecode(bf16, kBf16)) << std::hex << bits;
        ASSERT_EQ(sim::FloatToBf16Bits(sim::Bf16BitsToFloat(bf16)), bf16) << std::hex << bits;
    }
}

}  // namespace
