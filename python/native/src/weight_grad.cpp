#include <algorithm>
#include <vector>

#include "grad.h"
#include "parallel.h"
#include "row_kernels.h"
#include "sequences.h"

namespace nsa_cpu {
namespace {

struct WeightGradPlan {
    const RowKernels *kernels;
    const uint16_t *dy;
    int64_t dyRowStride;
    int64_t dyHeadStride;
    TokenView x;
    std::vector<int64_t> windowStart;  // per output row o: elements from x's base to X[start_o]
    int64_t l;
};

// A thread's buffers for one group: the widened outputGrad rows of a block of heads, the token
// rows of the group's windows at one position j, and the block's lanes.
struct GroupScratch {
    explicit GroupScratch(int64_t width)
        : dy(static_cast<size_t>(kGroupWindows * width)), rows(kGroupWindows), lanes(static_cast<size_t>(width))
    {
    }
    std::vector<float> dy;
    std::vector<const uint16_t *> rows;
    std::vector<float> lanes;
};

std::vector<int64_t> WindowStarts(const Checked &checked, const TokenView &x)
{
    const Sequences seqs = SequencesOf(checked);
    std::vector<int64_t> starts;
    starts.reserve(static_cast<size_t>(checked.windows));
    for (size_t b = 0; b < seqs.length.size(); ++b) {
        for (int64_t i = 0; i < seqs.windows[b]; ++i) {
            starts.push_back(SequenceOffset(x, seqs, b) + i * checked.stride * x.axes.tokenStride);
        }
    }
    return starts;
}

// Heads summed in one pass when their elements lie side by side (head stride D in both the input
// and outputGrad): a block of heads is one row of heads * D lanes, whose token rows are read
// front to back. Up to this many lanes per block, so that the block's widened outputGrad rows
// (16 rows of fp32 lanes, read again at every j) stay in L1, and the group's token rows of the
// block (16 d + l - d rows of it) in L2, across j.
constexpr int64_t kBlockLanes = 256;

int64_t HeadBlock(const WeightGradPlan &p)
{
    const nsa::InputAxes &a = p.x.axes;
    const bool adjacent = a.headStride == a.headDim && p.dyHeadStride == a.headDim;
    return adjacent ? std::max<int64_t>(1, std::min(a.headNum, kBlockLanes / a.headDim)) : 1;
}

// P[g, j, n] for the heads [n0, n0 + heads) of group g: their outputGrad rows are widened once,
// then for each j the lanes a[e] = +0 + sum over the group's windows ascending of
// fp32(dY[o, n, e] * X[start_o + j, n, e]) (dotRows), each head's D lanes reduced in the
// contract's order.
void HeadsOfGroup(const WeightGradPlan &p, int64_t first, int64_t count, int64_t n0, int64_t heads, float *partials,
                  GroupScratch &scratch)
{
    const nsa::InputAxes &a = p.x.axes;
    const int64_t width = heads * a.headDim;
    // One head, or heads side by side in outputGrad (HeadBlock): the block is one run of width
    // elements, widened as dotRows reads it.
    for (int64_t k = 0; k < count; ++k) {
        p.kernels->widenRow(scratch.dy.data() + k * width, p.dy + (first + k) * p.dyRowStride + n0 * p.dyHeadStride,
                            width);
    }
    for (int64_t j = 0; j < p.l; ++j) {
        for (int64_t k = 0; k < count; ++k) {
            scratch.rows[k] = p.x.base + p.windowStart[first + k] + j * a.tokenStride + n0 * a.headStride;
        }
        // The next position's rows: for j < d, each window's is one the group has not read yet.
        const int64_t nextStride = j + 1 < p.l ? a.tokenStride : 0;
        p.kernels->dotRows(scratch.lanes.data(), scratch.dy.data(), width, scratch.rows.data(), count, width,
                           nextStride);
        for (int64_t h = 0; h < heads; ++h) {
            partials[j * a.headNum + n0 + h] = ReduceLanes(scratch.lanes.data() + h * a.headDim, a.headDim);
        }
    }
}

// P[g, j, n] for every j and n of group g, a block of heads at a time.
void Group(const WeightGradPlan &p, int64_t g, float *partials, GroupScratch &scratch)
{
    const int64_t first = g * kGroupWindows;
    const int64_t count = std::min<int64_t>(kGroupWindows, static_cast<int64_t>(p.windowStart.size()) - first);
    const int64_t block = HeadBlock(p);
    for (int64_t n0 = 0; n0 < p.x.axes.headNum; n0 += block) {
        HeadsOfGroup(p, first, count, n0, std::min(block, p.x.axes.headNum - n0), partials, scratch);
    }
}

}  // namespace

float ReduceLanes(const float *lanes, int64_t D)
{
    float block[8];
    std::copy(lanes, lanes + 8, block);
    for (int64_t k = 1; k < D / 8; ++k) {
        for (int m = 0; m < 8; ++m) {
            block[m] = block[m] + lanes[8 * k + m];
        }
    }
    float half[4];
    for (int m = 0; m < 4; ++m) {
        half[m] = block[m] + block[m + 4];
    }
    const float quarter0 = half[0] + half[2];
    const float quarter1 = half[1] + half[3];
    return quarter0 + quarter1;
}

void WeightGrad(const Checked &checked, const NsaCpuTensor &outputGrad, const NsaCpuTensor &input,
                const NsaCpuTensor &weightGrad, int threads)
{
    const int64_t heads = weightGrad.shape[1];
    WeightGradPlan plan{&RowKernelsFor(checked.dtype), static_cast<const uint16_t *>(outputGrad.data),
                        outputGrad.strides[0], outputGrad.strides[1], TokensOf(input, checked.layout, heads), {},
                        checked.block};
    plan.windowStart = WindowStarts(checked, plan.x);
    const int64_t groups = (checked.windows + kGroupWindows - 1) / kGroupWindows;
    const int64_t perGroup = checked.block * heads;
    std::vector<float> partials(static_cast<size_t>(groups * perGroup));
    ParallelFor(groups, threads, [&](int64_t g) {
        GroupScratch scratch(HeadBlock(plan) * plan.x.axes.headDim);
        Group(plan, g, partials.data() + g * perGroup, scratch);
    });
    // The groups' partials added to +0 in group order, then one cast (K = 0: +0 everywhere).
    auto *out = static_cast<uint16_t *>(weightGrad.data);
    for (int64_t j = 0; j < checked.block; ++j) {
        for (int64_t n = 0; n < heads; ++n) {
            float sum = 0.0f;
            for (int64_t g = 0; g < groups; ++g) {
                sum = sum + partials[g * perGroup + j * heads + n];
            }
            out[j * weightGrad.strides[0] + n * weightGrad.strides[1]] = NarrowOne(checked.dtype, sum);
        }
    }
}

}  // namespace nsa_cpu
