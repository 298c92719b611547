#include "argument_front.h"

#include <string>

#include "nsa_rules.h"
#include "nsa_views.h"
#include "opdev/data_type_utils.h"
#include "opdev/op_errno.h"
#include "opdev/op_log.h"
#include "opdev/shape_utils.h"
#include "shape_checks.h"
#include "tensor_checks.h"

// Ends the enclosing check with the sentence of a broken rule.
#define NSA_RETURN_IF_BROKEN(check)                 \
    do {                                            \
        const std::string nsaBrokenRule = (check);  \
        if (!nsaBrokenRule.empty()) {               \
            return nsaBrokenRule;                   \
        }                                           \
    } while (0)

namespace nsa {

aclnnStatus Refuse(aclnnStatus status, const std::string &rule)
{
    OP_LOGE(status, "%s", rule.c_str());
    return status;
}

aclnnStatus InvalidUnless(const std::string &brokenRule)
{
    return brokenRule.empty() ? ACLNN_SUCCESS : Refuse(ACLNN_ERR_PARAM_INVALID, brokenRule);
}

namespace {

// The table's kInput or kWeight tensor (op_tensors.h: a table holds one of each).
const OpTensor &Find(const OpTensors &tensors, TensorShape shape)
{
    for (const OpTensor &t : tensors) {
        if (t.shape == shape) {
            return t;
        }
    }
    return tensors.front();
}

size_t RankOf(TensorShape shape, Layout layout)
{
    switch (shape) {
        case TensorShape::kInput:
        case TensorShape::kInputLike: return InputRank(layout);
        case TensorShape::kWeight:
        case TensorShape::kWeightLike: return 2;
        case TensorShape::kWindows:
        case TensorShape::kCache: return 3;
        case TensorShape::kSlots:
        case TensorShape::kLengths: return 1;
        case TensorShape::kSlotRows:
        case TensorShape::kBlockTable: return 2;
    }
    return 0;
}

// Every tensor, the layout, and the sequence list where the layout cannot do without one.
aclnnStatus CheckPresence(const OpTensors &tensors, const WindowArguments &window, Layout *layout)
{
    aclnnStatus status = CheckPresent(tensors);
    if (status != ACLNN_SUCCESS) {
        return status;
    }
    status = InvalidUnless(ParseLayout(window.layoutOptional, layout));
    if (status != ACLNN_SUCCESS) {
        return status;
    }
    if (!IsBatched(*layout) && window.actSeqLenOptional == nullptr) {
        return Refuse(ACLNN_ERR_PARAM_NULLPTR,
                      "actSeqLenOptional must not be a null pointer: layout TND needs the sequence list.");
    }
    return InvalidUnless(CheckSeqLenType(window.actSeqLenType));
}

}  // namespace

std::string CheckDtypes(const OpTensors &tensors)
{
    const OpTensor &input = Find(tensors, TensorShape::kInput);
    const op::DataType dtype = input.tensor->GetDataType();
    if (dtype != op::DataType::DT_FLOAT16 && dtype != op::DataType::DT_BF16) {
        return std::string(input.name) + " dtype is " + op::ToString(dtype).GetString() + ", it must be " +
               op::ToString(op::DataType::DT_FLOAT16).GetString() + " or " +
               op::ToString(op::DataType::DT_BF16).GetString() + ".";
    }
    for (const OpTensor &t : tensors) {
        if (t.HoldsIndices()) {
            NSA_RETURN_IF_BROKEN(CheckIntegerDtype(t.name, t.tensor, op::DataType::DT_INT32));
        } else if (t.HoldsLengths()) {
            NSA_RETURN_IF_BROKEN(CheckIntegerDtype(t.name, t.tensor, op::DataType::DT_INT64));
        } else if (t.tensor->GetDataType() != dtype) {
            return std::string(t.name) + " dtype is " + op::ToString(t.tensor->GetDataType()).GetString() +
                   ", it must equal the " + input.name + " dtype " + op::ToString(dtype).GetString() + ".";
        }
    }
    return {};
}

std::string CheckRanks(const OpTensors &tensors, Layout layout)
{
    for (const OpTensor &t : tensors) {
        NSA_RETURN_IF_BROKEN(CheckNdRank(t.name, t.tensor, RankOf(t.shape, layout)));
        NSA_RETURN_IF_BROKEN(CheckAddressable(t.name, t.tensor));
    }
    return {};
}

namespace {

// The token tensors the kernel cannot stride through are copied row-major first: the copy's token
// rows must lie within DataCopyPad's gap of each other.
std::string CheckTokenGaps(const OpTensors &tensors, Layout layout, const InputAxes &axes)
{
    for (const OpTensor &t : tensors) {
        if (t.HoldsTokens() && !KernelStridesThrough(t.tensor, TokenOffsetAxes(layout))) {
            const auto elementBytes = static_cast<int64_t>(op::TypeSize(t.tensor->GetDataType()));
            NSA_RETURN_IF_BROKEN(CheckCopiedTokenGap(t.name, layout, axes, elementBytes));
        }
    }
    return {};
}

// The shapes that follow from the geometry: windows, and gradients shaped as what they are of.
std::string CheckDerivedShapes(const OpTensors &tensors, const Geometry &geometry, int64_t windows)
{
    const OpTensor &input = Find(tensors, TensorShape::kInput);
    const OpTensor &weight = Find(tensors, TensorShape::kWeight);
    for (const OpTensor &t : tensors) {
        if (t.shape == TensorShape::kWindows) {
            NSA_RETURN_IF_BROKEN(CheckWindowsShape(t.name, t.tensor, windows, geometry.headNum, geometry.headDim));
        } else if (t.shape == TensorShape::kInputLike) {
            NSA_RETURN_IF_BROKEN(CheckSameShape(t.name, t.tensor, input.name, input.tensor));
        } else if (t.shape == TensorShape::kWeightLike) {
            NSA_RETURN_IF_BROKEN(CheckSameShape(t.name, t.tensor, weight.name, weight.tensor));
        }
    }
    return {};
}

std::string CheckShapes(const OpTensors &tensors, const WindowArguments &window, CheckedArguments *checked)
{
    const OpTensor &input = Find(tensors, TensorShape::kInput);
    const OpTensor &weight = Find(tensors, TensorShape::kWeight);
    InputAxes axes;
    NSA_RETURN_IF_BROKEN(ReadInputAxes(checked->layout, ViewDims(input.tensor), ViewStrides(input.tensor),
                                       weight.tensor->GetViewShape().GetDim(1), &axes));
    NSA_RETURN_IF_BROKEN(CheckBatches(checked->layout, axes));
    const Geometry geometry = GeometryOf(checked->layout, axes, window.compressBlockSize, window.compressStride);
    NSA_RETURN_IF_BROKEN(CheckGeometry(geometry));
    NSA_RETURN_IF_BROKEN(CheckWeightShape(weight.name, weight.tensor, window.compressBlockSize, geometry.headNum));
    const aclIntArray *list = window.actSeqLenOptional;
    std::vector<int64_t> values;
    if (list != nullptr) {
        values.assign(list->GetData(), list->GetData() + list->Size());
    }
    NSA_RETURN_IF_BROKEN(SequenceEnds(checked->layout, list == nullptr ? nullptr : &values, window.actSeqLenType,
                                      axes, &checked->seqEnds));
    checked->windows = OutputRows(checked->seqEnds, window.compressBlockSize, window.compressStride);
    NSA_RETURN_IF_BROKEN(CheckDerivedShapes(tensors, geometry, checked->windows));
    return CheckTokenGaps(tensors, checked->layout, axes);
}

// A written view's elements are distinct and its bytes meet no read tensor's, nor another
// written tensor's.
std::string CheckWrittenApart(const OpTensors &tensors)
{
    for (const OpTensor &out : tensors) {
        if (!out.Written()) {
            continue;
        }
        NSA_RETURN_IF_BROKEN(CheckDistinctElements(out.name, out.tensor));
        for (const OpTensor &in : tensors) {
            if (!in.Written()) {
                NSA_RETURN_IF_BROKEN(CheckNoOverlap(out.name, out.tensor, in.name, in.tensor));
            }
        }
    }
    for (size_t first = 0; first < tensors.size(); ++first) {
        for (size_t second = first + 1; second < tensors.size(); ++second) {
            if (tensors[first].Written() && tensors[second].Written()) {
                NSA_RETURN_IF_BROKEN(CheckOutputsApart(tensors[first].name, tensors[first].tensor,
                                                       tensors[second].name, tensors[second].tensor));
            }
        }
    }
    return {};
}

}  // namespace

aclnnStatus CheckPresent(const OpTensors &tensors)
{
    for (const OpTensor &t : tensors) {
        if (t.tensor == nullptr) {
            return Refuse(ACLNN_ERR_PARAM_NULLPTR, std::string(t.name) + " must not be a null pointer.");
        }
    }
    return ACLNN_SUCCESS;
}

aclnnStatus CheckMemory(const OpTensors &tensors)
{
    for (const OpTensor &t : tensors) {
        const std::string brokenRule = CheckHasData(t.name, t.tensor);
        if (!brokenRule.empty()) {
            return Refuse(ACLNN_ERR_PARAM_NULLPTR, brokenRule);
        }
    }
    return InvalidUnless(CheckWrittenApart(tensors));
}

aclnnStatus CheckArguments(const OpTensors &tensors, const WindowArguments &window, CheckedArguments *checked)
{
    aclnnStatus status = CheckPresence(tensors, window, &checked->layout);
    if (status == ACLNN_SUCCESS) {
        status = InvalidUnless(CheckDtypes(tensors));
    }
    if (status == ACLNN_SUCCESS) {
        status = InvalidUnless(CheckRanks(tensors, checked->layout));
    }
    if (status == ACLNN_SUCCESS) {
        status = InvalidUnless(CheckShapes(tensors, window, checked));
    }
    return status == ACLNN_SUCCESS ? CheckMemory(tensors) : status;
}

}  // namespace nsa
