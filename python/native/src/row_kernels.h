// The loops over a row's D elements that every kernel of this library is made of. Each keeps
// the contract lane by lane: a product rounded to fp32, then a sum rounded to fp32 (two
// roundings: the build forbids FMA contraction), or one rounding cast to the 16-bit dtype. D is
// a multiple of 16 and the rows are contiguous. One set of loops per instruction set
// (row_kernels_<isa>.cpp); RowKernelsFor picks the best one the CPU has and the environment
// allows (isa.h). Every set computes the same bits: they differ in vector width and in how they
// convert, not in any chain's order or rounding.
#ifndef NSA_CPU_ROW_KERNELS_H
#define NSA_CPU_ROW_KERNELS_H

#include <cstdint>

namespace nsa_cpu {

enum class Dtype { kFp16, kBf16 };

// `count` rows of 16-bit elements, rowStride elements apart, row k weighted by w[k * wStride];
// the `ahead` rows after them (at rows + (count + i) * rowStride, i < ahead: the rows a caller's
// next chain reads first) are prefetched while these are summed. `stream`: the output is large
// and not read again soon, so it is written with non-temporal stores where the instruction set
// has them (no read of each line before it is overwritten). Neither changes any result.
struct WeightedChain {
    const uint16_t *rows;
    int64_t rowStride;
    const float *w;
    int64_t wStride;
    int64_t count;
    int64_t ahead;
    bool stream;
};

struct RowKernels {
    // out[e] = RNE(acc) with acc = +0, then for k = 0 .. count-1 ascending
    // acc = fp32(acc + fp32(w[k * wStride + e / D] * widen(rows[k * rowStride + e]))), for
    // e < width: one or more heads of D lanes side by side, each with its own weight. The forward
    // (k: a window's positions j) and inputGrad (k: a token's windows) are both this.
    void (*weightedRows)(uint16_t *out, const WeightedChain &chain, int64_t width, int64_t D);
    // lanes[e] = acc with acc = +0, then for k = 0 .. count-1 ascending
    // acc = fp32(acc + fp32(A[k][e] * widen(b[k][e]))), for e < width: weightGrad's lane sums over
    // a group's windows (b: the windows' token rows; A: outputGrad rows widened by widenRow into
    // a, aStride floats apart, in the set's own lane order). The rows b[k] + nextStride are
    // prefetched (nextStride 0: none).
    void (*dotRows)(float *lanes, const float *a, int64_t aStride, const uint16_t *const *b, int64_t count,
                    int64_t width, int64_t nextStride);
    // widen(x[e]) for e < width (a multiple of 16), in the lane order dotRows reads over the same
    // width.
    void (*widenRow)(float *out, const uint16_t *x, int64_t width);
};

// The loops of the best instruction set available for `dtype` (read at every call: isa.h).
const RowKernels &RowKernelsFor(Dtype dtype);
// widen(x) of one element (a weight).
float WidenOne(Dtype dtype, uint16_t x);
// RNE(value) of one element (a weight gradient).
uint16_t NarrowOne(Dtype dtype, float value);

}  // namespace nsa_cpu

#endif
