// The row loops for x86-64 CPUs with AVX-512F (compiled with -mavx512f -mf16c; isa.cpp calls them
// only on such CPUs). fp16: 16 lanes are one register in element order, converted as in
// row_kernels_avx2.cpp (exact widening, explicit round-to-nearest-even narrowing, independent of
// MXCSR), its steps fused (row_kernels_impl.h, MulAdd). bf16: 32 lanes are two registers, the even
// and the odd elements (a row's last 16 lanes when D is an odd multiple of 16: one register in
// element order); it narrows in integer arithmetic, because AVX512_BF16's conversion flushes
// subnormals.
#include <immintrin.h>

#include "isa.h"
#include "row_kernels_impl.h"

namespace nsa_cpu {
namespace {

struct Avx512Common {
    using Acc = __m512;
    static constexpr int kLanes = 16;
    // Eight registers of accumulators: a head of D = 128 in one pass over its rows; two windows'
    // take 16 of the 32 registers.
    static constexpr int kBlockUnits = 8;
    static constexpr int kPairBlockUnits = 8;
    static constexpr bool kExactProducts = false;

    static NSA_CPU_INLINE Acc Zero() { return _mm512_setzero_ps(); }
    static NSA_CPU_INLINE Acc Splat(float v) { return _mm512_set1_ps(v); }
    static NSA_CPU_INLINE Acc Mul(Acc a, Acc b) { return _mm512_mul_ps(a, b); }
    static NSA_CPU_INLINE Acc Add(Acc a, Acc b) { return _mm512_add_ps(a, b); }
    static NSA_CPU_INLINE Acc Load(const float *p) { return _mm512_loadu_ps(p); }
    static NSA_CPU_INLINE void Store(float *p, Acc acc) { _mm512_storeu_ps(p, acc); }
    static NSA_CPU_INLINE void StoreOrdered(float *p, Acc acc) { _mm512_storeu_ps(p, acc); }

    static NSA_CPU_INLINE __m256i Load16(const uint16_t *p)
    {
        return _mm256_loadu_si256(reinterpret_cast<const __m256i *>(p));
    }

    // kStream: a non-temporal store (p 32-byte aligned), which writes the line without reading
    // it first; Fence orders such stores before the call returns.
    template <bool kStream>
    static NSA_CPU_INLINE void Store16(uint16_t *p, __m256i v)
    {
        if (kStream) {
            _mm256_stream_si256(reinterpret_cast<__m256i *>(p), v);
        } else {
            _mm256_storeu_si256(reinterpret_cast<__m256i *>(p), v);
        }
    }

    static NSA_CPU_INLINE void Fence() { _mm_sfence(); }
};

struct Fp16Unit : Avx512Common {
    using Tail = Fp16Unit;
    static constexpr bool kExactProducts = true;
    static NSA_CPU_INLINE Acc Fused(Acc acc, Acc a, Acc b) { return _mm512_fmadd_ps(a, b, acc); }
    static NSA_CPU_INLINE Acc Widen(const uint16_t *p) { return _mm512_cvtph_ps(Load16(p)); }

    template <bool kStream>
    static NSA_CPU_INLINE void Narrow(uint16_t *p, Acc acc)
    {
        Store16<kStream>(p, _mm512_cvtps_ph(acc, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
    }
};

struct Bf16Unit : Avx512Common {
    using Tail = Bf16Unit;
    static NSA_CPU_INLINE Acc Widen(const uint16_t *p)
    {
        return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(Load16(p)), 16));
    }

    // Bf16::Narrow (half_bits.h) on 16 lanes: the rounded top half, or a quiet NaN.
    template <bool kStream>
    static NSA_CPU_INLINE void Narrow(uint16_t *p, Acc acc)
    {
        const __m512i bits = _mm512_castps_si512(acc);
        const __m512i top = _mm512_srli_epi32(bits, 16);
        const __m512i odd = _mm512_and_si512(top, _mm512_set1_epi32(1));
        const __m512i bias = _mm512_add_epi32(_mm512_set1_epi32(0x7fff), odd);
        const __m512i rounded = _mm512_srli_epi32(_mm512_add_epi32(bits, bias), 16);
        const __m512i nan = _mm512_or_si512(top, _mm512_set1_epi32(0x40));
        const __m512i magnitude = _mm512_and_si512(bits, _mm512_set1_epi32(0x7fffffff));
        const __mmask16 isNan = _mm512_cmpgt_epi32_mask(magnitude, _mm512_set1_epi32(0x7f800000));
        Store16<kStream>(p, _mm512_cvtepi32_epi16(_mm512_mask_blend_epi32(isNan, rounded, nan)));
    }
};

struct PairAcc {
    __m512 even;
    __m512 odd;
};

// 32 bf16 lanes as their even and their odd elements: one load and two integer operations widen
// them (a bf16 element is the top half of its fp32 value, so the odd ones are in place once the
// even ones are masked off), where widening 16 in element order takes a shuffle and a shift.
struct Bf16PairUnit {
    using Acc = PairAcc;
    using Tail = Bf16Unit;
    static constexpr int kLanes = 32;
    // Eight registers of accumulators per window, as Avx512Common's.
    static constexpr int kBlockUnits = 4;
    static constexpr int kPairBlockUnits = 4;
    static constexpr bool kExactProducts = false;

