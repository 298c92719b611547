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

// Row r of sequence b, head by head: inputGrad[t, n, :] = RNE(+0 + sum over its windows
// i_lo .. i_hi ascending of fp32(W[r - i*d, n] * dY[o_i, n, :])), each sum rounded to fp32. The
// windows' rows o_i step by one output row and their weights W[r - i*d] by -d rows, so this is
// weightedRows; a row no window covers (and a batch's padding, r >= L_b) sums nothing: +0.
// inputGrad is as large as the input and nothing here reads it again: non-temporal stores.
void TokenRow(const InputGradPlan &p, const Sequences &seqs, size_t b, int64_t r, uint16_t *out)
{
    const nsa::InputAxes &a = p.dx.axes;
    int64_t lo = 0;
    int64_t count = 0;
    if (r < seqs.length[b]) {
        lo = static_cast<int64_t>(nsa::FirstOpenWindow(r, p.l, p.d));
        const int64_t hi = std::min(static_cast<int64_t>(nsa::LastStartedWindow(r, p.d)), seqs.windows[b] - 1);
        count = std::max<int64_t>(hi - lo + 1, 0);
    }
    const uint16_t *dy = p.dy + (seqs.firstRow[b] + lo) * p.dyRowStride;
    const float *w = p.w + (r - lo * p.d) * a.headNum;
    if (a.headStride == a.headDim && p.dyHeadStride == a.headDim) {  // the heads side by side: one call
        const WeightedChain chain{dy, p.dyRowStride, w, -p.d * a.headNum, count, 0, true};
        p.kernels->weightedRows(out, chain, a.headNum * a.headDim, a.headDim);
        return;
    }
    for (int64_t n = 0; n < a.headNum; ++n) {
        const WeightedChain chain{dy + n * p.dyHeadStride, p.dyRowStride, w + n, -p.d * a.headNum, count, 0, true};
        p.kernels->weightedRows(out + n * a.headStride, chain, a.headDim, a.headDim);
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
        for (int64_t r = task.first; r < task.last; ++r) {
            TokenRow(plan, seqs, task.sequence, r, sequence + r * plan.dx.axes.tokenStride);
        }
    });
}

}  // namespace nsa_cpu
