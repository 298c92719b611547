#include "aclnn_nsa_compress.h"

#include <string>
#include <vector>

#include "nsa_rules.h"
#include "nsa_views.h"
#include "nsa_compress.h"
#include "opdev/common_types.h"
#include "opdev/shape_utils.h"
#include "opdev/make_op_executor.h"
#include "opdev/op_dfx.h"
#include "opdev/op_log.h"
#include "kernel_tensors.h"
#include "tensor_checks.h"

namespace {

struct NamedTensor {
    const char *name;
    const aclTensor *tensor;
    size_t dims;
};

// opdev has no null check for aclnn objects; workspaceSize and executor are checked by
// L2_DFX_PHASE_1 itself.
#define NSA_CHECK_NOT_NULL(param, rule)                                                            \
    OP_CHECK((param) != nullptr, OP_LOGE(ACLNN_ERR_PARAM_NULLPTR, "%s must not be a null pointer%s.", #param, rule), \
             return ACLNN_ERR_PARAM_NULLPTR)

#define NSA_CHECK(error)                                                 \
    do {                                                                 \
        const std::string nsaCheckError = (error);                       \
        if (!nsaCheckError.empty()) {                                    \
            OP_LOGE(ACLNN_ERR_PARAM_INVALID, "%s", nsaCheckError.c_str()); \
            return ACLNN_ERR_PARAM_INVALID;                              \
        }                                                                \
    } while (0)

std::string CheckDtypes(const aclTensor *input, const aclTensor *weight, const aclTensor *output)
{
    const op::DataType dtype = input->GetDataType();
    if (dtype != op::DataType::DT_FLOAT16 && dtype != op::DataType::DT_BF16) {
        return std::string("input dtype is ") + op::ToString(dtype).GetString() + ", it must be " +
               op::ToString(op::DataType::DT_FLOAT16).GetString() + " or " +
               op::ToString(op::DataType::DT_BF16).GetString() + ".";
    }
    for (const auto &[name, tensor] : {std::pair<const char *, const aclTensor *>{"weight", weight}, {"output", output}}) {
        if (tensor->GetDataType() != dtype) {
            return std::string(name) + " dtype is " + op::ToString(tensor->GetDataType()).GetString() +
                   ", it must equal the input dtype " + op::ToString(dtype).GetString() + ".";
        }
    }
    return {};
}

std::string CheckWeightShape(const aclTensor *weight, int64_t blockSize, int64_t headNum)
{
    const op::Shape &shape = weight->GetViewShape();
    if (shape.GetDim(0) != blockSize || shape.GetDim(1) != headNum) {
        return std::string("weight shape is ") + op::ToString(shape).GetString() + ", it must be [compressBlockSize, N] = [" +
               std::to_string(blockSize) + ", " + std::to_string(headNum) + "].";
    }
    return {};
}

std::string CheckOutputShape(const aclTensor *output, int64_t rows, int64_t headNum, int64_t headDim)
{
    const op::Shape &shape = output->GetViewShape();
    if (shape.GetDim(0) != rows || shape.GetDim(1) != headNum || shape.GetDim(2) != headDim) {
        return std::string("output shape is ") + op::ToString(shape).GetString() + ", it must be [K, N, D] = [" + std::to_string(rows) + ", " +
               std::to_string(headNum) + ", " + std::to_string(headDim) +
               "], K being the number of windows actSeqLen yields.";
    }
    return {};
}

}  // namespace

extern "C" aclnnStatus aclnnNsaCompressGetWorkspaceSize(const aclTensor *input, const aclTensor *weight,
                                                        const aclIntArray *actSeqLenOptional, char *layoutOptional,
                                                        int64_t compressBlockSize, int64_t compressStride,
                                                        int64_t actSeqLenType, aclTensor *output,
                                                        uint64_t *workspaceSize, aclOpExecutor **executor)
{
    L2_DFX_PHASE_1(aclnnNsaCompress, DFX_IN(input, weight, actSeqLenOptional, layoutOptional, compressBlockSize,
                                            compressStride, actSeqLenType),
                   DFX_OUT(output));
    NSA_CHECK_NOT_NULL(input, "");
    NSA_CHECK_NOT_NULL(weight, "");
    NSA_CHECK_NOT_NULL(output, "");

    nsa::Layout layout = nsa::Layout::kTND;
    NSA_CHECK(nsa::ParseLayout(layoutOptional, &layout));
    if (!nsa::IsBatched(layout)) {
        NSA_CHECK_NOT_NULL(actSeqLenOptional, ": layout TND needs the sequence list");
    }
    NSA_CHECK(nsa::CheckSeqLenType(actSeqLenType));
    NSA_CHECK(CheckDtypes(input, weight, output));
    const NamedTensor tensors[] = {{"input", input, nsa::InputRank(layout)}, {"weight", weight, 2},
                                   {"output", output, 3}};
    for (const NamedTensor &t : tensors) {
        NSA_CHECK(nsa::CheckNdRank(t.name, t.tensor, t.dims));
        NSA_CHECK(nsa::CheckAddressable(t.name, t.tensor));
    }
    nsa::InputAxes axes;
    NSA_CHECK(nsa::ReadInputAxes(layout, nsa::ViewDims(input), nsa::ViewStrides(input),
                                 weight->GetViewShape().GetDim(1), &axes));
    NSA_CHECK(nsa::CheckBatches(layout, axes));
    const nsa::Geometry geometry = nsa::GeometryOf(layout, axes, compressBlockSize, compressStride);
    NSA_CHECK(nsa::CheckGeometry(geometry));
    NSA_CHECK(CheckWeightShape(weight, compressBlockSize, geometry.headNum));
    std::vector<int64_t> values;
    if (actSeqLenOptional != nullptr) {
        values.assign(actSeqLenOptional->GetData(), actSeqLenOptional->GetData() + actSeqLenOptional->Size());
    }
    std::vector<int64_t> ends;
    NSA_CHECK(nsa::SequenceEnds(layout, actSeqLenOptional == nullptr ? nullptr : &values, actSeqLenType, axes,
                                &ends));
    const int64_t rows = nsa::OutputRows(ends, compressBlockSize, compressStride);
    NSA_CHECK(CheckOutputShape(output, rows, geometry.headNum, geometry.headDim));
    for (const NamedTensor &t : tensors) {
        const std::string error = nsa::CheckHasData(t.name, t.tensor);
        OP_CHECK(error.empty(), OP_LOGE(ACLNN_ERR_PARAM_NULLPTR, "%s", error.c_str()), return ACLNN_ERR_PARAM_NULLPTR);
    }
    NSA_CHECK(nsa::CheckDistinctElements("output", output));
    NSA_CHECK(nsa::CheckNoOverlap("output", output, "input", input));
    NSA_CHECK(nsa::CheckNoOverlap("output", output, "weight", weight));

    auto uniqueExecutor = CREATE_EXECUTOR();
    CHECK_RET(uniqueExecutor.get() != nullptr, ACLNN_ERR_INNER_CREATE_EXECUTOR);
    // Every sequence shorter than the block: nothing to compute, and an empty output is legal.
    if (rows > 0) {
        aclOpExecutor *l0Executor = uniqueExecutor.get();
        const aclTensor *kernelInput = nsa::KernelInput(input, l0Executor);
        const aclTensor *kernelWeight = nsa::KernelInput(weight, l0Executor);
        CHECK_RET(kernelInput != nullptr && kernelWeight != nullptr, ACLNN_ERR_INNER_NULLPTR);
        const aclTensor *kernelOutput = nsa::KernelOutput(output, l0Executor);
        CHECK_RET(kernelOutput != nullptr, ACLNN_ERR_INNER_NULLPTR);
        const aclIntArray *seqEnds = l0Executor->AllocIntArray(ends.data(), ends.size());
        const aclnnStatus status = l0op::NsaCompress(kernelInput, kernelWeight, seqEnds, nsa::LayoutName(layout),
                                                     compressBlockSize, compressStride, kernelOutput, l0Executor);
        CHECK_RET(status == ACLNN_SUCCESS, status);
        CHECK_RET(nsa::CopyIntoView(kernelOutput, output, l0Executor), ACLNN_ERR_INNER_NULLPTR);
    }
    *workspaceSize = uniqueExecutor->GetWorkspaceSize();
    uniqueExecutor.ReleaseTo(executor);
    return ACLNN_SUCCESS;
}

extern "C" aclnnStatus aclnnNsaCompress(void *workspace, uint64_t workspaceSize, aclOpExecutor *executor,
                                        aclrtStream stream)
{
    L2_DFX_PHASE_2(aclnnNsaCompress);
    return CommonOpExecutorRun(workspace, workspaceSize, executor, stream);
}