    static NSA_CPU_INLINE Acc Zero() { return Acc{_mm512_setzero_ps(), _mm512_setzero_ps()}; }
    static NSA_CPU_INLINE Acc Splat(float v) { return Acc{_mm512_set1_ps(v), _mm512_set1_ps(v)}; }
    static NSA_CPU_INLINE Acc Mul(Acc a, Acc b)
    {
        return Acc{_mm512_mul_ps(a.even, b.even), _mm512_mul_ps(a.odd, b.odd)};
    }

    static NSA_CPU_INLINE Acc Add(Acc a, Acc b)
    {
        return Acc{_mm512_add_ps(a.even, b.even), _mm512_add_ps(a.odd, b.odd)};
    }

    static NSA_CPU_INLINE Acc Load(const float *p) { return Acc{_mm512_loadu_ps(p), _mm512_loadu_ps(p + 16)}; }

    static NSA_CPU_INLINE void Store(float *p, Acc acc)
    {
        _mm512_storeu_ps(p, acc.even);
        _mm512_storeu_ps(p + 16, acc.odd);
    }

    static NSA_CPU_INLINE Acc Widen(const uint16_t *p)
    {
        const __m512i words = _mm512_loadu_si512(p);
        return Acc{_mm512_castsi512_ps(_mm512_slli_epi32(words, 16)),
                   _mm512_castsi512_ps(_mm512_and_si512(words, _mm512_set1_epi32(static_cast<int>(0xffff0000u))))};
    }

    static NSA_CPU_INLINE void StoreOrdered(float *p, Acc acc)
    {
        const __m512i first = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
        const __m512i second = _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
        _mm512_storeu_ps(p, _mm512_permutex2var_ps(acc.even, first, acc.odd));
        _mm512_storeu_ps(p + 16, _mm512_permutex2var_ps(acc.even, second, acc.odd));
    }

    // Bf16::Narrow (half_bits.h) on 16 lanes, in the low half of each 32-bit lane: the rounded top
    // half, or a quiet NaN.
    static NSA_CPU_INLINE __m512i Rounded(__m512 value)
    {
        const __m512i bits = _mm512_castps_si512(value);
        const __m512i top = _mm512_srli_epi32(bits, 16);
        const __m512i odd = _mm512_and_si512(top, _mm512_set1_epi32(1));
        const __m512i bias = _mm512_add_epi32(_mm512_set1_epi32(0x7fff), odd);
        const __m512i rounded = _mm512_srli_epi32(_mm512_add_epi32(bits, bias), 16);
        const __mmask16 isNan = _mm512_cmp_ps_mask(value, value, _CMP_UNORD_Q);
        return _mm512_mask_or_epi32(rounded, isNan, top, _mm512_set1_epi32(0x40));
    }

    // The odd elements' results go to the high halves: the words are back in element order.
    template <bool kStream>
    static NSA_CPU_INLINE void Narrow(uint16_t *p, Acc acc)
    {
        const __m512i words = _mm512_or_si512(Rounded(acc.even), _mm512_slli_epi32(Rounded(acc.odd), 16));
        Avx512Common::Store16<kStream>(p, _mm512_castsi512_si256(words));
        Avx512Common::Store16<kStream>(p + 16, _mm512_extracti64x4_epi64(words, 1));
    }

    static NSA_CPU_INLINE void Fence() { _mm_sfence(); }
};

constexpr RowKernels kFp16 = KernelsOf<Fp16Unit>();
constexpr RowKernels kBf16 = KernelsOf<Bf16PairUnit>();

}  // namespace

const RowKernels &Avx512RowKernels(Dtype dtype)
{
    return dtype == Dtype::kFp16 ? kFp16 : kBf16;
}

}  // namespace nsa_cpu
