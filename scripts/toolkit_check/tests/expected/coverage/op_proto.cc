#include "op_proto.h"
namespace ge {

static ge::graphStatus InferShapeCoverageLists(gert::InferShapeContext* context)
{
    const gert::Shape* z_shape = context->GetInputShape(6);
    gert::Shape* z_shape_out = context->GetOutputShape(1);
    *z_shape_out = *z_shape;
    return GRAPH_SUCCESS;
}
IMPL_OP(CoverageLists).TilingInputsDataDependency({1})
                      .OutputShapeDependOnCompute({1})
                      .InferShape(ge::InferShapeCoverageLists);
}
