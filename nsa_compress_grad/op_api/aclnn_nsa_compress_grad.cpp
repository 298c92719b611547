#include "aclnn_nsa_compress_grad.h"

#include <string>
#include <vector>

#include "nsa_compress_grad.h"
#include "nsa_rules.h"
#include "nsa_views.h"
#include "opdev/common_types.h"
#include "opdev/data_type_utils.h"
#include "opdev/make_op_executor.h"
#include "opdev/op_dfx.h"
#include "opdev/op_log.h"
#include "opdev/shape_utils.h"
#include "kernel_tensors.h"
#include "tensor_checks.h"

namespace {

struct NamedTensor {
    const char *name;
    const aclTensor *tensor;
    size_t dims;
};

// opdev has no null check for aclnn objects; workspaceSize and executor are checked by
// L2_DFX_PHASE_1 itself. The messages name the tensors as the API reference does.
#define NSA_CHECK_NOT_NULL(param, name, rule)                                                       \
    OP_CHECK((param) != nullptr, OP_LOGE(ACLNN_ERR_PARAM_NULLPTR, "%s must not be a null pointer%s.", name, rule), \
             return ACLNN_ERR_PARAM_NULLPTR)

#define NSA_CHECK(error)                                                 \
    do {                                                                 \
        const std::string nsaCheckError = (error);                       \
        if (!nsaCheckError.empty()) {                                    \
            OP_LOGE(ACLNN_ERR_PARAM_INVALID, "%s", nsaCheckError.c_str()); \
            return ACLNN_ERR_PARAM_INVALID;                              \
        }                                                                \
    } while (0)

// input's dtype is FLOAT16 or BFLOAT16 and every other tensor has it.
std::string CheckDtypes(const NamedTensor (&tensors)[5])
{
    const op::DataType dtype = tensors[1].tensor->GetDataType();
    if (dtype != op::DataType::DT_FLOAT16 && dtype != op::DataType::DT_BF16) {
        return std::string("input dtype is ") + op::ToString(dtype).GetString() + ", it must be " +
               op::ToString(op::DataType::DT_FLOAT16).GetString() + " or " +
               op::ToString(op::DataType::DT_BF16).GetString() + ".";
    }
    for (const NamedTensor &t : tensors) {
        if (t.tensor->GetDataType() != dtype) {
            return std::string(t.name) + " dtype is " + op::ToString(t.tensor->GetDataType()).GetString() +
                   ", it must equal the input dtype " + op::ToString(dtype).GetString() + ".";
        }
    }
    return {};
}

std::string ShapeText(const std::vector<int64_t> &dims)
{
    std::string text = "[";
    for (size_t i = 0; i < dims.size(); ++i) {
        text += (i == 0 ? "" : ", ") + std::to_string(dims[i]);
    }
    return text + "]";
}

std::string CheckWeightShape(const aclTensor *weight, int64_t blockSize, int64_t headNum)
{
    const op::Shape &shape = weight->GetViewShape();
    if (shape.GetDim(0) != blockSize || shape.GetDim(1) != headNum) {
        return std::string("weight shape is ") + op::ToString(shape).GetString() +
               ", it must be [compressBlockSize, N] = [" + std::to_string(blockSize) + ", " + std::to_string(headNum) +
               "].";
    }
    return {};
}

std::string CheckOutputGradShape(const aclTensor *outputGrad, int64_t rows, int64_t headNum, int64_t headDim)
{
    const op::Shape &shape = outputGrad->GetViewShape();
    if (shape.GetDim(0) != rows || shape.GetDim(1) != headNum || shape.GetDim(2) != headDim) {
        return std::string("outputGrad shape is ") + op::ToString(shape).GetString() + ", it must be [K, N, D] = [" +
               std::to_string(rows) + ", " + std::to_string(headNum) + ", " + std::to_string(headDim) +
               "], K being the number of windows actSeqLen yields.";
    }
    return {};
}

// An output gradient has the shape of the tensor it is the gradient of.
std::string CheckSameShape(const char *name, const aclTensor *grad, const char *ofName, const aclTensor *of)
{
    const std::vector<int64_t> gradDims = nsa::DimsOf(grad->GetViewShape());
    const std::vector<int64_t> ofDims = nsa::DimsOf(of->GetViewShape());
    if (gradDims != ofDims) {
        return std::string(name) + " shape is " + ShapeText(gradDims) + ", it must be " + ofName + "'s shape " +
               ShapeText(ofDims) + ".";
    }
    return {};
}

}  // namespace

