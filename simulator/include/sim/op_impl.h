// The registered host functions of an op, collected from IMPL_OP_INFERSHAPE / IMPL_OP_OPTILING
// and from OpDef::SetInferShape / AICore().SetTiling.
#ifndef SIM_OP_IMPL_H
#define SIM_OP_IMPL_H

#include <string>

#include "register/op_impl_registry.h"

namespace sim {

struct OpImpl {
    gert::OpImplRegisterV2::InferShapeKernelFunc inferShape = nullptr;
    gert::OpImplRegisterV2::InferDataTypeKernelFunc inferDataType = nullptr;
    gert::OpImplRegisterV2::TilingKernelFunc tiling = nullptr;
    size_t maxTilingDataSize = 2048;
};

// Creates the entry on first use; registration order between the two macros does not matter.
OpImpl &MutableOpImpl(const std::string &opType);
// nullptr when nothing was registered for `opType`.
const OpImpl *FindOpImpl(const std::string &opType);

}  // namespace sim

#endif
