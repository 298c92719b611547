#include "nsa_compress_grad_def.h"
#include "nsa_tiling_front.h"
#include "register/op_impl_registry.h"

namespace ops {
namespace {

using nsa::compress_grad::kInputGradIndex;
using nsa::compress_grad::kInputIndex;
using nsa::compress_grad::kWeightGradIndex;
using nsa::compress_grad::kWeightIndex;

// inputGrad has input's shape and weightGrad weight's, in every layout, once the shared front
// (the forward's too) has accepted the attributes, the shapes and the sequence list.
ge::graphStatus InferShapeNsaCompressGrad(gert::InferShapeContext *context)
{
    const gert::Shape *input = context->GetInputShape(kInputIndex);
    const gert::Shape *weight = context->GetInputShape(kWeightIndex);
    gert::Shape *inputGrad = context->GetOutputShape(kInputGradIndex);
    gert::Shape *weightGrad = context->GetOutputShape(kWeightGradIndex);
    nsa::ShapeFront front;
    if (input == nullptr || weight == nullptr || inputGrad == nullptr || weightGrad == nullptr ||
        !nsa::ReadShapeFront(context, nsa::compress_grad::kFrontPositions, &front)) {
        return ge::GRAPH_FAILED;
    }
    *inputGrad = *input;
    *weightGrad = *weight;
    return ge::GRAPH_SUCCESS;
}

ge::graphStatus InferDataTypeNsaCompressGrad(gert::InferDataTypeContext *context)
{
    if (context->SetOutputDataType(kInputGradIndex, context->GetInputDataType(kInputIndex)) != ge::GRAPH_SUCCESS) {
        return ge::GRAPH_FAILED;
    }
    return context->SetOutputDataType(kWeightGradIndex, context->GetInputDataType(kWeightIndex));
}

}  // namespace

IMPL_OP_INFERSHAPE(NsaCompressGrad).InferShape(InferShapeNsaCompressGrad).InferDataType(InferDataTypeNsaCompressGrad);

}  // namespace ops
