// OpParamDef: what op_build's generators read back, and MergeParam (an AICore config's port
// refining the OpDef's port of the same name).
#include <cstring>
#include "opdef_impl.h"
#include "standin_log.h"

namespace ops {
ge::AscendString &OpParamDef::GetParamName(void) const { return impl_->name; }
Option OpParamDef::GetParamType(void) { return impl_->param_type; }

// Before expansion a DataTypeList port has no columns yet; its list stands in for them.
std::vector<ge::DataType> &OpParamDef::GetDataTypes(void) {
  return impl_->types.empty() ? impl_->types_list : impl_->types;
}

std::vector<ge::DataType> &OpParamDef::GetOriginDataTypes(void) { return impl_->origin_types; }
std::vector<ge::DataType> &OpParamDef::GetDataTypesList(void) { return impl_->types_list; }
std::vector<ge::DataType> &OpParamDef::GetDataTypesForBin(void) const { return impl_->types_for_bin; }
std::vector<ge::Format> &OpParamDef::GetFormats(void) { return impl_->formats; }
std::vector<ge::Format> &OpParamDef::GetFormatsList(void) { return impl_->formats_list; }
std::vector<ge::Format> &OpParamDef::GetFormatsForBin(void) const { return impl_->formats_for_bin; }
std::vector<ge::Format> &OpParamDef::GetUnknownShapeFormats(void) { return impl_->unknown_shape_formats; }
ge::AscendString &OpParamDef::GetValueDepend(void) const { return impl_->value_depend; }
DependScope &OpParamDef::GetDependScope(void) const { return impl_->depend_scope; }
ge::AscendString &OpParamDef::GetFollowName(void) const { return impl_->follow_name; }
FollowType &OpParamDef::GetFollowType(void) const { return impl_->follow_type; }
ge::AscendString &OpParamDef::GetComment(void) const { return impl_->comment; }
bool OpParamDef::GetIgnoreContiguous(void) { return impl_->ignore_contiguous; }
bool OpParamDef::GetAutoContiguous(void) { return impl_->auto_contiguous; }
bool OpParamDef::IsScalar(void) const { return impl_->is_scalar; }
bool OpParamDef::IsScalarList(void) const { return impl_->is_scalar_list; }
bool OpParamDef::IsScalarOrScalarList(void) const { return impl_->is_scalar || impl_->is_scalar_list; }
bool OpParamDef::IsScalarTypeSet(void) const { return impl_->scalar_type != ge::DT_UNDEFINED; }
bool OpParamDef::IsScalarNameSet(void) const { return impl_->scalar_name.GetLength() > 0; }
bool OpParamDef::IsValueDepend(void) const { return impl_->value_depend.GetLength() > 0; }
bool OpParamDef::IsDtype(void) const { return impl_->type_decl == Decl::COLUMNS; }
bool OpParamDef::IsDtypeList(void) const { return impl_->type_decl == Decl::LIST; }
bool OpParamDef::IsFormat(void) const { return impl_->format_decl == Decl::COLUMNS; }
bool OpParamDef::IsFormatList(void) const { return impl_->format_decl == Decl::LIST; }
bool OpParamDef::IsOutputShapeDependOnCompute(void) const { return impl_->output_shape_depends_on_compute; }
bool OpParamDef::IsSetDtypeForBin(void) const { return impl_->types_for_bin_set; }
bool OpParamDef::IsSetFormatForBin(void) const { return impl_->formats_for_bin_set; }
ge::AscendString &OpParamDef::GetScalarName(void) const { return impl_->scalar_name; }
ge::DataType OpParamDef::GetScalarType(void) const { return impl_->scalar_type; }
uint32_t OpParamDef::GetVersion(void) { return impl_->version; }
InitValueType &OpParamDef::GetInitValueType(void) { return impl_->init_value_type; }
InitValueNum &OpParamDef::GetInitValue(void) { return impl_->init_value; }
std::vector<ScalarVar> &OpParamDef::GetInitValueList(void) { return impl_->init_value_list; }

// The config's port wins wherever it says something: declaration lists only when it declared
// them (an empty list means "as in the OpDef"), the flags and scalar/follow settings always.
void OpParamDef::MergeParam(const OpParamDef &def) {
  OpParamDefImpl &mine = *impl_;
  const OpParamDefImpl &cfg = *def.impl_;
  mine.param_type = cfg.param_type;
  if (!cfg.types.empty()) {
    mine.types = cfg.types;
    mine.origin_types = cfg.origin_types;
  }
  if (!cfg.types_list.empty()) mine.types_list = cfg.types_list;
  if (!cfg.formats.empty()) mine.formats = cfg.formats;
  if (!cfg.formats_list.empty()) mine.formats_list = cfg.formats_list;
  if (cfg.value_depend.GetLength() > 0) mine.value_depend = cfg.value_depend;
  if (cfg.unknown_shape_formats_set) mine.unknown_shape_formats = cfg.unknown_shape_formats;
  if (!cfg.types_for_bin.empty()) {
    mine.types_for_bin = cfg.types_for_bin;
    mine.types_for_bin_set = cfg.types_for_bin_set;
  }
  if (!cfg.formats_for_bin.empty()) {
    mine.formats_for_bin = cfg.formats_for_bin;
    mine.formats_for_bin_set = cfg.formats_for_bin_set;
  }
  mine.type_decl = cfg.type_decl;
  mine.format_decl = cfg.format_decl;
  mine.init_value_type = cfg.init_value_type;
  mine.init_value = cfg.init_value;
  mine.init_value_list = cfg.init_value_list;
  mine.ignore_contiguous = cfg.ignore_contiguous;
  mine.auto_contiguous = cfg.auto_contiguous;
  mine.is_scalar = cfg.is_scalar;
  mine.is_scalar_list = cfg.is_scalar_list;
  mine.scalar_name = cfg.scalar_name;
  mine.scalar_type = cfg.scalar_type;
  mine.version = cfg.version;
  mine.output_shape_depends_on_compute = cfg.output_shape_depends_on_compute;
  mine.depend_scope = cfg.depend_scope;
  mine.follow_name = cfg.follow_name;
  mine.follow_type = cfg.follow_type;
  mine.comment = cfg.comment;
}
}  // namespace ops
