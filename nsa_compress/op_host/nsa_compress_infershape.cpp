#include "nsa_compress_def.h"
#include "nsa_tiling_front.h"
#include "register/op_impl_registry.h"

namespace ops {
namespace {

// output = [K, N, D] for every layout; K needs the sequence values, so it stays unknown when
// they are not given.
ge::graphStatus InferShapeNsaCompress(gert::InferShapeContext *context)
{
    gert::Shape *output = context->GetOutputShape(nsa::compress::kOutputIndex);
    nsa::ShapeFront front;
    if (output == nullptr || !nsa::ReadShapeFront(context, nsa::compress::kFrontPositions, &front)) {
        return ge::GRAPH_FAILED;
    }
    *output = gert::Shape{front.outputRows, front.axes.headNum, front.axes.headDim};
    return ge::GRAPH_SUCCESS;
}

ge::graphStatus InferDataTypeNsaCompress(gert::InferDataTypeContext *context)
{
    return context->SetOutputDataType(nsa::compress::kOutputIndex,
                                      context->GetInputDataType(nsa::compress::kInputIndex));
}

}  // namespace

IMPL_OP_INFERSHAPE(NsaCompress).InferShape(InferShapeNsaCompress).InferDataType(InferDataTypeNsaCompress);

}  // namespace ops
