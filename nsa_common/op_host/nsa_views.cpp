#include "nsa_views.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

#include "nsa_rules.h"

namespace nsa {
namespace {

struct LayoutInfo {
    Layout layout;
    const char *name;
    size_t rank;
    const char *dims;
    const char *batches;
    AxisNames axes;
    AxisSet offsetAxes;  // TokenOffsetAxes
};

constexpr AxisSet Axis(size_t index)
{
    return AxisSet{1} << index;
}

constexpr LayoutInfo kLayouts[] = {
    {Layout::kTND, "TND", 3, "[T, N, D]", "", AxisNames{}, Axis(1)},
    {Layout::kBSND, "BSND", 4, "[B, S, N, D]", "input batch count B (input.shape[0])",
     {"input sequence length S (input.shape[1])", "input head number N (input.shape[2])",
      "input head dim D (input.shape[3])"},
     Axis(0) | Axis(2)},
    {Layout::kBNSD, "BNSD", 4, "[B, N, S, D]", "input batch count B (input.shape[0])",
     {"input sequence length S (input.shape[2])", "input head number N (input.shape[1])",
      "input head dim D (input.shape[3])"},
     Axis(0) | Axis(1)},
    {Layout::kBSH, "BSH", 3, "[B, S, H]", "input batch count B (input.shape[0])",
     {"input sequence length S (input.shape[1])", "head number N (weight.shape[1])",
      "input head dim D (input.shape[2] / N)"},
     Axis(0)},
    {Layout::kSBH, "SBH", 3, "[S, B, H]", "input batch count B (input.shape[1])",
     {"input sequence length S (input.shape[0])", "head number N (weight.shape[1])",
      "input head dim D (input.shape[2] / N)"},
     Axis(1)},
};

const LayoutInfo &Info(Layout layout)
{
    return kLayouts[static_cast<size_t>(layout)];
}

std::string Str(int64_t value)
{
    return std::to_string(value);
}

// The byte gaps DataCopyPad takes (DataCopyExtParams::srcStride / dstStride) are uint32_t.
constexpr int64_t kMaxGapBytes = std::numeric_limits<uint32_t>::max();

}  // namespace

std::string ParseLayout(const char *name, Layout *layout)
{
    const char *text = name == nullptr ? "TND" : name;
    for (const LayoutInfo &info : kLayouts) {
        if (std::strcmp(text, info.name) == 0) {
            *layout = info.layout;
            return {};
        }
    }
    return std::string("layoutOptional is \"") + text +
           "\", it must be one of \"TND\", \"BSND\", \"BNSD\", \"BSH\" and \"SBH\".";
}

const char *LayoutName(Layout layout)
{
    return Info(layout).name;
}

size_t InputRank(Layout layout)
{
    return Info(layout).rank;
}

const char *InputDims(Layout layout)
{
    return Info(layout).dims;
}

bool IsBatched(Layout layout)
{
    return layout != Layout::kTND;
}

AxisSet TokenOffsetAxes(Layout layout)
{
    return Info(layout).offsetAxes;
}

std::string ReadInputAxes(Layout layout, const std::vector<int64_t> &shape, const std::vector<int64_t> &strides,
                          int64_t weightHeads, InputAxes *axes)
{
    InputAxes a;
    switch (layout) {
        case Layout::kTND:
            a = {1, shape[0], shape[1], shape[2], 0, strides[0], strides[1], strides[2]};
            break;
        case Layout::kBSND:
            a = {shape[0], shape[1], shape[2], shape[3], strides[0], strides[1], strides[2], strides[3]};
            break;
        case Layout::kBNSD:
            a = {shape[0], shape[2], shape[1], shape[3], strides[0], strides[2], strides[1], strides[3]};
            break;
        case Layout::kBSH:
        case Layout::kSBH: {
            const size_t batch = layout == Layout::kBSH ? 0 : 1;
            const int64_t hidden = shape[2];
            if (weightHeads < 1 || hidden < 1 || hidden % weightHeads != 0) {
                return std::string("input hidden size H (input.shape[2]) is ") + Str(hidden) + ", it must be a " +
                       "positive multiple of the head number N=weight.shape[1]=" + Str(weightHeads) +
                       " for layout " + LayoutName(layout) + " (H = N * D).";
            }
            const int64_t headDim = hidden / weightHeads;
            a = {shape[batch], shape[1 - batch], weightHeads, headDim, strides[batch], strides[1 - batch],
                 headDim * strides[2], strides[2]};
            break;
        }
    }
    *axes = a;
    return {};
}

Geometry GeometryOf(Layout layout, const InputAxes &axes, int64_t windowLen, int64_t windowStep)
{
    return {axes.tokens, axes.headNum, axes.headDim, windowLen, windowStep, Info(layout).axes};
}

std::string CheckBatches(Layout layout, const InputAxes &axes)
{
    if (IsBatched(layout) && axes.batches < 1) {
        return std::string(Info(layout).batches) + " is " + Str(axes.batches) + ", it must be at least 1.";
    }
    return {};
}

std::string SequenceEnds(Layout layout, const std::vector<int64_t> *values, int64_t type, const InputAxes &axes,
                         std::vector<int64_t> *ends)
{
    if (!IsBatched(layout)) {
        if (values == nullptr) {
            return "actSeqLenOptional must not be a null pointer: layout TND needs the sequence list.";
        }
        return ToCumulativeEnds(*values, type, axes.tokens, ends);
    }
    ends->clear();
    if (values == nullptr) {
        for (int64_t b = 1; b <= axes.batches; ++b) {
            ends->push_back(b * axes.tokens);
        }
        return {};
    }
    const std::string layoutName = LayoutName(layout);
    if (static_cast<int64_t>(values->size()) != axes.batches) {
        return "actSeqLen has " + Str(static_cast<int64_t>(values->size())) + " entries, it must have one per " +
               "batch: B=" + Str(axes.batches) + " for layout " + layoutName + ".";
    }
    int64_t previous = 0;
    for (size_t b = 0; b < values->size(); ++b) {
        const int64_t value = (*values)[b];
        const int64_t length = type == kSeqLenTypeLengths ? value : value - previous;
        if (length < 0 || length > axes.tokens) {
            const std::string entry = "actSeqLen[" + Str(static_cast<int64_t>(b)) + "] is " + Str(value);
            if (type == kSeqLenTypeLengths) {
                return entry + ", a batch length must be in [0, S=" + Str(axes.tokens) + "] for layout " +
                       layoutName + ".";
            }
            return entry + " after " + Str(previous) + ", cumulative lengths must step by 0 to S=" +
                   Str(axes.tokens) + " per batch for layout " + layoutName + ".";
        }
        previous += length;
        ends->push_back(previous);
    }
    return {};
}

std::vector<int64_t> ContiguousStrides(const std::vector<int64_t> &shape)
{
    std::vector<int64_t> strides(shape.size(), 1);
    for (size_t i = shape.size(); i > 1; --i) {
        strides[i - 2] = strides[i - 1] * std::max<int64_t>(shape[i - 1], 1);
    }
    return strides;
}

bool ViewElements(const std::vector<int64_t> &shape, const std::vector<int64_t> &strides, int64_t *elements)
{
    int64_t farthest = 0;
    for (size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == 0) {
            *elements = 0;
            return true;
        }
    }
    for (size_t i = 0; i < shape.size(); ++i) {
        int64_t step = 0;
        if (__builtin_mul_overflow(shape[i] - 1, strides[i], &step) ||
            __builtin_add_overflow(farthest, step, &farthest)) {
            return false;
        }
    }
    return !__builtin_add_overflow(farthest, 1, elements);
}

