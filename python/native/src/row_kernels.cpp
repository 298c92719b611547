#include "row_kernels.h"

#include <cstring>

#include "half_bits.h"
#include "half_vectors.h"

// Each row loop is compiled for AVX-512, AVX2 and the baseline, and the loader picks the best the
// CPU has (GCC's function multiversioning), so one library serves every x86-64 machine at full
// width. The clones compute the same bits: they differ in vector width only, and FMA contraction
// is off for all of them (CMakeLists.txt).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define NSA_CPU_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NSA_CPU_CLONES
#endif

namespace nsa_cpu {
namespace {

// Lanes summed at once: kVectors vectors of 8 independent accumulators stay in registers across
// the whole chain of k, so each step costs a load and two vector operations per vector, and 64
// lanes (eight chains) hide the adder's latency. D is a multiple of 16: a row is whole blocks of
// 16 lanes too.
constexpr int64_t kWide = 8;    // vectors of 8 lanes: 64
constexpr int64_t kNarrow = 2;  // 16

template <typename V, int64_t kVectors>
NSA_CPU_INLINE void WeightedBlock(uint16_t *out, const uint16_t *rows, int64_t rowStride, const float *w,
                                  int64_t wStride, int64_t count)
{
    F8 acc[kVectors] = {};
    for (int64_t k = 0; k < count; ++k) {
        const uint16_t *row = rows + k * rowStride;
        const F8 weight = SplatF(w[k * wStride]);
#pragma GCC unroll 8
        for (int64_t v = 0; v < kVectors; ++v) {
            const F8 product = weight * V::Widen(row + 8 * v);
            acc[v] = acc[v] + product;
        }
    }
#pragma GCC unroll 8
    for (int64_t v = 0; v < kVectors; ++v) {
        V::Narrow(out + 8 * v, acc[v]);
    }
}

// A block never straddles two heads: D is a multiple of 16, and the 64-lane blocks are taken
// only inside a head (D a multiple of 64 lanes from the head's start).
template <typename V>
NSA_CPU_CLONES void WeightedRowsOf(uint16_t *out, const uint16_t *rows, int64_t rowStride, const float *w,
                                   int64_t wStride, int64_t count, int64_t width, int64_t D)
{
    for (int64_t head = 0; head * D < width; ++head) {
        const int64_t end = (head + 1) * D;
        int64_t e = head * D;
        for (; e + 8 * kWide <= end; e += 8 * kWide) {
            WeightedBlock<V, kWide>(out + e, rows + e, rowStride, w + head, wStride, count);
        }
        for (; e < end; e += 8 * kNarrow) {
            WeightedBlock<V, kNarrow>(out + e, rows + e, rowStride, w + head, wStride, count);
        }
    }
}

template <typename V, int64_t kVectors>
NSA_CPU_INLINE void DotBlock(float *lanes, const float *a, int64_t aStride, const uint16_t *const *b, int64_t count,
                             int64_t offset)
{
    F8 acc[kVectors] = {};
    for (int64_t k = 0; k < count; ++k) {
        const float *left = a + k * aStride + offset;
        const uint16_t *right = b[k] + offset;
#pragma GCC unroll 8
        for (int64_t v = 0; v < kVectors; ++v) {
            F8 l;
            std::memcpy(&l, left + 8 * v, sizeof l);
            const F8 product = l * V::Widen(right + 8 * v);
            acc[v] = acc[v] + product;
        }
    }
    std::memcpy(lanes + offset, acc, sizeof acc);
}

template <typename V>
NSA_CPU_CLONES void DotRowsOf(float *lanes, const float *a, int64_t aStride, const uint16_t *const *b, int64_t count,
                              int64_t width)
{
    int64_t e = 0;
    for (; e + 8 * kWide <= width; e += 8 * kWide) {
        DotBlock<V, kWide>(lanes, a, aStride, b, count, e);
    }
    for (; e < width; e += 8 * kNarrow) {
        DotBlock<V, kNarrow>(lanes, a, aStride, b, count, e);
    }
}

template <typename F>
NSA_CPU_CLONES void WidenRowOf(float *__restrict out, const uint16_t *__restrict x, int64_t D)
{
    for (int64_t e = 0; e < D; ++e) {
        out[e] = F::Widen(x[e]);
    }
}

}  // namespace

void WeightedRows(Dtype dtype, uint16_t *out, const uint16_t *rows, int64_t rowStride, const float *w,
                  int64_t wStride, int64_t count, int64_t width, int64_t D)
{
    dtype == Dtype::kFp16 ? WeightedRowsOf<Fp16x8>(out, rows, rowStride, w, wStride, count, width, D)
                          : WeightedRowsOf<Bf16x8>(out, rows, rowStride, w, wStride, count, width, D);
}

void DotRows(Dtype dtype, float *lanes, const float *a, int64_t aStride, const uint16_t *const *b, int64_t count,
             int64_t width)
{
    dtype == Dtype::kFp16 ? DotRowsOf<Fp16x8>(lanes, a, aStride, b, count, width)
                          : DotRowsOf<Bf16x8>(lanes, a, aStride, b, count, width);
}

void WidenRow(Dtype dtype, float *out, const uint16_t *x, int64_t D)
{
    dtype == Dtype::kFp16 ? WidenRowOf<Fp16>(out, x, D) : WidenRowOf<Bf16>(out, x, D);
}

float WidenOne(Dtype dtype, uint16_t x)
{
    return dtype == Dtype::kFp16 ? Fp16::Widen(x) : Bf16::Widen(x);
}

uint16_t NarrowOne(Dtype dtype, float value)
{
    return dtype == Dtype::kFp16 ? Fp16::Narrow(value) : Bf16::Narrow(value);
}

}  // namespace nsa_cpu
