// OpAttrDef: an attribute's type, optionality and default value. Giving a default (Int(3)) also
// sets the type; an attribute is required unless AttrType(OPTIONAL) says otherwise.
#include "opdef_impl.h"
#include "standin_log.h"

namespace ops {
OpAttrDef::OpAttrDef(const char *name) : impl_(new OpAttrDefImpl) { impl_->name = name; }
OpAttrDef::OpAttrDef(const OpAttrDef &attr_def) : impl_(new OpAttrDefImpl(*attr_def.impl_)) {}
OpAttrDef::~OpAttrDef() = default;

OpAttrDef &OpAttrDef::operator=(const OpAttrDef &attr_def) {
  if (this != &attr_def) {
    *impl_ = *attr_def.impl_;
  }
  return *this;
}

bool OpAttrDef::operator==(const OpAttrDef &attr_def) const { return impl_->name == attr_def.impl_->name; }

OpAttrDef &OpAttrDef::AttrType(Option attr_type) {
  // only OPTIONAL changes anything: once optional, AttrType(REQUIRED) does not make it required again
  if (attr_type == Option::OPTIONAL) {
    impl_->required = false;
  }
  return *this;
}

OpAttrDef &OpAttrDef::Bool(void) { impl_->data_type = AttrDataType::ATTR_DT_BOOL; return *this; }
OpAttrDef &OpAttrDef::Float(void) { impl_->data_type = AttrDataType::ATTR_DT_FLOAT; return *this; }
OpAttrDef &OpAttrDef::Int(void) { impl_->data_type = AttrDataType::ATTR_DT_INT; return *this; }
OpAttrDef &OpAttrDef::String(void) { impl_->data_type = AttrDataType::ATTR_DT_STR; return *this; }
OpAttrDef &OpAttrDef::ListBool(void) { impl_->data_type = AttrDataType::ATTR_DT_LIST_BOOL; return *this; }
OpAttrDef &OpAttrDef::ListFloat(void) { impl_->data_type = AttrDataType::ATTR_DT_LIST_FLOAT; return *this; }
OpAttrDef &OpAttrDef::ListInt(void) { impl_->data_type = AttrDataType::ATTR_DT_LIST_INT; return *this; }
OpAttrDef &OpAttrDef::ListListInt(void) { impl_->data_type = AttrDataType::ATTR_DT_LIST_LIST_INT; return *this; }

OpAttrDef &OpAttrDef::Bool(bool value) { impl_->bool_value = value; return Bool(); }
OpAttrDef &OpAttrDef::Float(float value) { impl_->float_value = value; return Float(); }
OpAttrDef &OpAttrDef::Int(int64_t value) { impl_->int_value = value; return Int(); }
OpAttrDef &OpAttrDef::String(const char *value) { impl_->str_value = value; return String(); }
OpAttrDef &OpAttrDef::ListBool(std::vector<bool> value) { impl_->list_bool = value; return ListBool(); }
OpAttrDef &OpAttrDef::ListFloat(std::vector<float> value) { impl_->list_float = value; return ListFloat(); }
OpAttrDef &OpAttrDef::ListInt(std::vector<int64_t> value) { impl_->list_int = value; return ListInt(); }

OpAttrDef &OpAttrDef::ListListInt(std::vector<std::vector<int64_t>> value) {
  impl_->list_list_int = value;
  return ListListInt();
}

OpAttrDef &OpAttrDef::Version(uint32_t version) {
  impl_->version = version;
  return *this;
}

OpAttrDef &OpAttrDef::Comment(const char *comment) {
  if (comment == nullptr || comment[0] == '\0') {
    STANDIN_ERROR("attr %s: empty Comment", impl_->name.GetString());
    return *this;
  }
  impl_->comment = comment;
  return *this;
}

ge::AscendString &OpAttrDef::GetName(void) const { return impl_->name; }
bool OpAttrDef::IsRequired(void) { return impl_->required; }
uint32_t OpAttrDef::GetVersion(void) { return impl_->version; }
ge::AscendString &OpAttrDef::GetComment(void) const { return impl_->comment; }

// The type as the op-info ini spells it ("listInt") and as op_proto spells it ("ListInt").
ge::AscendString &OpAttrDef::GetCfgDataType(void) const {
  static ge::AscendString names[] = {"bool", "float", "int", "str", "listBool", "listFloat", "listInt", "listListInt"};
  return names[static_cast<size_t>(impl_->data_type)];
}

ge::AscendString &OpAttrDef::GetProtoDataType(void) const {
  static ge::AscendString names[] = {"Bool", "Float", "Int", "String", "ListBool", "ListFloat", "ListInt",
                                     "ListListInt"};
  return names[static_cast<size_t>(impl_->data_type)];
}
}  // namespace ops