extern "C" aclnnStatus aclnnNsaCompressGradGetWorkspaceSize(
    const aclTensor *outputGrad, const aclTensor *input, const aclTensor *weight,
    const aclIntArray *actSeqLenOptionalOptional, int64_t compressBlockSize, int64_t compressStride,
    int64_t actSeqLenType, char *layoutOptionalOptional, const aclTensor *inputGradOut,
    const aclTensor *weightGradOut, uint64_t *workspaceSize, aclOpExecutor **executor)
{
    L2_DFX_PHASE_1(aclnnNsaCompressGrad, DFX_IN(outputGrad, input, weight, actSeqLenOptionalOptional,
                                                compressBlockSize, compressStride, actSeqLenType,
                                                layoutOptionalOptional),
                   DFX_OUT(inputGradOut, weightGradOut));
    NSA_CHECK_NOT_NULL(outputGrad, "outputGrad", "");
    NSA_CHECK_NOT_NULL(input, "input", "");
    NSA_CHECK_NOT_NULL(weight, "weight", "");
    NSA_CHECK_NOT_NULL(inputGradOut, "inputGrad", "");
    NSA_CHECK_NOT_NULL(weightGradOut, "weightGrad", "");

    nsa::Layout layout = nsa::Layout::kTND;
    NSA_CHECK(nsa::ParseLayout(layoutOptionalOptional, &layout));
    if (!nsa::IsBatched(layout)) {
        NSA_CHECK_NOT_NULL(actSeqLenOptionalOptional, "actSeqLenOptional", ": layout TND needs the sequence list");
    }
    NSA_CHECK(nsa::CheckSeqLenType(actSeqLenType));
    const size_t inputRank = nsa::InputRank(layout);
    const NamedTensor tensors[5] = {{"outputGrad", outputGrad, 3},
                                    {"input", input, inputRank},
                                    {"weight", weight, 2},
                                    {"inputGrad", inputGradOut, inputRank},
                                    {"weightGrad", weightGradOut, 2}};
    NSA_CHECK(CheckDtypes(tensors));
    for (const NamedTensor &t : tensors) {
        NSA_CHECK(nsa::CheckNdRank(t.name, t.tensor, t.dims));
        NSA_CHECK(nsa::CheckAddressable(t.name, t.tensor));
    }
    const op::Strides &inputStrides = input->GetViewStrides();
    nsa::InputAxes axes;
    NSA_CHECK(nsa::ReadInputAxes(layout, nsa::DimsOf(input->GetViewShape()),
                                 {inputStrides.begin(), inputStrides.end()}, weight->GetViewShape().GetDim(1), &axes));
    NSA_CHECK(nsa::CheckBatches(layout, axes));
    const nsa::Geometry geometry = nsa::GeometryOf(layout, axes, compressBlockSize, compressStride);
    NSA_CHECK(nsa::CheckGeometry(geometry));
    NSA_CHECK(CheckWeightShape(weight, compressBlockSize, geometry.headNum));
    std::vector<int64_t> values;
    if (actSeqLenOptionalOptional != nullptr) {
        values.assign(actSeqLenOptionalOptional->GetData(),
                      actSeqLenOptionalOptional->GetData() + actSeqLenOptionalOptional->Size());
    }
    std::vector<int64_t> ends;
    NSA_CHECK(nsa::SequenceEnds(layout, actSeqLenOptionalOptional == nullptr ? nullptr : &values, actSeqLenType,
                                axes, &ends));
    const int64_t rows = nsa::OutputRows(ends, compressBlockSize, compressStride);
    NSA_CHECK(CheckOutputGradShape(outputGrad, rows, geometry.headNum, geometry.headDim));
    NSA_CHECK(CheckSameShape("inputGrad", inputGradOut, "input", input));
    NSA_CHECK(CheckSameShape("weightGrad", weightGradOut, "weight", weight));
    for (const NamedTensor &t : tensors) {
        const std::string error = nsa::CheckHasData(t.name, t.tensor);
        OP_CHECK(error.empty(), OP_LOGE(ACLNN_ERR_PARAM_NULLPTR, "%s", error.c_str()), return ACLNN_ERR_PARAM_NULLPTR);
    }
    for (const NamedTensor &out : {tensors[3], tensors[4]}) {
        NSA_CHECK(nsa::CheckDistinctElements(out.name, out.tensor));
        for (const NamedTensor &in : {tensors[0], tensors[1], tensors[2]}) {
            NSA_CHECK(nsa::CheckNoOverlap(out.name, out.tensor, in.name, in.tensor));
        }
    }
    NSA_CHECK(nsa::CheckOutputsApart("inputGrad", inputGradOut, "weightGrad", weightGradOut));

    auto uniqueExecutor = CREATE_EXECUTOR();
    CHECK_RET(uniqueExecutor.get() != nullptr, ACLNN_ERR_INNER_CREATE_EXECUTOR);
    // K = 0 launches too: every token is uncovered, so the kernel writes +0 to both outputs.
    aclOpExecutor *l0Executor = uniqueExecutor.get();
    const aclTensor *kernelOutputGrad = nsa::KernelInput(outputGrad, l0Executor);
    const aclTensor *kernelInput = nsa::KernelInput(input, l0Executor);
    const aclTensor *kernelWeight = nsa::KernelInput(weight, l0Executor);
    CHECK_RET(kernelOutputGrad != nullptr && kernelInput != nullptr && kernelWeight != nullptr,
              ACLNN_ERR_INNER_NULLPTR);
    const aclTensor *kernelInputGrad = nsa::KernelOutput(inputGradOut, l0Executor);
    const aclTensor *kernelWeightGrad = nsa::KernelOutput(weightGradOut, l0Executor);
    CHECK_RET(kernelInputGrad != nullptr && kernelWeightGrad != nullptr, ACLNN_ERR_INNER_NULLPTR);
    const aclIntArray *seqEnds = l0Executor->AllocIntArray(ends.data(), ends.size());
    const aclnnStatus status =
        l0op::NsaCompressGrad(kernelOutputGrad, kernelInput, kernelWeight, seqEnds, compressBlockSize,
                              compressStride, nsa::LayoutName(layout), kernelInputGrad, kernelWeightGrad, l0Executor);
    CHECK_RET(status == ACLNN_SUCCESS, status);
    CHECK_RET(nsa::CopyIntoView(kernelInputGrad, inputGradOut, l0Executor) &&
                  nsa::CopyIntoView(kernelWeightGrad, weightGradOut, l0Executor),
              ACLNN_ERR_INNER_NULLPTR);
    *workspaceSize = uniqueExecutor->GetWorkspaceSize();
    uniqueExecutor.ReleaseTo(executor);
    return ACLNN_SUCCESS;
}

extern "C" aclnnStatus aclnnNsaCompressGrad(void *workspace, uint64_t workspaceSize, aclOpExecutor *executor,
                                            aclrtStream stream)
{
    L2_DFX_PHASE_2(aclnnNsaCompressGrad);
    return CommonOpExecutorRun(workspace, workspaceSize, executor, stream);
}
