#include "grad.h"

#include <algorithm>
#include <vector>

#include "forward.h"
#include "nsa_windows.h"
#include "parallel.h"
#include "row_kernels.h"
#include "sequences.h"

namespace nsa_cpu {
namespace {

// Token rows per task at least: enough to amortise a task's start.
constexpr int64_t kMinRowsPerTask = 32;

struct InputGradPlan {
    const RowKernels *kernels;
    const uint16_t *dy;
    int64_t dyRowStride;
    int64_t dyHeadStride;
    const float *w;  // [l, N]
    TokenView dx;
    int64_t l;
    int64_t d;
};

// The windows covering row r of sequence b: lo .. lo + count - 1 (none for a row no window
// covers, or a batch's padding, r >= L_b).
struct Cover {
    int64_t lo = 0;
    int64_t count = 0;
    bool operator==(const Cover &other) const { return lo == other.lo && count == other.count; }
};

Cover CoverOf(const InputGradPlan &p, const Sequences &seqs, size_t b, int64_t r)
{
    Cover cover;
    if (r < seqs.length[b]) {
        cover.lo = static_cast<int64_t>(nsa::FirstOpenWindow(r, p.l, p.d));
        const int64_t hi = std::min(static_cast<int64_t>(nsa::LastStartedWindow(r, p.d)), seqs.windows[b] - 1);
        cover.count = std::max<int64_t>(hi - cover.lo + 1, 0);
    }
    return cover;
}

// Row r of sequence b (and row r + 1 when `pair`: the same windows cover it), head by head:
// inputGrad[t, n, :] = RNE(+0 + sum over its windows i_lo .. i_hi ascending of
// fp32(W[r - i*d, n] * dY[o_i, n, :])), each sum rounded to fp32. The windows' rows o_i step by
// one output row and their weights W[r - i*d] by -d rows, so this is weightedRows, or
// weightedPairRows with row r + 1's weights one row on (each dY row widened once for both); no
// window: +0. inputGrad is as large as the input and nothing here reads it again: non-temporal
// stores.
void TokenRows(const InputGradPlan &p, const Sequences &seqs, size_t b, int64_t r, const Cover &cover, bool pair,
               uint16_t *out)
{
    const nsa::InputAxes &a = p.dx.axes;
    const bool adjacent = a.headStride == a.headDim && p.dyHeadStride == a.headDim;
    const int64_t heads = adjacent ? 1 : a.headNum;
    const int64_t width = adjacent ? a.headNum * a.headDim : a.headDim;
    const uint16_t *dy = p.dy + (seqs.firstRow[b] + cover.lo) * p.dyRowStride;
    const float *w = p.w + (r - cover.lo * p.d) * a.headNum;
    for (int64_t n = 0; n < heads; ++n) {
        const WeightedChain chain{dy + n * p.dyHeadStride, p.dyRowStride, w + n, -p.d * a.headNum, cover.count, 0,
                                  true};
        uint16_t *row = out + n * a.headStride;
        if (pair) {
            p.kernels->weightedPairRows(row, row + a.tokenStride, chain, SecondChain{0, chain.w + a.headNum}, width,
                                        a.headDim);
        } else {
            p.kernels->weightedRows(row, chain, width, a.headDim);
        }
    }
}

}  // namespace

void InputGrad(const Checked &checked, const NsaCpuTensor &outputGrad, const NsaCpuTensor &weight,
               const NsaCpuTensor &inputGrad, int threads)
{
    const std::vector<float> w = WidenedWeights(checked.dtype, weight);
    const InputGradPlan plan{&RowKernelsFor(checked.dtype), static_cast<const uint16_t *>(outputGrad.data),
                             outputGrad.strides[0], outputGrad.strides[1], w.data(),
                             TokensOf(inputGrad, checked.layout, weight.shape[1]), checked.block, checked.stride};
    const Sequences seqs = SequencesOf(checked);
    // Every row of the tensor is written: a batch's padding rows (up to S) as well as its tokens.
    const auto rows = [&](size_t b) { return seqs.batched ? plan.dx.axes.tokens : seqs.length[b]; };
    int64_t total = 0;
    for (size_t b = 0; b < seqs.length.size(); ++b) {
        total += rows(b);
    }
    const std::vector<RowRange> tasks = RowTasks(seqs, RowsPerTask(total, threads, kMinRowsPerTask), rows);
    ParallelFor(static_cast<int64_t>(tasks.size()), threads, [&](int64_t t) {
        const RowRange &task = tasks[t];
        uint16_t *sequence = plan.dx.base + SequenceOffset(plan.dx, seqs, task.sequence);
        for (int64_t r = task.first; r < task.last;) {
            const Cover cover = CoverOf(plan, seqs, task.sequence, r);
            const bool pair =
                cover.count > 0 && r + 1 < task.last && CoverOf(plan, seqs, task.sequence, r + 1) == cover;
            TokenRows(plan, seqs, task.sequence, r, cover, pair, sequence + r * plan.dx.axes.tokenStride);
            r += pair ? 2 : 1;
        }
    });
}

}  // namespace nsa_cpu
