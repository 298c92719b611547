#include "aclnn_nsa_compress.h"

#include <string>
#include <vector>

#include "../op_host/nsa_compress_rules.h"
#include "nsa_compress.h"
#include "opdev/common_types.h"
#include "opdev/make_op_executor.h"
#include "opdev/op_dfx.h"
#include "opdev/op_log.h"
#include "opdev/tensor_view_utils.h"

namespace {

constexpr const char *kDefaultLayout = "TND";

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

const char *DtypeName(op::DataType dtype)
{
    switch (dtype) {
        case op::DataType::DT_FLOAT16: return "FLOAT16";
        case op::DataType::DT_BF16: return "BFLOAT16";
        case op::DataType::DT_FLOAT: return "FLOAT";
        default: return "an unsupported dtype";
    }
}

std::string ShapeText(const op::Shape &shape)
{
    std::string text = "[";
    for (size_t i = 0; i < shape.GetDimNum(); ++i) {
        text += (i == 0 ? "" : ", ") + std::to_string(shape.GetDim(i));
    }
    return text + "]";
}

std::string CheckDtypes(const aclTensor *input, const aclTensor *weight, const aclTensor *output)
{
    const op::DataType dtype = input->GetDataType();
    if (dtype != op::DataType::DT_FLOAT16 && dtype != op::DataType::DT_BF16) {
        return std::string("input dtype is ") + DtypeName(dtype) + " (" + std::to_string(dtype) +
               "), it must be FLOAT16 or BFLOAT16.";
    }
    if (weight->GetDataType() != dtype) {
        return std::string("weight dtype is ") + DtypeName(weight->GetDataType()) + ", it must equal the input dtype " +
               DtypeName(dtype) + ".";
    }
    if (output->GetDataType() != dtype) {
        return std::string("output dtype is ") + DtypeName(output->GetDataType()) +
               ", it must equal the input dtype " + DtypeName(dtype) + ".";
    }
    return {};
}

std::string CheckLayoutOf(const char *name, const aclTensor *tensor, size_t dims)
{
    if (tensor->GetViewFormat() != op::Format::FORMAT_ND) {
        return std::string(name) + " format is " + std::to_string(tensor->GetViewFormat()) +
               ", it must be ND (" + std::to_string(op::Format::FORMAT_ND) + ").";
    }
    if (tensor->GetViewShape().GetDimNum() != dims) {
        return std::string(name) + " shape is " + ShapeText(tensor->GetViewShape()) + ", it must have " +
               std::to_string(dims) + " dims.";
    }
    if (!op::IsContiguous(tensor)) {
        return std::string(name) + " is a non-contiguous view of shape " + ShapeText(tensor->GetViewShape()) +
               "; NsaCompress takes contiguous tensors only.";
    }
    return {};
}

std::string CheckWeightShape(const aclTensor *weight, int64_t blockSize, int64_t headNum)
{
    const op::Shape &shape = weight->GetViewShape();
    if (shape.GetDim(0) != blockSize || shape.GetDim(1) != headNum) {
        return "weight shape is " + ShapeText(shape) + ", it must be [compressBlockSize, N] = [" +
               std::to_string(blockSize) + ", " + std::to_string(headNum) + "].";
    }
    return {};
}

std::string CheckOutputShape(const aclTensor *output, int64_t rows, int64_t headNum, int64_t headDim)
{
    const op::Shape &shape = output->GetViewShape();
    if (shape.GetDim(0) != rows || shape.GetDim(1) != headNum || shape.GetDim(2) != headDim) {
        return "output shape is " + ShapeText(shape) + ", it must be [K, N, D] = [" + std::to_string(rows) + ", " +
               std::to_string(headNum) + ", " + std::to_string(headDim) +
               "], K being the number of windows actSeqLen yields.";
    }
    return {};
}

std::string CheckHasData(const char *name, const aclTensor *tensor)
{
    if (!tensor->IsEmpty() && tensor->GetData() == nullptr) {
        return std::string(name) + " has " + std::to_string(tensor->Numel()) + " elements but a null device address.";
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
    NSA_CHECK_NOT_NULL(actSeqLenOptional, ": layout TND needs the sequence list");
    NSA_CHECK_NOT_NULL(output, "");

    const char *layout = layoutOptional == nullptr ? kDefaultLayout : layoutOptional;
    NSA_CHECK(nsa::CheckLayout(layout));
    NSA_CHECK(nsa::CheckSeqLenType(actSeqLenType));
    NSA_CHECK(CheckDtypes(input, weight, output));
    NSA_CHECK(CheckLayoutOf("input", input, 3));
    NSA_CHECK(CheckLayoutOf("weight", weight, 2));
    NSA_CHECK(CheckLayoutOf("output", output, 3));
    const op::Shape &inputShape = input->GetViewShape();
    const nsa::Geometry geometry{inputShape.GetDim(0), inputShape.GetDim(1), inputShape.GetDim(2),
                                          compressBlockSize, compressStride};
    NSA_CHECK(nsa::CheckGeometry(geometry));
    NSA_CHECK(CheckWeightShape(weight, compressBlockSize, geometry.headNum));
    const std::vector<int64_t> values(actSeqLenOptional->GetData(),
                                      actSeqLenOptional->GetData() + actSeqLenOptional->Size());
    std::vector<int64_t> ends;
    NSA_CHECK(nsa::ToCumulativeEnds(values, actSeqLenType, geometry.tokens, &ends));
    const int64_t rows = nsa::OutputRows(ends, compressBlockSize, compressStride);
    NSA_CHECK(CheckOutputShape(output, rows, geometry.headNum, geometry.headDim));
    for (const auto &[name, tensor] : {std::pair<const char *, const aclTensor *>{"input", input},
                                       {"weight", weight}, {"output", output}}) {
        const std::string error = CheckHasData(name, tensor);
        OP_CHECK(error.empty(), OP_LOGE(ACLNN_ERR_PARAM_NULLPTR, "%s", error.c_str()), return ACLNN_ERR_PARAM_NULLPTR);
    }

    auto uniqueExecutor = CREATE_EXECUTOR();
    CHECK_RET(uniqueExecutor.get() != nullptr, ACLNN_ERR_INNER_CREATE_EXECUTOR);
    // Every sequence shorter than the block: nothing to compute, and an empty output is legal.
    if (rows > 0) {
        const aclIntArray *seqEnds = uniqueExecutor->AllocIntArray(ends.data(), ends.size());
        const aclnnStatus status = l0op::NsaCompress(input, weight, seqEnds, layout, compressBlockSize, compressStride,
                                                     output, uniqueExecutor.get());
        CHECK_RET(status == ACLNN_SUCCESS, status);
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
