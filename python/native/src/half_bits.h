// fp16 and bf16 bit patterns to and from fp32, in integer arithmetic only: exact widening, and
// narrowing rounded to nearest with ties to even, overflowing to infinity (the contracts' "one
// round-to-nearest-even cast"). Integer code gives the same bits whatever the FPU's flush-to-zero
// and denormals-are-zero modes are (a caller such as torch may set them), and it is written
// branch-free so that the row loops that call it vectorise.
#ifndef NSA_CPU_HALF_BITS_H
#define NSA_CPU_HALF_BITS_H

#include <cstdint>
#include <cstring>

#define NSA_CPU_INLINE inline __attribute__((always_inline))

namespace nsa_cpu {

NSA_CPU_INLINE float FloatOf(uint32_t bits)
{
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

NSA_CPU_INLINE uint32_t BitsOf(float value)
{
    uint32_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

// The two 16-bit formats as types for the kernels' templates.
struct Fp16 {
    static NSA_CPU_INLINE float Widen(uint16_t h)
    {
        const uint32_t half = h;
        const uint32_t sign = (half & 0x8000u) << 16;
        const uint32_t exponent = half & 0x7c00u;
        // Exponent and mantissa moved to their fp32 places; the exponent's bias is still 15's.
        const uint32_t moved = (half & 0x7fffu) << 13;
        // A normal number moves its exponent bias from 15 to 127: (127 - 15) << 23.
        const uint32_t normal = moved + 0x38000000u;
        // Infinity and NaN keep their mantissa (a NaN stays a NaN) under the all-ones exponent.
        const uint32_t special = moved | 0x7f800000u;
        // A subnormal (or zero) m * 2^-24 is (1 + m/1024) * 2^-14 - 2^-14: two normal fp32 numbers
        // whose difference is exact, so no fp32 subnormal (which flush-to-zero modes would
        // change) and no int-to-float conversion (which keeps the loops from vectorising) occurs.
        const uint32_t subnormal = BitsOf(FloatOf(moved | 0x38800000u) - FloatOf(0x38800000u));
        const uint32_t bits = exponent == 0 ? subnormal : (exponent == 0x7c00u ? special : normal);
        return FloatOf(bits | sign);
    }

    static NSA_CPU_INLINE uint16_t Narrow(float value)
    {
        const uint32_t bits = BitsOf(value);
        const uint32_t sign = (bits >> 16) & 0x8000u;
        const uint32_t magnitude = bits & 0x7fffffffu;
        // NaN: quiet, keeping the mantissa's top bits; the contract fixes a NaN's class only.
        const uint32_t nan = 0x7e00u | ((magnitude >> 13) & 0x3ffu);
        // Normal range [2^-14, 65520): rebias the exponent by -112 and round the 13 dropped bits
        // to nearest even; a carry out of the mantissa correctly bumps the exponent.
        const uint32_t rebiased = magnitude - 0x38000000u;
        const uint32_t normal = (rebiased + 0xfffu + ((rebiased >> 13) & 1u)) >> 13;
        // Below 2^-14 the result is round(value * 2^24) as an integer (a subnormal fp16, or 0, or
        // the smallest normal after a carry): the mantissa with its hidden bit, shifted right by
        // 126 - exponent >= 14 places, rounded to nearest even. From 25 places on it is below one
        // half: zero (fp32 subnormals and zero included).
        const uint32_t exponent = magnitude >> 23;
        const uint32_t shift = 126u - exponent;
        const uint32_t mantissa = (magnitude & 0x7fffffu) | 0x800000u;
        const uint32_t s = shift > 25u ? 25u : shift;
        const uint32_t kept = mantissa >> s;
        const uint32_t rest = mantissa & ((1u << s) - 1u);
        const uint32_t half = 1u << (s - 1u);
        const uint32_t subnormal = kept + ((rest > half) | ((rest == half) & kept & 1u));
        uint32_t result = magnitude < 0x38800000u ? subnormal : normal;
        result = magnitude >= 0x477ff000u ? 0x7c00u : result;  // 65520 and above round to infinity
        result = magnitude > 0x7f800000u ? nan : result;
        return static_cast<uint16_t>(result | sign);
    }
};

struct Bf16 {
    static NSA_CPU_INLINE float Widen(uint16_t h) { return FloatOf(static_cast<uint32_t>(h) << 16); }

    static NSA_CPU_INLINE uint16_t Narrow(float value)
    {
        const uint32_t bits = BitsOf(value);
        // Rounding adds just under half of the dropped 16 bits, plus one when the kept part is odd;
        // the largest finite values carry into the exponent and become infinity, as they must.
        const uint32_t rounded = (bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16;
        const uint32_t nan = (bits >> 16) | 0x40u;
        const bool isNan = (bits & 0x7fffffffu) > 0x7f800000u;
        return static_cast<uint16_t>(isNan ? nan : rounded);
    }
};

}  // namespace nsa_cpu

#endif
