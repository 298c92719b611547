// Registration of an op's infershape, infer-datatype and tiling functions (runtime 2.0 style).
#ifndef SIM_REGISTER_OP_IMPL_REGISTRY_H
#define SIM_REGISTER_OP_IMPL_REGISTRY_H

#include <cstddef>

#include "exe_graph/runtime/infer_datatype_context.h"
#include "exe_graph/runtime/infer_shape_context.h"
#include "exe_graph/runtime/tiling_context.h"
#include "graph/ge_error_codes.h"

namespace gert {

class OpImplRegisterV2 {
public:
    using InferShapeKernelFunc = ge::graphStatus (*)(InferShapeContext *);
    using InferDataTypeKernelFunc = ge::graphStatus (*)(InferDataTypeContext *);
    using TilingKernelFunc = ge::graphStatus (*)(TilingContext *);

    explicit OpImplRegisterV2(const char *opType);
    OpImplRegisterV2 &InferShape(InferShapeKernelFunc func);
    OpImplRegisterV2 &InferDataType(InferDataTypeKernelFunc func);
    OpImplRegisterV2 &Tiling(TilingKernelFunc func, size_t maxTilingDataSize = 2048);

private:
    const char *opType_;
};

}  // namespace gert

#define SIM_OP_IMPL_CONCAT_INNER(a, b) a##b
#define SIM_OP_IMPL_CONCAT(a, b) SIM_OP_IMPL_CONCAT_INNER(a, b)
#define IMPL_OP_INFERSHAPE(opType) \
    static gert::OpImplRegisterV2 SIM_OP_IMPL_CONCAT(g_infershapeImpl##opType, __COUNTER__) = \
        gert::OpImplRegisterV2(#opType)
#define IMPL_OP_OPTILING(opType) \
    static gert::OpImplRegisterV2 SIM_OP_IMPL_CONCAT(g_tilingImpl##opType, __COUNTER__) = \
        gert::OpImplRegisterV2(#opType)

#endif
