// The loops over a row's D elements that every kernel of this library is made of. Each is one
// contract step, lane by lane: a product rounded to fp32, then a sum rounded to fp32 (two
// roundings: the build forbids FMA contraction), or one rounding cast to the 16-bit dtype. D is
// a multiple of 16 and the rows are contiguous, so the compiler vectorises them.
#ifndef NSA_CPU_ROW_KERNELS_H
#define NSA_CPU_ROW_KERNELS_H

#include <cstdint>

namespace nsa_cpu {

enum class Dtype { kFp16, kBf16 };

// acc[e] = fp32(acc[e] + fp32(w * widen(x[e]))) for e < D.
void MulAddRow(Dtype dtype, float *acc, const uint16_t *x, float w, int64_t D);
// acc[e] = fp32(acc[e] + fp32(widen(a[e]) * widen(b[e]))) for e < D.
void MulAddRows(Dtype dtype, float *acc, const uint16_t *a, const uint16_t *b, int64_t D);
// out[e] = RNE(acc[e]) for e < D.
void NarrowRow(Dtype dtype, uint16_t *out, const float *acc, int64_t D);
// out[e] = +0 for e < D (an uncovered token's gradient).
void ZeroRow(uint16_t *out, int64_t D);
// widen(x) of one element (a weight).
float WidenOne(Dtype dtype, uint16_t x);
// RNE(value) of one element (a weight gradient).
uint16_t NarrowOne(Dtype dtype, float value);

}  // namespace nsa_cpu

#endif
