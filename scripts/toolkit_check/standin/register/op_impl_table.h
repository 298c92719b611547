// The stand-in's table of op implementations registered with IMPL_OP / IMPL_OP_INFERSHAPE /
// IMPL_OP_OPTILING (gert::OpImplRegisterV2). CANN keeps these in its OpImplRegistry, whose
// header is not part of the public API; this table is the stand-in's own, so that a
// registration really lands somewhere and can be looked up (by this project's own checks).
#pragma once
#include <cstddef>
#include <cstdint>
#include <set>
#include "register/op_impl_registry.h"

namespace gert {
struct StandinOpImpl {
  OpImplRegisterV2::InferShapeKernelFunc infer_shape = nullptr;
  OpImplRegisterV2::InferShapeRangeKernelFunc infer_shape_range = nullptr;
  OpImplRegisterV2::InferDataTypeKernelFunc infer_datatype = nullptr;
  OpImplRegisterV2::TilingKernelFunc tiling = nullptr;
  size_t max_tiling_data_size = 0;
  OpImplRegisterV2::GenSimplifiedKeyKernelFunc gen_simplified_key = nullptr;
  OpImplRegisterV2::KernelFunc tiling_parse = nullptr;
  OpImplRegisterV2::CompileInfoCreatorFunc compile_info_creator = nullptr;
  OpImplRegisterV2::CompileInfoDeleterFunc compile_info_deleter = nullptr;
  OpImplRegisterV2::OpExecFunc op_execute = nullptr;
  OpImplRegisterV2::OpExecPrepareFunc op_execute_prepare = nullptr;
  OpImplRegisterV2::OpExecLaunchFunc op_execute_launch = nullptr;
  OpImplRegisterV2::InferFormatFunc infer_format = nullptr;
  OpImplRegisterV2::OpCalcParamKernelFunc calc_op_param = nullptr;
  OpImplRegisterV2::OpGenTaskKernelFunc gen_task = nullptr;
  OpImplRegisterV2::OP_CHECK_FUNC_V2 check_support = nullptr;
  OpImplRegisterV2::OP_CHECK_FUNC_V2 op_select_format = nullptr;
  OpImplRegisterV2::ExceptionDumpFunc exception_dump = nullptr;
  // IR indexes of the inputs (outputs) each declaration names
  std::set<int32_t> data_dependent_inputs;
  std::set<int32_t> host_inputs;
  std::set<int32_t> tiling_dependent_inputs;
  std::set<int32_t> tiling_on_aicpu_inputs;  // of the tiling-dependent ones, those placed TILING_ON_AICPU
  std::set<int32_t> shape_depends_on_compute_outputs;
  std::set<int32_t> nullable_outputs;
};

// The builder's state (op_impl_registry.h declares the class and keeps it opaque).
class OpImplRegisterV2Impl {
 public:
  ge::AscendString op_type;
  StandinOpImpl functions;
};

// The implementation registered for an op type, or nullptr.
const StandinOpImpl *StandinFindOpImpl(const char *op_type);
}  // namespace gert
