#include <vector>

#include "nsa_compress_def.h"
#include "nsa_rules.h"
#include "nsa_views.h"
#include "register/op_impl_registry.h"

namespace ops {
namespace {

using nsa_compress::kBlockSizeAttr;
using nsa_compress::kInputIndex;
using nsa_compress::kLayoutAttr;
using nsa_compress::kOutputIndex;
using nsa_compress::kSeqLenIndex;
using nsa_compress::kSeqLenTypeAttr;
using nsa_compress::kStrideAttr;
using nsa_compress::kWeightIndex;
// A dim whose value is only known at run time (the sequence list is not constant).
constexpr int64_t kUnknownDim = -1;

// output = [K, N, D] for every layout; K needs the sequence values, so it stays unknown when
// they are not given (a batched layout without a list has every batch S tokens long).
ge::graphStatus InferShapeNsaCompress(gert::InferShapeContext *context)
{
    const gert::Shape *input = context->GetInputShape(kInputIndex);
    const gert::Shape *weight = context->GetInputShape(kWeightIndex);
    gert::Shape *output = context->GetOutputShape(kOutputIndex);
    const gert::RuntimeAttrs *attrs = context->GetAttrs();
    if (input == nullptr || weight == nullptr || output == nullptr || attrs == nullptr || weight->GetDimNum() != 2) {
        return ge::GRAPH_FAILED;
    }
    const int64_t *blockSize = attrs->GetInt(kBlockSizeAttr);
    const int64_t *stride = attrs->GetInt(kStrideAttr);
    const int64_t *seqLenType = attrs->GetInt(kSeqLenTypeAttr);
    nsa::Layout layout = nsa::Layout::kTND;
    if (blockSize == nullptr || stride == nullptr || seqLenType == nullptr ||
        !nsa::ParseLayout(attrs->GetStr(kLayoutAttr), &layout).empty() ||
        input->GetDimNum() != nsa::InputRank(layout) || !nsa::CheckBlockAndStride(*blockSize, *stride).empty() ||
        !nsa::CheckSeqLenType(*seqLenType).empty()) {
        return ge::GRAPH_FAILED;
    }
    const std::vector<int64_t> dims = nsa::DimsOf(*input);
    nsa::InputAxes axes;
    if (!nsa::ReadInputAxes(layout, dims, nsa::ContiguousStrides(dims), weight->GetDim(1), &axes).empty()) {
        return ge::GRAPH_FAILED;
    }
    int64_t rows = kUnknownDim;
    const gert::Tensor *seqLen = context->GetOptionalInputTensor(kSeqLenIndex);
    const bool given = seqLen != nullptr && seqLen->GetData<int64_t>() != nullptr;
    if (given || nsa::IsBatched(layout)) {
        std::vector<int64_t> values;
        if (given) {
            values.assign(seqLen->GetData<int64_t>(), seqLen->GetData<int64_t>() + seqLen->GetShapeSize());
        }
        std::vector<int64_t> ends;
        if (!nsa::SequenceEnds(layout, given ? &values : nullptr, *seqLenType, axes, &ends).empty()) {
            return ge::GRAPH_FAILED;
        }
        rows = nsa::OutputRows(ends, *blockSize, *stride);
    }
    *output = gert::Shape{rows, axes.headNum, axes.headDim};
    return ge::GRAPH_SUCCESS;
}

ge::graphStatus InferDataTypeNsaCompress(gert::InferDataTypeContext *context)
{
    return context->SetOutputDataType(kOutputIndex, context->GetInputDataType(kInputIndex));
}

}  // namespace

IMPL_OP_INFERSHAPE(NsaCompress).InferShape(InferShapeNsaCompress).InferDataType(InferDataTypeNsaCompress);

}  // namespace ops
