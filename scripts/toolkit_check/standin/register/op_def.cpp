// OpDef: an operator's prototype as an op_host declares it (ports, attributes, engines, hooks).
// Constructing one also applies the AICore configs registered for its type with
// REGISTER_OP_AICORE_CONFIG, so those need no AddConfig call in the constructor.
#include <cstring>
#include "register/op_config_registry.h"
#include "opdef_impl.h"
#include "standin_log.h"

namespace ops {
OpDef::OpDef(const char *type) : impl_(new OpDefImpl) {
  impl_->op_type = type;
  for (const auto &soc_and_make : GetOpAllAICoreConfig(type)) {
    if (soc_and_make.second == nullptr) {
      STANDIN_ERROR("op %s: null AICore config registered for %s", type, soc_and_make.first.GetString());
      return;
    }
    OpAICoreConfig config = soc_and_make.second();
    impl_->aicore.AddConfig(soc_and_make.first.GetString(), config);
  }
}

OpDef::OpDef(const OpDef &op_def) : impl_(new OpDefImpl(*op_def.impl_)) {}
OpDef::~OpDef() = default;

OpDef &OpDef::operator=(const OpDef &op_def) {
  if (this != &op_def) {
    *impl_ = *op_def.impl_;
  }
  return *this;
}

OpParamDef &OpDef::Input(const char *name) { return impl_->ports.Get(name, false); }
OpParamDef &OpDef::Output(const char *name) { return impl_->ports.Get(name, true); }
OpAttrDef &OpDef::Attr(const char *name) { return GetOrCreateAttr(name); }

ItemFindStatus OpDef::FindAttr(const char *name, OpAttrDef **attr) {
  for (auto &candidate : impl_->attrs) {
    if (candidate.GetName() == name) {
      *attr = &candidate;
      return ItemFindStatus::ITEM_FIND;
    }
  }
  return ItemFindStatus::ITEM_NOEXIST;
}

OpAttrDef &OpDef::AddAttr(OpAttrDef &attr) {
  impl_->attrs.push_back(attr);
  return impl_->attrs.back();
}

OpAttrDef &OpDef::GetOrCreateAttr(const char *name) {
  OpAttrDef *found = nullptr;
  if (FindAttr(name, &found) == ItemFindStatus::ITEM_FIND) {
    return *found;
  }
  OpAttrDef fresh(name);
  return AddAttr(fresh);
}

// The category names the op_proto header group, so it is one word; other sections accumulate lines.
OpDef &OpDef::Comment(CommentSection section, const char *comment) {
  if (section >= CommentSection::SECTION_MAX || comment == nullptr || comment[0] == '\0') {
    STANDIN_ERROR("op %s: Comment with an invalid section or empty text", impl_->op_type.GetString());
  } else if (section != CommentSection::CATEGORY) {
    impl_->comments[section].emplace_back(comment);
  } else if (std::strchr(comment, ' ') != nullptr) {
    STANDIN_ERROR("op %s: a category is one word", impl_->op_type.GetString());
  } else {
    impl_->category = comment;
  }
  return *this;
}

OpDef &OpDef::SetInferShape(gert::OpImplRegisterV2::InferShapeKernelFunc func) {
  impl_->infer_shape = func;
  return *this;
}
OpDef &OpDef::SetInferShapeRange(gert::OpImplRegisterV2::InferShapeRangeKernelFunc func) {
  impl_->infer_shape_range = func;
  return *this;
}
OpDef &OpDef::SetInferDataType(gert::OpImplRegisterV2::InferDataTypeKernelFunc func) {
  impl_->infer_data_type = func;
  return *this;
}
OpDef &OpDef::FormatMatchMode(FormatCheckOption option) {
  impl_->format_mode = option;
  return *this;
}
OpDef &OpDef::EnableFallBack(void) {
  impl_->fallback = true;
  return *this;
}
}  // namespace ops
