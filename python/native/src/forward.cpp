#include "forward.h"

#include <algorithm>
#include <vector>

#include "parallel.h"
#include "row_kernels.h"
#include "sequences.h"

namespace nsa_cpu {
namespace {

// Windows per task: enough to amortise a task's start, few enough to balance two threads on
// short sequence lists.
constexpr int64_t kWindowsPerTask = 8;

struct ForwardPlan {
    const RowKernels *kernels;
    TokenView x;
    const float *w;  // [l, N]
    uint16_t *out;
    int64_t outRowStride;
    int64_t outHeadStride;
    int64_t l;
    int64_t d;
};

// One window: output[row, n, :] = RNE(+0 + sum over j ascending of fp32(w[j, n] * x[start + j,
// n, :])), each sum rounded to fp32 (weightedRows); all heads in one call when the input's and
// the output's heads lie side by side, else head by head. `ahead`: the rows after the window that
// the sequence's next window reads first (none after its last), prefetched meanwhile. The output
// (a d-th of the input) is stored through the cache, where the caller may still find it.
void Window(const ForwardPlan &p, const uint16_t *first, int64_t row, int64_t ahead)
{
    const nsa::InputAxes &a = p.x.axes;
    uint16_t *out = p.out + row * p.outRowStride;
    if (a.headStride == a.headDim && p.outHeadStride == a.headDim) {
        const WeightedChain chain{first, a.tokenStride, p.w, a.headNum, p.l, ahead, false};
        p.kernels->weightedRows(out, chain, a.headNum * a.headDim, a.headDim);
        return;
    }
    for (int64_t n = 0; n < a.headNum; ++n) {
        const WeightedChain chain{first + n * a.headStride, a.tokenStride, p.w + n, a.headNum, p.l, ahead, false};
        p.kernels->weightedRows(out + n * p.outHeadStride, chain, a.headDim, a.headDim);
    }
}

}  // namespace

std::vector<float> WidenedWeights(Dtype dtype, const NsaCpuTensor &weight)
{
    const int64_t l = weight.shape[0];
    const int64_t heads = weight.shape[1];
    const auto *bits = static_cast<const uint16_t *>(weight.data);
    std::vector<float> widened(static_cast<size_t>(l * heads));
    for (int64_t j = 0; j < l; ++j) {
        for (int64_t n = 0; n < heads; ++n) {
            widened[j * heads + n] = WidenOne(dtype, bits[j * weight.strides[0] + n * weight.strides[1]]);
        }
    }
    return widened;
}

void Compress(const Checked &checked, const NsaCpuTensor &input, const NsaCpuTensor &weight,
              const NsaCpuTensor &output, int threads)
{
    if (checked.windows == 0) {
        return;
    }
    const std::vector<float> w = WidenedWeights(checked.dtype, weight);
    const ForwardPlan plan{&RowKernelsFor(checked.dtype), TokensOf(input, checked.layout, weight.shape[1]), w.data(),
                           static_cast<uint16_t *>(output.data), output.strides[0], output.strides[1],
                           checked.block, checked.stride};
    const Sequences seqs = SequencesOf(checked);
    const std::vector<RowRange> tasks = RowTasks(seqs, kWindowsPerTask, [&](size_t b) { return seqs.windows[b]; });
    ParallelFor(static_cast<int64_t>(tasks.size()), threads, [&](int64_t t) {
        const RowRange &task = tasks[t];
        const uint16_t *sequence = plan.x.base + SequenceOffset(plan.x, seqs, task.sequence);
        const int64_t length = seqs.length[task.sequence];
        for (int64_t i = task.first; i < task.last; ++i) {
            const int64_t ahead = std::max<int64_t>(0, std::min(plan.d, length - (i * plan.d + plan.l)));
            Window(plan, sequence + i * plan.d * plan.x.axes.tokenStride, seqs.firstRow[task.sequence] + i, ahead);
        }
    });
}

}  // namespace nsa_cpu
