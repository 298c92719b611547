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

// Lanes summed at once: kPairs pairs of 8-lane vectors (the even and the odd elements of 16
// lanes, half_vectors.h) of independent accumulators stay in registers across the whole chain of
// k, so each step costs a load and three vector operations per 16 lanes, and 64 lanes (eight
// chains) hide the adder's latency. D is a multiple of 16: a row is whole blocks of 16 lanes.
constexpr int64_t kWide = 4;    // pairs: 64 lanes
constexpr int64_t kNarrow = 1;  // 16 lanes

template <typename V, int64_t kPairs>
NSA_CPU_INLINE void WeightedBlock(uint16_t *out, const uint16_t *rows, int64_t rowStride, const float *w,
                                  int64_t wStride, int64_t count)
{
    F8 even[kPairs] = {};
    F8 odd[kPairs] = {};
    for (int64_t k = 0; k < count; ++k) {
        const uint16_t *row = rows + k * rowStride;
        const float weight = w[k * wStride];
#pragma GCC unroll 4
        for (int64_t v = 0; v < kPairs; ++v) {
            F8 x0;
            F8 x1;
            V::Widen(row + 16 * v, &x0, &x1);
            const F8 p0 = weight * x0;
            const F8 p1 = weight * x1;
            even[v] = even[v] + p0;
            odd[v] = odd[v] + p1;
        }
    }
#pragma GCC unroll 4
    for (int64_t v = 0; v < kPairs; ++v) {
        V::Narrow(out + 16 * v, even[v], odd[v]);
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
        for (; e + 16 * kWide <= end; e += 16 * kWide) {
            WeightedBlock<V, kWide>(out + e, rows + e, rowStride, w + head, wStride, count);
        }
        for (; e < end; e += 16 * kNarrow) {
            WeightedBlock<V, kNarrow>(out + e, rows + e, rowStride, w + head, wStride, count);
        }
    }
}

// `a` holds widened rows in the paired order WidenRowPaired writes (per 16 lanes: the 8 even
// elements, then the 8 odd ones); `lanes` gets the sums in element order.
template <typename V, int64_t kPairs>
NSA_CPU_INLINE void DotBlock(float *lanes, const float *a, int64_t aStride, const uint16_t *const *b, int64_t count,
                             int64_t offset)
{
    F8 even[kPairs] = {};
    F8 odd[kPairs] = {};
    for (int64_t k = 0; k < count; ++k) {
        const float *left = a + k * aStride + offset;
        const uint16_t *right = b[k] + offset;
#pragma GCC unroll 4
        for (int64_t v = 0; v < kPairs; ++v) {
            F8 l0;
            F8 l1;
            std::memcpy(&l0, left + 16 * v, sizeof l0);
            std::memcpy(&l1, left + 16 * v + 8, sizeof l1);
            F8 r0;
            F8 r1;
            V::Widen(right + 16 * v, &r0, &r1);
            const F8 p0 = l0 * r0;
            const F8 p1 = l1 * r1;
            even[v] = even[v] + p0;
            odd[v] = odd[v] + p1;
        }
    }
    for (int64_t v = 0; v < kPairs; ++v) {
        for (int m = 0; m < 8; ++m) {
            lanes[offset + 16 * v + 2 * m] = even[v][m];
            lanes[offset + 16 * v + 2 * m + 1] = odd[v][m];
        }
    }
}

template <typename V>
NSA_CPU_CLONES void DotRowsOf(float *lanes, const float *a, int64_t aStride, const uint16_t *const *b, int64_t count,
                              int64_t width)
{
    int64_t e = 0;
    for (; e + 16 * kWide <= width; e += 16 * kWide) {
        DotBlock<V, kWide>(lanes, a, aStride, b, count, e);
    }
    for (; e < width; e += 16 * kNarrow) {
        DotBlock<V, kNarrow>(lanes, a, aStride, b, count, e);
    }
}

template <typename V>
NSA_CPU_CLONES void WidenRowPairedOf(float *out, const uint16_t *x, int64_t D)
{
    for (int64_t e = 0; e < D; e += 16) {
        F8 even;
        F8 odd;
        V::Widen(x + e, &even, &odd);
        std::memcpy(out + e, &even, sizeof even);
        std::memcpy(out + e + 8, &odd, sizeof odd);
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

void WidenRowPaired(Dtype dtype, float *out, const uint16_t *x, int64_t D)
{
    dtype == Dtype::kFp16 ? WidenRowPairedOf<Fp16x8>(out, x, D) : WidenRowPairedOf<Bf16x8>(out, x, D);
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
