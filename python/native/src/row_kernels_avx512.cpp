// The row loops for x86-64 CPUs with AVX-512F (compiled with -mavx512f -mf16c; isa.cpp calls them
// only on such CPUs). 16 lanes are one register in element order. fp16 converts as in
// row_kernels_avx2.cpp (exact widening, explicit round-to-nearest-even narrowing, independent of
// MXCSR); bf16 narrows in integer arithmetic, because AVX512_BF16's conversion flushes subnormals.
#include <immintrin.h>

#include "isa.h"
#include "row_kernels_impl.h"

namespace nsa_cpu {
namespace {

struct Avx512Common {
    using Acc = __m512;
    // Eight registers of accumulators: a head of D = 128 in one pass over its rows.
    static constexpr int kBlockUnits = 8;

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
    static NSA_CPU_INLINE Acc Widen(const uint16_t *p) { return _mm512_cvtph_ps(Load16(p)); }

    template <bool kStream>
    static NSA_CPU_INLINE void Narrow(uint16_t *p, Acc acc)
    {
        Store16<kStream>(p, _mm512_cvtps_ph(acc, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
    }
};

struct Bf16Unit : Avx512Common {
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

constexpr RowKernels kFp16 = KernelsOf<Fp16Unit>();
constexpr RowKernels kBf16 = KernelsOf<Bf16Unit>();

}  // namespace

const RowKernels &Avx512RowKernels(Dtype dtype)
{
    return dtype == Dtype::kFp16 ? kFp16 : kBf16;
}

}  // namespace nsa_cpu
