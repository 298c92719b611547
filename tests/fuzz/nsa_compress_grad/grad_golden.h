// The differential target's golden of aclnnNsaCompressGrad, in integers: the values are eighths
// and every result is an exact number of sixty-fourths (exact_values.h), so the sums need no order
// and no rounding. Each golden is the output storage the call must leave: the canaries and
// poison of the target's host copy, with the results written into the view.
#ifndef NSA_FUZZ_GRAD_GOLDEN_H
#define NSA_FUZZ_GRAD_GOLDEN_H

#include <cstdint>
#include <vector>

#include "device_view.h"
#include "exact_values.h"
#include "sequence_layout.h"

namespace nsa_fuzz {

// The values the call gets, in eighths, row-major over each tensor's dims (padding tokens 0).
struct GradValues {
    std::vector<int64_t> dy, x, w;
};

// inputGrad: every window scatters w[j, n] * dy[o, n, :] onto its token j, then every slot of the
// input is written, padding and uncovered tokens as +0. Windows first, so that the work is K * l
// rows rather than every slot against every window.
inline std::vector<uint16_t> InputGradGolden(const SequenceLayout &g, const GradValues &v,
                                             const DeviceView &inputGrad, aclDataType dtype)
{
    const StridedView &view = inputGrad.View();
    std::vector<int64_t> sums(view.Elements(), 0);   // in 1/64, row-major over the input's dims
    for (int64_t o = 0; o < g.Windows(); ++o) {
        for (int64_t j = 0; j < g.blockSize; ++j) {
            for (int64_t n = 0; n < g.heads; ++n) {
                const int64_t row = RowOf(g, view, g.windowSequence[o], g.windowStart[o] + j, n).flat;
                const int64_t *dy = &v.dy[(o * g.heads + n) * g.headDim];
                for (int64_t e = 0; e < g.headDim; ++e) {
                    sums[row + e] += v.w[j * g.heads + n] * dy[e];
                }
            }
        }
    }
    std::vector<uint16_t> expected = inputGrad.Host();
    for (int64_t b = 0; b < static_cast<int64_t>(g.lengths.size()); ++b) {
        for (int64_t t = 0; t < g.Slots(b); ++t) {
            for (int64_t n = 0; n < g.heads; ++n) {
                const TokenRow row = RowOf(g, view, b, t, n);
                for (int64_t e = 0; e < g.headDim; ++e) {
                    expected[row.storage + e * view.strides.back()] = EncodeSixtyFourths(sums[row.flat + e], dtype);
                }
            }
        }
    }
    return expected;
}

// weightGrad[j, n]: the sum over every window o and column e of dy[o, n, e] * x[start_o + j, n, e].
inline std::vector<uint16_t> WeightGradGolden(const SequenceLayout &g, const StridedView &inputView,
                                              const GradValues &v, const DeviceView &weightGrad, aclDataType dtype)
{
    std::vector<uint16_t> expected = weightGrad.Host();
    for (int64_t j = 0; j < g.blockSize; ++j) {
        for (int64_t n = 0; n < g.heads; ++n) {
            int64_t sum = 0;   // in 1/64
            for (int64_t o = 0; o < g.Windows(); ++o) {
                const int64_t *x = &v.x[RowOf(g, inputView, g.windowSequence[o], g.windowStart[o] + j, n).flat];
                const int64_t *dy = &v.dy[(o * g.heads + n) * g.headDim];
                for (int64_t e = 0; e < g.headDim; ++e) {
                    sum += dy[e] * x[e];
                }
            }
            expected[weightGrad.View().StorageIndex({j, n})] = EncodeSixtyFourths(sum, dtype);
        }
    }
    return expected;
}

}  // namespace nsa_fuzz

#endif  // NSA_FUZZ_GRAD_GOLDEN_H
