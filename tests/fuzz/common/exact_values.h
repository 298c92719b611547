// The values the differential fuzz targets compute with: multiples of 1/8 small enough that every
// product (a multiple of 1/64) and every partial sum is exact in fp32 and every result is a
// 16-bit value, so any order of the sums gives the same bits and a golden in plain integers is
// exact. The 16-bit encodings are written here from the formats' definitions, independent of the
// simulator's conversions.
#ifndef NSA_FUZZ_EXACT_VALUES_H
#define NSA_FUZZ_EXACT_VALUES_H

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "acl/acl.h"

namespace nsa_fuzz {

// A result is sum (a_i / 8) * (b_i / 8) = m / 64 with |m| <= kResultUnits: m then has at most 8
// significant bits, which bfloat16 holds (float16 holds 11), and every partial sum is exact.
constexpr int64_t kUnitsPerValue = 8;
constexpr int64_t kResultUnits = 256;

// A value's 16-bit pattern from the data, from splitmix64: cheap, and the same for one seed.
class ValueSource {
public:
    explicit ValueSource(uint64_t seed) : state_(seed) {}
    uint64_t Next()
    {
        uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform in [-limit, limit].
    int64_t Signed(int64_t limit) { return static_cast<int64_t>(Next() % static_cast<uint64_t>(2 * limit + 1)) - limit; }

private:
    uint64_t state_;
};

// The 16-bit pattern of m / 64 in `dtype`, which must hold it exactly.
inline uint16_t EncodeSixtyFourths(int64_t m, aclDataType dtype)
{
    if (m == 0) {
        return 0;   // +0: the contract's sums start from +0, so an exact zero is +0
    }
    const bool bf16 = dtype == ACL_BF16;
    const int mantissaBits = bf16 ? 7 : 10;
    const int bias = bf16 ? 127 : 15;
    const uint16_t sign = m < 0 ? 0x8000 : 0;
    const uint64_t magnitude = static_cast<uint64_t>(m < 0 ? -m : m);
    const int top = 63 - __builtin_clzll(magnitude);     // magnitude = 1.f * 2^top
    const uint64_t fraction = magnitude - (uint64_t{1} << top);
    uint64_t field = 0;
    if (top <= mantissaBits) {
        field = fraction << (mantissaBits - top);
    } else if ((fraction & ((uint64_t{1} << (top - mantissaBits)) - 1)) == 0) {
        field = fraction >> (top - mantissaBits);
    } else {
        std::fprintf(stderr, "fuzz oracle: %lld/64 is not exact in the dtype\n", static_cast<long long>(m));
        std::abort();
    }
    return static_cast<uint16_t>(sign | (static_cast<uint16_t>(top - 6 + bias) << mantissaBits) | field);
}

// The largest |a| of the values a/8 of one factor, when `terms` products with a factor of limit
// `otherLimit` are summed: the sum then stays within kResultUnits. The callers' terms and limits
// leave it at least 1.
inline int64_t FactorLimit(int64_t terms, int64_t otherLimit)
{
    return kResultUnits / (terms * otherLimit);
}

}  // namespace nsa_fuzz

#endif  // NSA_FUZZ_EXACT_VALUES_H
