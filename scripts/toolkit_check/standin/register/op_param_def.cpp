// OpParamDef: construction and the declaration setters an op_host's OpDef constructor calls.
// A setter that is misused logs and leaves the param as it was, as CANN does, so op_build still
// runs and the mistake is visible in its output and on stderr.
#include <cstring>
#include <set>
#include "opdef_impl.h"
#include "standin_log.h"

namespace ops {
namespace {
template <typename T>
bool HasDuplicates(const std::vector<T> &values) {
  return std::set<T>(values.begin(), values.end()).size() != values.size();
}

// Sizes of a ForBinQuery list and of the declaration it shadows must agree, whichever comes first.
bool ForBinSizeOk(bool for_bin_set, size_t for_bin_size, size_t size, const ge::AscendString &name) {
  if (for_bin_set && for_bin_size != size) {
    STANDIN_ERROR("param %s: DataType/Format size differs from its ForBinQuery size", name.GetString());
    return false;
  }
  return true;
}
}  // namespace

OpParamDef::OpParamDef(const char *name) : impl_(new OpParamDefImpl) { impl_->name = name; }
OpParamDef::OpParamDef(const OpParamDef &def) : impl_(new OpParamDefImpl(*def.impl_)) {}
OpParamDef::~OpParamDef() = default;

OpParamDef &OpParamDef::operator=(const OpParamDef &def) {
  if (this != &def) {
    *impl_ = *def.impl_;
  }
  return *this;
}

// Params are the same port when they have the same name (an AICore config refines a port by name).
bool OpParamDef::operator==(const OpParamDef &def) const { return impl_->name == def.impl_->name; }

OpParamDef &OpParamDef::ParamType(Option param_type) {
  impl_->param_type = param_type;
  return *this;
}

OpParamDef &OpParamDef::DataType(std::vector<ge::DataType> types) {
  if (IsDtypeList() || types.empty() ||
      !ForBinSizeOk(impl_->types_for_bin_set, impl_->types_for_bin.size(), types.size(), impl_->name)) {
    STANDIN_ERROR("param %s: DataType ignored (empty, or DataTypeList already set)", impl_->name.GetString());
    return *this;
  }
  impl_->type_decl = Decl::COLUMNS;
  impl_->types = types;
  impl_->origin_types = types;
  return *this;
}

OpParamDef &OpParamDef::DataTypeList(std::vector<ge::DataType> types) {
  if (IsDtype() || types.empty() || HasDuplicates(types) ||
      !ForBinSizeOk(impl_->types_for_bin_set, impl_->types_for_bin.size(), types.size(), impl_->name)) {
    STANDIN_ERROR("param %s: DataTypeList ignored (empty, repeated, or DataType already set)", impl_->name.GetString());
    return *this;
  }
  impl_->type_decl = Decl::LIST;
  impl_->types_list = types;
  return *this;
}

OpParamDef &OpParamDef::Format(std::vector<ge::Format> formats) {
  if (IsFormatList() || formats.empty() ||
      !ForBinSizeOk(impl_->formats_for_bin_set, impl_->formats_for_bin.size(), formats.size(), impl_->name)) {
    STANDIN_ERROR("param %s: Format ignored (empty, or FormatList already set)", impl_->name.GetString());
    return *this;
  }
  impl_->format_decl = Decl::COLUMNS;
  impl_->formats = formats;
  return *this;
}

OpParamDef &OpParamDef::FormatList(std::vector<ge::Format> formats) {
  if (IsFormat() || formats.empty() || HasDuplicates(formats) ||
      !ForBinSizeOk(impl_->formats_for_bin_set, impl_->formats_for_bin.size(), formats.size(), impl_->name)) {
    STANDIN_ERROR("param %s: FormatList ignored (empty, repeated, or Format already set)", impl_->name.GetString());
    return *this;
  }
  impl_->format_decl = Decl::LIST;
  impl_->formats_list = formats;
  return *this;
}

OpParamDef &OpParamDef::DataTypeForBinQuery(std::vector<ge::DataType> types) {
  const size_t declared = IsDtypeList() ? impl_->types_list.size() : impl_->types.size();
  if (types.empty() || (impl_->type_decl != Decl::NONE && declared != types.size())) {
    STANDIN_ERROR("param %s: DataTypeForBinQuery ignored (empty, or size differs)", impl_->name.GetString());
    return *this;
  }
  impl_->types_for_bin = types;
  impl_->types_for_bin_set = true;
  return *this;
}

OpParamDef &OpParamDef::FormatForBinQuery(std::vector<ge::Format> formats) {
  const size_t declared = IsFormatList() ? impl_->formats_list.size() : impl_->formats.size();
  if (formats.empty() || (impl_->format_decl != Decl::NONE && declared != formats.size())) {
    STANDIN_ERROR("param %s: FormatForBinQuery ignored (empty, or size differs)", impl_->name.GetString());
    return *this;
  }
  impl_->formats_for_bin = formats;
  impl_->formats_for_bin_set = true;
  return *this;
}

OpParamDef &OpParamDef::UnknownShapeFormat(std::vector<ge::Format> formats) {
  impl_->unknown_shape_formats = formats;
  impl_->unknown_shape_formats_set = true;
  return *this;
}
}  // namespace ops