std::vector<int64_t> SteppingStrides(const std::vector<int64_t> &shape, const std::vector<int64_t> &strides)
{
    const std::vector<int64_t> rowMajor = ContiguousStrides(shape);
    std::vector<int64_t> result = strides;
    for (size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] <= 1) {
            result[i] = rowMajor[i];
        }
    }
    return result;
}

bool IsNonOverlapping(const std::vector<int64_t> &shape, const std::vector<int64_t> &strides)
{
    std::vector<std::pair<int64_t, int64_t>> dims;  // (stride, size) of the dims that step
    for (size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == 0) {
            return true;  // no elements at all
        }
        if (shape[i] > 1) {
            dims.emplace_back(strides[i], shape[i]);
        }
    }
    std::sort(dims.begin(), dims.end());
    int64_t reach = 0;  // the farthest element the inner dims address
    for (const auto &[stride, size] : dims) {
        int64_t span = 0;
        if (stride <= reach || __builtin_mul_overflow(stride, size - 1, &span) ||
            __builtin_add_overflow(reach, span, &reach)) {
            return false;
        }
    }
    return true;
}

std::string CheckCopiedTokenGap(const char *name, Layout layout, const InputAxes &axes, int64_t elementBytes)
{
    const int64_t row = axes.headNum * axes.headDim;
    const int64_t stride = layout == Layout::kSBH ? axes.batches * row : row;
    if (axes.tokens <= 1 || stride <= kMaxGapBytes / elementBytes) {
        return {};
    }
    return std::string(name) + " has layout " + LayoutName(layout) + " with B=" + Str(axes.batches) +
           " and H=" + Str(row) + ": its tokens lie B * H = " + Str(stride) + " elements (" +
           Str(stride * elementBytes) + " bytes) apart, and that stride must be below 2^32 bytes.";
}

bool KernelCanStride(const std::vector<int64_t> &shape, const std::vector<int64_t> &strides, int64_t elementBytes,
                     AxisSet offsetAxes)
{
    if (std::find(shape.begin(), shape.end(), 0) != shape.end()) {
        return true;
    }
    if (shape.empty() || (shape.back() > 1 && strides.back() != 1) || !IsNonOverlapping(shape, strides)) {
        return false;
    }
    for (size_t i = 0; i < shape.size(); ++i) {
        const bool gap = (offsetAxes & Axis(i)) == 0;
        if (gap && shape[i] > 1 && strides[i] > kMaxGapBytes / elementBytes) {
            return false;
        }
    }
    return true;
}

}  // namespace nsa
