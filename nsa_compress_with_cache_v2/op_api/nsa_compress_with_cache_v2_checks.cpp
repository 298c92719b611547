#include "nsa_compress_with_cache_v2_checks.h"

#include <string>

#include "argument_front.h"
#include "../../nsa_compress_with_cache/op_api/nsa_compress_with_cache_checks.h"
#include "nsa_paged_rules.h"
#include "nsa_rules.h"
#include "nsa_views.h"
#include "op_tensors.h"
#include "opdev/op_errno.h"
#include "shape_checks.h"
#include "tensor_checks.h"

namespace nsa::with_cache {
namespace {

std::string Str(int64_t value)
{
    return std::to_string(value);
}

// The V pool, its weight and its cache come together: each names the first one missing.
std::string CheckValueSet(const V2Call &call, bool *withValue)
{
    const struct {
        const char *name;
        const aclTensor *tensor;
    } value[] = {{"valueInputOptional", call.valueInputOptional},
                 {"valueWeightOptional", call.valueWeightOptional},
                 {"valueCacheOptional", call.valueCacheOptional}};
    *withValue = false;
    for (const auto &given : value) {
        *withValue = *withValue || given.tensor != nullptr;
    }
    for (const auto &missing : value) {
        if (*withValue && missing.tensor == nullptr) {
            return std::string(missing.name) +
                   " is a null pointer while another V tensor is given: the V pool, its weight and its cache "
                   "(valueInputOptional, valueWeightOptional, valueCacheOptional) come together or not at all.";
        }
    }
    return {};
}

// In the API's order; the V tensors only when given.
OpTensors Tensors(const V2Call &call, bool withValue)
{
    OpTensors tensors{{"input", call.input, TensorShape::kInput, Access::kRead},
                      {"weight", call.weight, TensorShape::kWeight, Access::kRead}};
    if (withValue) {
        tensors.push_back({"valueInputOptional", call.valueInputOptional, TensorShape::kInput, Access::kRead});
        tensors.push_back({"valueWeightOptional", call.valueWeightOptional, TensorShape::kWeight, Access::kRead});
    }
    tensors.insert(tensors.end(), {{"slotMapping", call.slotMapping, TensorShape::kSlotRows, Access::kRead},
                                   {"prevSeqLen", call.prevSeqLen, TensorShape::kLengths, Access::kRead},
                                   {"actSeqLen", call.actSeqLen, TensorShape::kLengths, Access::kRead},
                                   {"blockTable", call.blockTable, TensorShape::kBlockTable, Access::kRead},
                                   {"outputCache", call.outputCache, TensorShape::kCache, Access::kWritten}});
    if (withValue) {
        tensors.push_back({"valueCacheOptional", call.valueCacheOptional, TensorShape::kCache, Access::kWritten});
    }
    return tensors;
}

// The geometry every op shares on the K pool, the page size, the weight and cache shapes, and the
// V tensors against the K ones.
std::string CheckShapes(const V2Call &call, bool withValue)
{
    InputAxes axes;
    const std::string broken = ReadInputAxes(Layout::kBSND, ViewDims(call.input), ViewStrides(call.input),
                                             call.weight->GetViewShape().GetDim(1), &axes);
    if (!broken.empty()) {
        return broken;
    }
    Geometry geometry{axes.tokens, axes.headNum, axes.headDim, call.compressBlockSize, call.compressStride};
    geometry.names = kPagedAxisNames;
    for (const std::string &rule :
         {CheckGeometry(geometry), CheckPagedPool(axes.batches, call.pageBlockSize, axes.tokens),
          CheckWeightShape("weight", call.weight, call.compressBlockSize, axes.headNum),
          CheckCacheShape("outputCache", call.outputCache, axes.headNum, axes.headDim),
          withValue ? CheckSameShape("valueInputOptional", call.valueInputOptional, "input", call.input) : "",
          withValue ? CheckSameShape("valueWeightOptional", call.valueWeightOptional, "weight", call.weight) : "",
          withValue ? CheckSameShape("valueCacheOptional", call.valueCacheOptional, "outputCache", call.outputCache)
                    : ""}) {
        if (!rule.empty()) {
            return rule;
        }
    }
    return {};
}

// The batch count is actSeqLen's length: prevSeqLen has it too, the slot rows and the block table
// cover it, and each batch has at least one slot column.
std::string CheckBatches(const V2Call &call, CheckedV2 *checked)
{
    checked->batches = call.actSeqLen->GetViewShape().GetDim(0);
    const int64_t previous = call.prevSeqLen->GetViewShape().GetDim(0);
    if (previous != checked->batches) {
        return "prevSeqLen length (prevSeqLen.shape[0]) is " + Str(previous) + ", it must equal the batch count B=" +
               Str(checked->batches) + " (the length of actSeqLen): each batch has a length before and after the step.";
    }
    const op::Shape &slots = call.slotMapping->GetViewShape();
    checked->slotColumns = slots.GetDim(1);
    if (checked->slotColumns < 1) {
        return "slotMapping columns (slotMapping.shape[1]) is " + Str(checked->slotColumns) +
               ", it must be at least 1: column k holds the row of a batch's k-th new window.";
    }
    const std::string broken = CheckCoversBatches("slotMapping rows (slotMapping.shape[0])", slots.GetDim(0),
                                                  checked->batches);
    return broken.empty() ? CheckCoversBatches("blockTable rows (blockTable.shape[0])",
                                               call.blockTable->GetViewShape().GetDim(0), checked->batches)
                          : broken;
}

aclnnStatus CheckCaches(const V2Call &call, bool withValue)
{
    const aclnnStatus status = InvalidUnless(CheckCacheView("outputCache", call.outputCache));
    return status == ACLNN_SUCCESS && withValue
               ? InvalidUnless(CheckCacheView("valueCacheOptional", call.valueCacheOptional))
               : status;
}

}  // namespace

aclnnStatus CheckV2Arguments(const V2Call &call, CheckedV2 *checked)
{
    const OpTensors required = Tensors(call, false);
    aclnnStatus status = CheckPresent(required);
    if (status == ACLNN_SUCCESS) {
        status = InvalidUnless(CheckValueSet(call, &checked->withValue));
    }
    const OpTensors tensors = Tensors(call, checked->withValue);
    if (status == ACLNN_SUCCESS) {
        status = InvalidUnless(CheckDtypes(tensors));
    }
    if (status == ACLNN_SUCCESS) {
        status = InvalidUnless(CheckRanks(tensors, Layout::kBSND));
    }
    if (status == ACLNN_SUCCESS) {
        status = InvalidUnless(CheckShapes(call, checked->withValue));
    }
    if (status == ACLNN_SUCCESS) {
        status = InvalidUnless(CheckBatches(call, checked));
    }
    if (status == ACLNN_SUCCESS) {
        status = CheckMemory(tensors);
    }
    return status == ACLNN_SUCCESS ? CheckCaches(call, checked->withValue) : status;
}

}  // namespace nsa::with_cache
