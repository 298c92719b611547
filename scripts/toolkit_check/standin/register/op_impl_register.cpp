// gert::OpImplRegisterV2, the builder behind IMPL_OP(...).InferShape(...).Tiling(...): the chained
// calls fill the builder, and the copy (or move) into the macro's static variable registers what
// was set. As in CANN, a registration only adds what it sets: IMPL_OP_INFERSHAPE and
// IMPL_OP_OPTILING for one op type complement each other. The copy itself holds nothing.
#include <map>
#include <string>
#include "op_impl_table.h"

namespace gert {
namespace {
std::map<std::string, StandinOpImpl> &Table() {
  static std::map<std::string, StandinOpImpl> table;  // filled during static initialisation
  return table;
}

template <typename T>
void SetIfGiven(T &into, const T &value) {
  if (value != nullptr) {
    into = value;
  }
}

void AddIndexes(std::set<int32_t> &into, const std::set<int32_t> &from) { into.insert(from.begin(), from.end()); }

void Register(const OpImplRegisterV2Impl *builder) {
  if (builder == nullptr) {
    return;
  }
  const StandinOpImpl &from = builder->functions;
  StandinOpImpl &to = Table()[builder->op_type.GetString()];
  SetIfGiven(to.infer_shape, from.infer_shape);
  SetIfGiven(to.infer_shape_range, from.infer_shape_range);
  SetIfGiven(to.infer_datatype, from.infer_datatype);
  if (from.tiling != nullptr) {
    to.tiling = from.tiling;
    to.max_tiling_data_size = from.max_tiling_data_size;
  }
  SetIfGiven(to.gen_simplified_key, from.gen_simplified_key);
  if (from.tiling_parse != nullptr) {
    to.tiling_parse = from.tiling_parse;
    to.compile_info_creator = from.compile_info_creator;
    to.compile_info_deleter = from.compile_info_deleter;
  }
  SetIfGiven(to.op_execute, from.op_execute);
  if (from.op_execute_prepare != nullptr && from.op_execute_launch != nullptr) {
    to.op_execute_prepare = from.op_execute_prepare;
    to.op_execute_launch = from.op_execute_launch;
  }
  SetIfGiven(to.infer_format, from.infer_format);
  SetIfGiven(to.calc_op_param, from.calc_op_param);
  SetIfGiven(to.gen_task, from.gen_task);
  SetIfGiven(to.check_support, from.check_support);
  SetIfGiven(to.op_select_format, from.op_select_format);
  SetIfGiven(to.exception_dump, from.exception_dump);
  AddIndexes(to.data_dependent_inputs, from.data_dependent_inputs);
  AddIndexes(to.host_inputs, from.host_inputs);
  AddIndexes(to.tiling_dependent_inputs, from.tiling_dependent_inputs);
  AddIndexes(to.tiling_on_aicpu_inputs, from.tiling_on_aicpu_inputs);
  AddIndexes(to.shape_depends_on_compute_outputs, from.shape_depends_on_compute_outputs);
  AddIndexes(to.nullable_outputs, from.nullable_outputs);
}
}  // namespace

const StandinOpImpl *StandinFindOpImpl(const char *op_type) {
  const auto it = Table().find(op_type == nullptr ? "" : op_type);
  return it == Table().end() ? nullptr : &it->second;
}

OpImplRegisterV2::OpImplRegisterV2(const ge::char_t *op_type) : impl_(new OpImplRegisterV2Impl) {
  impl_->op_type = op_type;
}
OpImplRegisterV2::OpImplRegisterV2(const OpImplRegisterV2 &register_data) { Register(register_data.impl_.get()); }
OpImplRegisterV2::OpImplRegisterV2(OpImplRegisterV2 &&register_data) noexcept {
  Register(register_data.impl_.get());
}
OpImplRegisterV2::~OpImplRegisterV2() = default;
}  // namespace gert
