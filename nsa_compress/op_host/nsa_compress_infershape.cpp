#include "nsa_compress_rules.h"
#include "register/op_impl_registry.h"

namespace ops {
namespace {

using nsa::kBlockSizeAttr;
using nsa::kInputIndex;
using nsa::kOutputIndex;
using nsa::kSeqLenIndex;
using nsa::kSeqLenTypeAttr;
using nsa::kStrideAttr;
// A dim whose value is only known at run time (the sequence list is not constant).
constexpr int64_t kUnknownDim = -1;

// output = [K, N, D]; K needs the sequence values, so it stays unknown when they are not given.
ge::graphStatus InferShapeNsaCompress(gert::InferShapeContext *context)
{
    const gert::Shape *input = context->GetInputShape(kInputIndex);
    gert::Shape *output = context->GetOutputShape(kOutputIndex);
    const gert::RuntimeAttrs *attrs = context->GetAttrs();
    if (input == nullptr || output == nullptr || attrs == nullptr || input->GetDimNum() != 3) {
        return ge::GRAPH_FAILED;
    }
    const int64_t *blockSize = attrs->GetInt(kBlockSizeAttr);
    const int64_t *stride = attrs->GetInt(kStrideAttr);
    const int64_t *seqLenType = attrs->GetInt(kSeqLenTypeAttr);
    if (blockSize == nullptr || stride == nullptr || seqLenType == nullptr ||
        !nsa::CheckBlockAndStride(*blockSize, *stride).empty() ||
        !nsa::CheckSeqLenType(*seqLenType).empty()) {
        return ge::GRAPH_FAILED;
    }
    int64_t rows = kUnknownDim;
    const gert::Tensor *seqLen = context->GetOptionalInputTensor(kSeqLenIndex);
    if (seqLen != nullptr && seqLen->GetData<int64_t>() != nullptr) {
        const int64_t *values = seqLen->GetData<int64_t>();
        std::vector<int64_t> ends;
        if (!nsa::ToCumulativeEnds({values, values + seqLen->GetShapeSize()}, *seqLenType, input->GetDim(0),
                                            &ends)
                 .empty()) {
            return ge::GRAPH_FAILED;
        }
        rows = nsa::OutputRows(ends, *blockSize, *stride);
    }
    *output = gert::Shape{rows, input->GetDim(1), input->GetDim(2)};
    return ge::GRAPH_SUCCESS;
}

ge::graphStatus InferDataTypeNsaCompress(gert::InferDataTypeContext *context)
{
    return context->SetOutputDataType(kOutputIndex, context->GetInputDataType(kInputIndex));
}

}  // namespace

IMPL_OP_INFERSHAPE(NsaCompress).InferShape(InferShapeNsaCompress).InferDataType(InferDataTypeNsaCompress);

}  // namespace ops
