// Private state behind the opaque impl_ pointers of register/op_def.h. The public header only
// forward-declares these classes, so this stand-in defines its own layout; nothing outside this
// library sees it.
#pragma once
#include <map>
#include <set>
#include <utility>
#include <vector>
#include "register/op_def.h"

namespace ops {

// How a param declared its dtypes (or formats): not at all, as columns aligned across all params
// (DataType/Format), or as a list every entry of which combines with every other (…List).
enum class Decl { NONE, COLUMNS, LIST };

struct Column;  // column_expansion.h

class OpParamDefImpl {
 public:
  ge::AscendString name;
  Option param_type = Option::REQUIRED;
  Decl type_decl = Decl::NONE;
  Decl format_decl = Decl::NONE;
  std::vector<ge::DataType> types;         // the columns (after expansion: one per ini column)
  std::vector<ge::DataType> origin_types;  // DataType() as written, kept through expansion
  std::vector<ge::DataType> types_list;
  std::vector<ge::Format> formats;
  std::vector<ge::Format> formats_list;
  std::vector<ge::DataType> types_for_bin;
  std::vector<ge::Format> formats_for_bin;
  bool types_for_bin_set = false;
  bool formats_for_bin_set = false;
  std::vector<ge::Format> unknown_shape_formats;
  bool unknown_shape_formats_set = false;
  ge::AscendString value_depend = "";  // "", "required" or "optional": the ini spells it this way
  DependScope depend_scope = DependScope::ALL;
  bool ignore_contiguous = false;
  bool auto_contiguous = false;
  bool is_scalar = false;
  bool is_scalar_list = false;
  ge::AscendString scalar_name = "";
  ge::DataType scalar_type = ge::DT_UNDEFINED;
  uint32_t version = 0;
  InitValueType init_value_type = InitValueType::INIT_VALUE_DEFAULT;
  InitValueNum init_value;
  std::vector<ScalarVar> init_value_list;
  bool output_shape_depends_on_compute = false;
  ge::AscendString follow_name = "";
  FollowType follow_type = FollowType::INVALID_TYPE;
  ge::AscendString comment = "";
  // the registry's own files reach a port's state through here (OpParamDefImpl is OpParamDef's friend)
  static OpParamDefImpl &Of(const OpParamDef &param) { return *param.impl_; }
};

// The inputs and outputs of an OpDef or of an OpAICoreConfig, plus where each name sits (a name
// may be both an input and an output: an in-place port). op_def.h names this class a friend of
// OpDef, whose port bookkeeping types (PortStat, PortFollowInfo) are private.
class OpParamTrunk {
 public:
  using PortRefs = std::vector<std::pair<ge::AscendString, OpDef::PortStat>>;
  using FollowMap = std::map<ge::AscendString, OpDef::PortFollowInfo>;

  OpParamDef &Get(const char *name, bool is_output);
  // Follow(): resolved once per table (port_follow.cpp)
  void ResolveFollows();
  // after column expansion: list followers and To(name) scalars take their target's columns
  void FillListFollowers(const std::vector<Column> &cols, std::vector<OpParamDef> &inputs,
                         std::vector<OpParamDef> &outputs);
  void ResolveScalarTo(const std::vector<Column> &cols, std::vector<OpParamDef> &inputs);
  OpParamDef GetParamDef(const ge::AscendString &name, OpDef::PortStat stat);

  std::vector<OpParamDef> inputs;
  std::vector<OpParamDef> outputs;
  FollowMap where;
  bool follows_resolved = false;
  std::map<ge::AscendString, PortRefs> shape_followers;
  std::map<ge::AscendString, PortRefs> dtype_followers;
  PortRefs dtype_list_followers;
  PortRefs format_list_followers;

 private:
  ge::AscendString FindRoot(const ge::AscendString &self, ge::AscendString next, FollowType type);
  void CopyDeclaration(OpParamDefImpl &me, const OpParamDefImpl &root, OpDef::PortStat stat);
  void ResolveOne(OpParamDefImpl &me, OpDef::PortStat stat);
  OpParamDefImpl &Follower(const PortRefs::value_type &ref, std::vector<OpParamDef> &inputs,
                           std::vector<OpParamDef> &outputs);
};

class OpAttrDefImpl {
 public:
  ge::AscendString name;
  AttrDataType data_type = AttrDataType::ATTR_DT_BOOL;
  bool required = true;
  bool bool_value = false;
  float float_value = 0.0F;
  int64_t int_value = 0;
  ge::AscendString str_value = "";
  std::vector<bool> list_bool;
  std::vector<float> list_float;
  std::vector<int64_t> list_int;
  std::vector<std::vector<int64_t>> list_list_int;
  ge::AscendString rendered_default = "";  // GetAttrDefaultVal returns a reference: it lives here
  uint32_t version = 0;
  ge::AscendString comment = "";
};

// Ordered key/value settings: the ini writes them in the order they were first set.
struct CfgItems {
  std::vector<ge::AscendString> keys;
  std::map<ge::AscendString, ge::AscendString> values;
  void Set(const char *key, const char *value);
  ge::AscendString &Value(const char *key);
};

class OpAICoreConfigImpl {
 public:
  OpParamTrunk ports;
  CfgItems cfg;
  static OpAICoreConfigImpl &Of(const OpAICoreConfig &config) { return *config.impl_; }
};

class OpAICoreDefImpl {
 public:
  gert::OpImplRegisterV2::TilingKernelFunc tiling = nullptr;
  optiling::OP_CHECK_FUNC check_support = nullptr;
  optiling::OP_CHECK_FUNC select_format = nullptr;
  optiling::OP_CHECK_FUNC support_info = nullptr;
  optiling::OP_CHECK_FUNC spec_info = nullptr;
  optiling::PARAM_GENERALIZE_FUNC generalize = nullptr;
  bool launch_zero_element_outputs = false;
  std::map<ge::AscendString, OpAICoreConfig> configs;
};

class OpAICPUDefImpl {
 public:
  CfgItems cfg;
};

class OpHostCPUDefImpl {
 public:
  CfgItems cfg;
};

class OpMC2DefImpl {
 public:
  std::vector<ge::AscendString> groups;
  std::map<ge::AscendString, HcclServerType> server_types;  // "" = for every SoC
};

class OpDefImpl {
 public:
  ge::AscendString op_type;
  OpParamTrunk ports;
  std::vector<OpAttrDef> attrs;
  OpAICoreDef aicore;
  OpAICPUDef aicpu;
  OpHostCPUDef hostcpu;
  OpMC2Def mc2;
  gert::OpImplRegisterV2::InferShapeKernelFunc infer_shape = nullptr;
  gert::OpImplRegisterV2::InferShapeRangeKernelFunc infer_shape_range = nullptr;
  gert::OpImplRegisterV2::InferDataTypeKernelFunc infer_data_type = nullptr;
  ge::AscendString category = "op_proto";  // the default group op_proto headers are filed under
  std::map<CommentSection, std::vector<ge::AscendString>> comments;
  FormatCheckOption format_mode = FormatCheckOption::MAX;  // MAX: not set, the ini omits it
  bool fallback = false;
  // OpParamDef::MergeParam is private; OpDefImpl is among its friends
  static void MergePort(OpParamDef &mine, const OpParamDef &from_config) { mine.MergeParam(from_config); }
};

}  // namespace ops
