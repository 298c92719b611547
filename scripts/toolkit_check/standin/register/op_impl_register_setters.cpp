// gert::OpImplRegisterV2's chained setters: each records one hook or one list of IR indexes in the
// builder (the registration happens when the builder is copied, op_impl_register.cpp). On the
// copy, which holds no builder state, they do nothing, as in CANN.
#include "op_impl_table.h"

namespace gert {
#define STANDIN_SETTER(Name, Type, field)                  \
  OpImplRegisterV2 &OpImplRegisterV2::Name(Type value) {   \
    if (impl_ != nullptr) {                                \
      impl_->functions.field = value;                      \
    }                                                      \
    return *this;                                          \
  }

STANDIN_SETTER(InferShape, InferShapeKernelFunc, infer_shape)
STANDIN_SETTER(InferShapeRange, InferShapeRangeKernelFunc, infer_shape_range)
STANDIN_SETTER(InferDataType, InferDataTypeKernelFunc, infer_datatype)
STANDIN_SETTER(GenSimplifiedKey, GenSimplifiedKeyKernelFunc, gen_simplified_key)
STANDIN_SETTER(OpExecuteFunc, OpExecFunc, op_execute)
STANDIN_SETTER(InferFormat, InferFormatFunc, infer_format)
STANDIN_SETTER(CalcOpParam, OpCalcParamKernelFunc, calc_op_param)
STANDIN_SETTER(GenerateTask, OpGenTaskKernelFunc, gen_task)
STANDIN_SETTER(CheckSupport, OP_CHECK_FUNC_V2, check_support)
STANDIN_SETTER(OpSelectFormat, OP_CHECK_FUNC_V2, op_select_format)
STANDIN_SETTER(ExceptionDumpParseFunc, ExceptionDumpFunc, exception_dump)
#undef STANDIN_SETTER

#define STANDIN_INDEX_SETTER(Name, field)                                         \
  OpImplRegisterV2 &OpImplRegisterV2::Name(std::initializer_list<int32_t> indexes) { \
    if (impl_ != nullptr) {                                                       \
      impl_->functions.field.insert(indexes.begin(), indexes.end());             \
    }                                                                             \
    return *this;                                                                 \
  }

STANDIN_INDEX_SETTER(InputsDataDependency, data_dependent_inputs)
STANDIN_INDEX_SETTER(HostInputs, host_inputs)
STANDIN_INDEX_SETTER(TilingInputsDataDependency, tiling_dependent_inputs)
STANDIN_INDEX_SETTER(OutputShapeDependOnCompute, shape_depends_on_compute_outputs)
STANDIN_INDEX_SETTER(NullableOutputs, nullable_outputs)
#undef STANDIN_INDEX_SETTER

OpImplRegisterV2 &OpImplRegisterV2::Tiling(TilingKernelFunc tiling_func, size_t max_tiling_data_size) {
  if (impl_ != nullptr) {
    impl_->functions.tiling = tiling_func;
    impl_->functions.max_tiling_data_size = max_tiling_data_size;
  }
  return *this;
}

OpImplRegisterV2 &OpImplRegisterV2::TilingParse(KernelFunc tiling_parse_func, CompileInfoCreatorFunc creator_func,
                                                CompileInfoDeleterFunc deleter_func) {
  if (impl_ != nullptr) {
    impl_->functions.tiling_parse = tiling_parse_func;
    impl_->functions.compile_info_creator = creator_func;
    impl_->functions.compile_info_deleter = deleter_func;
  }
  return *this;
}

OpImplRegisterV2 &OpImplRegisterV2::Op2StageExecuteFuncs(OpExecPrepareFunc prepare_func, OpExecLaunchFunc launch_func) {
  if (impl_ != nullptr) {
    impl_->functions.op_execute_prepare = prepare_func;
    impl_->functions.op_execute_launch = launch_func;
  }
  return *this;
}

// Each input gets the placement at its position; the two lists must be of one length.
OpImplRegisterV2 &OpImplRegisterV2::TilingInputsDataDependency(std::initializer_list<int32_t> inputs,
                                                               std::initializer_list<TilingPlacement> placements) {
  if (impl_ == nullptr || inputs.size() != placements.size()) {
    return *this;
  }
  auto placement = placements.begin();
  for (const int32_t input : inputs) {
    impl_->functions.tiling_dependent_inputs.insert(input);
    if (*placement++ == TILING_ON_AICPU) {
      impl_->functions.tiling_on_aicpu_inputs.insert(input);
    }
  }
  return *this;
}
}  // namespace gert
