// Sixteen lanes of half_bits.h at once, in GCC's portable vector extensions: the same integer
// arithmetic on 16 fp16/bf16 elements, so that the row kernels keep their accumulators in vector
// registers (the compiler keeps a vector-typed local in a register where it may leave a float
// array in memory). The baseline row loops (row_kernels_baseline.cpp) use them: the 8-lane types
// map to two SSE2 registers (or NEON ones). Results are the scalar functions' bits lane for lane.
//
// Sixteen 16-bit elements are loaded as eight 32-bit words and split into the even elements (the
// low halves) and the odd ones (the high halves): two integer operations and no shuffle, where
// widening eight elements in order costs the compiler several. The kernels keep the two halves'
// accumulators apart (each lane is its own chain, so their order does not matter) and Narrow
// puts the elements back in order when it packs them.
#ifndef NSA_CPU_HALF_VECTORS_H
#define NSA_CPU_HALF_VECTORS_H

#include <cstdint>
#include <cstring>

#include "half_bits.h"

namespace nsa_cpu {

typedef float F8 __attribute__((vector_size(32)));
typedef uint32_t U8 __attribute__((vector_size(32)));
typedef int32_t I8 __attribute__((vector_size(32)));

NSA_CPU_INLINE U8 Splat(uint32_t v)
{
    return U8{v, v, v, v, v, v, v, v};
}

NSA_CPU_INLINE F8 SplatF(float v)
{
    return F8{v, v, v, v, v, v, v, v};
}

// a ? b : c lane by lane, for a lane mask a (all ones or all zeros, as vector comparisons give).
NSA_CPU_INLINE U8 Select(I8 mask, U8 b, U8 c)
{
    const U8 m = (U8)mask;  // a cast between vectors of one size keeps the bits
    return (b & m) | (c & ~m);
}

NSA_CPU_INLINE U8 LoadPairs(const uint16_t *p)
{
    U8 words;
    std::memcpy(&words, p, sizeof words);
    return words;
}

// Packs two words of 16-bit results (even elements, odd elements) back into element order.
NSA_CPU_INLINE void StorePairs(uint16_t *p, U8 even, U8 odd)
{
    const U8 words = even | (odd << 16);
    std::memcpy(p, &words, sizeof words);
}

struct Fp16x8 {
    static NSA_CPU_INLINE F8 WidenBits(U8 half)
    {
        const U8 sign = (half & 0x8000u) << 16;
        const U8 exponent = half & 0x7c00u;
        const U8 moved = (half & 0x7fffu) << 13;
        const U8 normal = moved + 0x38000000u;
        const U8 special = moved | 0x7f800000u;
        const F8 bias = (F8)Splat(0x38800000u);
        const U8 shifted = moved | 0x38800000u;
        const F8 subValue = (F8)shifted - bias;
        const U8 subnormal = (U8)subValue;
        const U8 bits = Select(exponent == 0u, subnormal, Select(exponent == 0x7c00u, special, normal));
        const U8 result = bits | sign;
        return (F8)result;
    }

    static NSA_CPU_INLINE void Widen(const uint16_t *p, F8 *even, F8 *odd)
    {
        const U8 words = LoadPairs(p);
        *even = WidenBits(words & 0xffffu);
        *odd = WidenBits(words >> 16);
    }

    static NSA_CPU_INLINE U8 NarrowBits(F8 value)
    {
        const U8 bits = (U8)value;
        const U8 sign = (bits >> 16) & 0x8000u;
        const U8 magnitude = bits & 0x7fffffffu;
        const U8 nan = 0x7e00u | ((magnitude >> 13) & 0x3ffu);
        const U8 rebiased = magnitude - 0x38000000u;
        const U8 normal = (rebiased + 0xfffu + ((rebiased >> 13) & 1u)) >> 13;
        const U8 exponent = magnitude >> 23;
        const U8 shift = 126u - exponent;
        const U8 mantissa = (magnitude & 0x7fffffu) | 0x800000u;
        const U8 s = Select(shift > 25u, Splat(25u), shift);
        const U8 kept = mantissa >> s;
        const U8 rest = mantissa & ((Splat(1u) << s) - 1u);
        const U8 half = Splat(1u) << (s - 1u);
        const U8 up = Select(rest > half, Splat(1u), Select(rest == half, kept & 1u, Splat(0u)));
        U8 result = Select(magnitude < 0x38800000u, kept + up, normal);
        result = Select(magnitude >= 0x477ff000u, Splat(0x7c00u), result);
        result = Select(magnitude > 0x7f800000u, nan, result);
        return result | sign;
    }

    static NSA_CPU_INLINE void Narrow(uint16_t *p, F8 even, F8 odd)
    {
        StorePairs(p, NarrowBits(even), NarrowBits(odd));
    }
};

struct Bf16x8 {
    // A bf16 element is the top half of its fp32 value: the even elements shift up, the odd ones
    // are already in place once the even ones are masked off.
    static NSA_CPU_INLINE void Widen(const uint16_t *p, F8 *even, F8 *odd)
    {
        const U8 words = LoadPairs(p);
        *even = (F8)(words << 16);
        *odd = (F8)(words & 0xffff0000u);
    }

    static NSA_CPU_INLINE U8 NarrowBits(F8 value)
    {
        const U8 bits = (U8)value;
        const U8 rounded = (bits + 0x7fffu + ((bits >> 16) & 1u)) >> 16;
        const U8 nan = (bits >> 16) | 0x40u;
        return Select((bits & 0x7fffffffu) > 0x7f800000u, nan, rounded);
    }

    static NSA_CPU_INLINE void Narrow(uint16_t *p, F8 even, F8 odd)
    {
        StorePairs(p, NarrowBits(even), NarrowBits(odd));
    }
};

}  // namespace nsa_cpu

#endif
