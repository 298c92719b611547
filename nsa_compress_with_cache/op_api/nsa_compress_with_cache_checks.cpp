#include "nsa_compress_with_cache_checks.h"

#include <string>

#include "argument_front.h"
#include "nsa_paged_rules.h"
#include "nsa_rules.h"
#include "nsa_windows.h"
#include "opdev/op_errno.h"
#include "opdev/shape_utils.h"
#include "shape_checks.h"
#include "tensor_checks.h"

namespace nsa::with_cache {
namespace {

// The cache's rows are only ever added to 64-bit offsets; its head stride is a copy gap.
constexpr AxisSet kCacheOffsetAxes = AxisSet{1};

const aclTensor *Tensor(const OpTensors &tensors, TensorPosition position)
{
    return tensors[position].tensor;
}

// The input's rank decides the mode: a paged pool [blocks, P, N, D] or TND [T, N, D].
std::string CheckInputRank(const aclTensor *input, bool *paged)
{
    const size_t rank = input->GetViewShape().GetDimNum();
    if (rank != kPagedInputRank && rank != InputRank(Layout::kTND)) {
        return "input shape is " + std::string(op::ToString(input->GetViewShape()).GetString()) +
               ", it must be a paged pool [blocks, P, N, D] or, in layout TND, [T, N, D].";
    }
    *paged = rank == kPagedInputRank;
    return {};
}

// A paged input ignores the layout string (any of the five); a [T, N, D] input is read as TND.
std::string CheckLayout(const char *layoutOptional, bool paged, Layout *layout)
{
    const std::string broken = ParseLayout(layoutOptional, layout);
    if (!broken.empty() || paged || *layout == Layout::kTND) {
        return broken;
    }
    return std::string("layoutOptional is \"") + LayoutName(*layout) +
           "\", a 3-dim input [T, N, D] must come with layout \"TND\" (a paged input has 4 dims).";
}

// Null pointers, the mode, the layout and the list type.
aclnnStatus CheckPresenceAndMode(const OpTensors &tensors, const DecodeArguments &args, CheckedDecode *checked)
{
    aclnnStatus status = CheckPresent(tensors);
    if (status != ACLNN_SUCCESS) {
        return status;
    }
    if (args.actSeqLenOptional == nullptr) {
        return Refuse(ACLNN_ERR_PARAM_NULLPTR,
                      "actSeqLenOptional must not be a null pointer: every mode needs the batches' lengths.");
    }
    status = InvalidUnless(CheckInputRank(Tensor(tensors, kInput), &checked->paged));
    if (status != ACLNN_SUCCESS) {
        return status;
    }
    if (checked->paged && tensors.size() <= kBlockTable) {
        return Refuse(ACLNN_ERR_PARAM_NULLPTR,
                      "blockTableOptional must not be a null pointer: a paged input [blocks, P, N, D] needs it.");
    }
    checked->walk = checked->paged ? Layout::kBSND : Layout::kTND;
    status = InvalidUnless(CheckLayout(args.layoutOptional, checked->paged, &checked->layout));
    return status == ACLNN_SUCCESS ? InvalidUnless(CheckSeqLenType(args.actSeqLenType)) : status;
}

// The geometry every op shares, the page size, the weight and the cache.
std::string CheckGeometryAndShapes(const OpTensors &tensors, const DecodeArguments &args, const CheckedDecode &checked,
                                   InputAxes *axes)
{
    const aclTensor *input = Tensor(tensors, kInput);
    const aclTensor *weight = Tensor(tensors, kWeight);
    const std::string broken = ReadInputAxes(checked.walk, ViewDims(input), ViewStrides(input),
                                             weight->GetViewShape().GetDim(1), axes);
    if (!broken.empty()) {
        return broken;
    }
    Geometry geometry{axes->tokens, axes->headNum, axes->headDim, args.compressBlockSize, args.compressStride};
    if (checked.paged) {
        geometry.names = kPagedAxisNames;
    }
    for (const std::string &rule :
         {CheckGeometry(geometry),
          checked.paged ? CheckPagedPool(axes->batches, args.pageBlockSize, axes->tokens) : std::string(),
          CheckWeightShape("weight", weight, args.compressBlockSize, axes->headNum),
          CheckCacheShape("outputCache", Tensor(tensors, kCache), axes->headNum, axes->headDim)}) {
        if (!rule.empty()) {
            return rule;
        }
    }
    return {};
}

// The tables against the batch count, and the length values by mode.
std::string CheckBatches(const OpTensors &tensors, const DecodeArguments &args, const InputAxes &axes,
                         CheckedDecode *checked)
{
    const aclIntArray *list = args.actSeqLenOptional;
    const std::vector<int64_t> values(list->GetData(), list->GetData() + list->Size());
    const auto batches = static_cast<int64_t>(values.size());
    std::string broken = CheckCoversBatches("slotMapping length (slotMapping.shape[0])",
                                            Tensor(tensors, kSlots)->GetViewShape().GetDim(0), batches);
    std::vector<int64_t> lengths;
    if (broken.empty() && !checked->paged) {
        broken = ToCumulativeEnds(values, args.actSeqLenType, axes.tokens, &checked->kernelValues);
        if (broken.empty()) {
            broken = BatchLengths(checked->kernelValues, kSeqLenTypeCumulative, &lengths);
        }
    } else if (broken.empty()) {
        const op::Shape &table = Tensor(tensors, kBlockTable)->GetViewShape();
        broken = CheckCoversBatches("blockTableOptional rows (blockTableOptional.shape[0])", table.GetDim(0), batches);
        broken = broken.empty() ? BatchLengths(values, args.actSeqLenType, &lengths) : broken;
        broken = broken.empty() ? CheckTableCapacity(lengths, args.compressBlockSize, args.compressStride,
                                                     table.GetDim(1), axes.tokens)
                                : broken;
        checked->kernelValues = lengths;
    }
    checked->dueBatches = DueBatches(lengths, args.compressBlockSize, args.compressStride);
    return broken;
}

}  // namespace

// The kernel writes the cache in place: it must be a view it can stride through.
std::string CheckCacheView(const char *name, const aclTensor *cache)
{
    if (KernelStridesThrough(cache, kCacheOffsetAxes)) {
        return {};
    }
    return std::string(name) + " is a view of shape " + std::string(op::ToString(cache->GetViewShape()).GetString()) +
           " with strides " + op::ToString(cache->GetViewStrides()).GetString() +
           " that the op cannot update in place; its elements must be distinct, its innermost stride 1 and its head "
           "stride below 2^32 bytes.";
}

aclnnStatus CheckDecodeArguments(const OpTensors &tensors, const DecodeArguments &args, CheckedDecode *checked)
{
    aclnnStatus status = CheckPresenceAndMode(tensors, args, checked);
    if (status == ACLNN_SUCCESS) {
        status = InvalidUnless(CheckDtypes(tensors));
    }
    if (status == ACLNN_SUCCESS) {
        status = InvalidUnless(CheckRanks(tensors, checked->walk));
    }
    InputAxes axes;
    if (status == ACLNN_SUCCESS) {
        status = InvalidUnless(CheckGeometryAndShapes(tensors, args, *checked, &axes));
    }
    if (status == ACLNN_SUCCESS) {
        status = InvalidUnless(CheckBatches(tensors, args, axes, checked));
    }
    if (status == ACLNN_SUCCESS) {
        status = CheckMemory(tensors);
    }
    return status == ACLNN_SUCCESS ? InvalidUnless(CheckCacheView("outputCache", Tensor(tensors, kCache))) : status;
}

}  // namespace nsa::with_cache
