// OpParamDef: the setters for value dependence, contiguity, scalars, Follow, initial values and
// documentation (the rest of what an OpDef constructor may call on a port).
#include <cstring>
#include "opdef_impl.h"
#include "standin_log.h"

namespace ops {
OpParamDef &OpParamDef::ValueDepend(Option value_depend) {
  // the ini and aclnn generators test the spelled-out word, so it is stored spelled out
  if (value_depend == Option::REQUIRED || value_depend == Option::OPTIONAL) {
    impl_->value_depend = value_depend == Option::REQUIRED ? "required" : "optional";
    impl_->depend_scope = DependScope::ALL;
  } else {
    impl_->value_depend = "";
    STANDIN_WARN("param %s: ValueDepend takes REQUIRED or OPTIONAL", impl_->name.GetString());
  }
  return *this;
}

OpParamDef &OpParamDef::ValueDepend(Option value_depend, DependScope scope) {
  if (scope >= DependScope::INVALID_SCOPE) {
    STANDIN_ERROR("param %s: invalid DependScope", impl_->name.GetString());
    return *this;
  }
  if (ValueDepend(value_depend).IsValueDepend()) {
    impl_->depend_scope = scope;
  }
  return *this;
}

OpParamDef &OpParamDef::IgnoreContiguous(void) {
  impl_->ignore_contiguous = true;
  return *this;
}

OpParamDef &OpParamDef::AutoContiguous() {
  impl_->auto_contiguous = true;
  return *this;
}

OpParamDef &OpParamDef::Scalar() {
  impl_->is_scalar = true;
  return *this;
}

OpParamDef &OpParamDef::ScalarList() {
  impl_->is_scalar_list = true;
  return *this;
}

// To() says which dtype a scalar input is converted to: a fixed one, or the dtype of another input.
OpParamDef &OpParamDef::To(const ge::DataType type) {
  if (!IsScalarOrScalarList() || impl_->follow_type != FollowType::INVALID_TYPE) {
    STANDIN_ERROR("param %s: To needs Scalar/ScalarList and no Follow", impl_->name.GetString());
    return *this;
  }
  impl_->scalar_type = type;
  return *this;
}

OpParamDef &OpParamDef::To(const char *name) {
  if (!IsScalarOrScalarList() || impl_->follow_type != FollowType::INVALID_TYPE) {
    STANDIN_ERROR("param %s: To needs Scalar/ScalarList and no Follow", impl_->name.GetString());
    return *this;
  }
  impl_->scalar_name = name;
  return *this;
}

OpParamDef &OpParamDef::Version(uint32_t version) {
  impl_->version = version;
  return *this;
}

OpParamDef &OpParamDef::InitValue(uint64_t value) {
  impl_->init_value.value_u64 = value;
  impl_->init_value_type = InitValueType::INIT_VALUE_UINT64_T;
  return *this;
}

OpParamDef &OpParamDef::InitValue(const ScalarVar &value) {
  return InitValue(std::vector<ScalarVar>{value});
}

OpParamDef &OpParamDef::InitValue(const std::vector<ScalarVar> &value) {
  if (!impl_->init_value_list.empty()) {
    STANDIN_WARN("param %s: InitValue set twice, the last one wins", impl_->name.GetString());
  }
  impl_->init_value_list = value;
  return *this;
}

OpParamDef &OpParamDef::OutputShapeDependOnCompute() {
  impl_->output_shape_depends_on_compute = true;
  return *this;
}

OpParamDef &OpParamDef::Follow(const char *paramName) { return Follow(paramName, FollowType::ALL); }

OpParamDef &OpParamDef::Follow(const char *paramName, FollowType ftype) {
  if (IsScalarTypeSet() || IsScalarNameSet() || ftype >= FollowType::INVALID_TYPE) {
    STANDIN_ERROR("param %s: Follow needs a valid FollowType and no To", impl_->name.GetString());
    return *this;
  }
  impl_->follow_name = paramName;
  impl_->follow_type = ftype;
  return *this;
}

OpParamDef &OpParamDef::Comment(const char *comment) {
  if (comment == nullptr || comment[0] == '\0') {
    STANDIN_ERROR("param %s: empty Comment", impl_->name.GetString());
    return *this;
  }
  impl_->comment = comment;
  return *this;
}
}  // namespace ops
