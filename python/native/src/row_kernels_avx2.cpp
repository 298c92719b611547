// The row loops for x86-64 CPUs with AVX2 and F16C (compiled with -mavx2 -mf16c; isa.cpp calls
// them only on such CPUs). 16 lanes are two 8-lane registers in element order. fp16 converts
// with F16C: widening is exact, and narrowing uses the explicit round-to-nearest-even mode, so
// neither depends on MXCSR's rounding mode; F16C ignores MXCSR's flush-to-zero for its results
// and denormals-are-zero for fp16 inputs, so subnormals convert as the integer code does.
#include <immintrin.h>

#include "isa.h"
#include "row_kernels_impl.h"

namespace nsa_cpu {
namespace {

struct Acc2 {
    __m256 lo;
    __m256 hi;
};

struct Avx2Common {
    using Acc = Acc2;
    static constexpr int kLanes = 16;
    static constexpr int kBlockUnits = 4;

    static NSA_CPU_INLINE Acc Zero() { return Acc{_mm256_setzero_ps(), _mm256_setzero_ps()}; }
    static NSA_CPU_INLINE Acc Splat(float v) { return Acc{_mm256_set1_ps(v), _mm256_set1_ps(v)}; }
    static NSA_CPU_INLINE Acc Mul(Acc a, Acc b) { return Acc{_mm256_mul_ps(a.lo, b.lo), _mm256_mul_ps(a.hi, b.hi)}; }
    static NSA_CPU_INLINE Acc Add(Acc a, Acc b) { return Acc{_mm256_add_ps(a.lo, b.lo), _mm256_add_ps(a.hi, b.hi)}; }
    static NSA_CPU_INLINE Acc Load(const float *p) { return Acc{_mm256_loadu_ps(p), _mm256_loadu_ps(p + 8)}; }

    static NSA_CPU_INLINE void Store(float *p, Acc acc)
    {
        _mm256_storeu_ps(p, acc.lo);
        _mm256_storeu_ps(p + 8, acc.hi);
    }

    static NSA_CPU_INLINE void StoreOrdered(float *p, Acc acc) { Store(p, acc); }

    // kStream: non-temporal stores (p 32-byte aligned), which write the line without reading it
    // first; Fence orders them before the call returns.
    template <bool kStream>
    static NSA_CPU_INLINE void Store8(uint16_t *p, __m128i v)
    {
        if (kStream) {
            _mm_stream_si128(reinterpret_cast<__m128i *>(p), v);
        } else {
            _mm_storeu_si128(reinterpret_cast<__m128i *>(p), v);
        }
    }

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

struct Fp16Unit : Avx2Common {
    using Tail = Fp16Unit;
    static NSA_CPU_INLINE Acc Widen(const uint16_t *p)
    {
        return Acc{_mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p))),
                   _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p + 8)))};
    }

    template <bool kStream>
    static NSA_CPU_INLINE void Narrow(uint16_t *p, Acc acc)
    {
        constexpr int kRne = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;
        Store8<kStream>(p, _mm256_cvtps_ph(acc.lo, kRne));
        Store8<kStream>(p + 8, _mm256_cvtps_ph(acc.hi, kRne));
    }
};

struct Bf16Unit : Avx2Common {
    using Tail = Bf16Unit;
    static NSA_CPU_INLINE __m256 WidenHalf(const uint16_t *p)
    {
        const __m256i words = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p)));
        return _mm256_castsi256_ps(_mm256_slli_epi32(words, 16));
    }

    static NSA_CPU_INLINE Acc Widen(const uint16_t *p) { return Acc{WidenHalf(p), WidenHalf(p + 8)}; }

    // Bf16::Narrow (half_bits.h) on 8 lanes: the rounded top half, or a quiet NaN.
    static NSA_CPU_INLINE __m256i NarrowHalf(__m256 value)
    {
        const __m256i bits = _mm256_castps_si256(value);
        const __m256i top = _mm256_srli_epi32(bits, 16);
        const __m256i odd = _mm256_and_si256(top, _mm256_set1_epi32(1));
        const __m256i bias = _mm256_add_epi32(_mm256_set1_epi32(0x7fff), odd);
        const __m256i rounded = _mm256_srli_epi32(_mm256_add_epi32(bits, bias), 16);
        const __m256i nan = _mm256_or_si256(top, _mm256_set1_epi32(0x40));
        const __m256i magnitude = _mm256_and_si256(bits, _mm256_set1_epi32(0x7fffffff));
        const __m256i isNan = _mm256_cmpgt_epi32(magnitude, _mm256_set1_epi32(0x7f800000));
        return _mm256_blendv_epi8(rounded, nan, isNan);
    }

    template <bool kStream>
    static NSA_CPU_INLINE void Narrow(uint16_t *p, Acc acc)
    {
        // packus interleaves the two registers' 128-bit halves; the permute restores the order.
        const __m256i packed = _mm256_packus_epi32(NarrowHalf(acc.lo), NarrowHalf(acc.hi));
        Store16<kStream>(p, _mm256_permute4x64_epi64(packed, 0xd8));
    }
};

constexpr RowKernels kFp16 = KernelsOf<Fp16Unit>();
constexpr RowKernels kBf16 = KernelsOf<Bf16Unit>();

}  // namespace

const RowKernels &Avx2RowKernels(Dtype dtype)
{
    return dtype == Dtype::kFp16 ? kFp16 : kBf16;
}

}  // namespace nsa_cpu
