// OpAICoreConfig: per-SoC settings of the AI Core engine, plus ports that refine the OpDef's for
// that SoC. A new config starts from CANN's defaults, which the ini always lists: dynamic
// compile/format/rank/shape and precision reduction on, check-support off.
#include "opdef_impl.h"

namespace ops {
namespace {
const char *Flag(bool flag) { return flag ? "true" : "false"; }
}  // namespace

OpAICoreConfig::OpAICoreConfig() : impl_(new OpAICoreConfigImpl) {}

OpAICoreConfig::OpAICoreConfig(const char *soc) : impl_(new OpAICoreConfigImpl) {
  (void)soc;  // the SoC is the key the config is added under, not part of the config
  DynamicCompileStaticFlag(true);
  DynamicFormatFlag(true);
  DynamicRankSupportFlag(true);
  DynamicShapeSupportFlag(true);
  NeedCheckSupportFlag(false);
  PrecisionReduceFlag(true);
}

OpAICoreConfig::OpAICoreConfig(const OpAICoreConfig &aicore_config)
    : impl_(new OpAICoreConfigImpl(*aicore_config.impl_)) {}
OpAICoreConfig::~OpAICoreConfig() = default;

OpAICoreConfig &OpAICoreConfig::operator=(const OpAICoreConfig &aicore_config) {
  if (this != &aicore_config) {
    *impl_ = *aicore_config.impl_;
  }
  return *this;
}

OpParamDef &OpAICoreConfig::Input(const char *name) { return impl_->ports.Get(name, false); }
OpParamDef &OpAICoreConfig::Output(const char *name) { return impl_->ports.Get(name, true); }

OpAICoreConfig &OpAICoreConfig::DynamicCompileStaticFlag(bool flag) {
  return ExtendCfgInfo("dynamicCompileStatic.flag", Flag(flag));
}
OpAICoreConfig &OpAICoreConfig::DynamicFormatFlag(bool flag) { return ExtendCfgInfo("dynamicFormat.flag", Flag(flag)); }
OpAICoreConfig &OpAICoreConfig::DynamicRankSupportFlag(bool flag) {
  return ExtendCfgInfo("dynamicRankSupport.flag", Flag(flag));
}
OpAICoreConfig &OpAICoreConfig::DynamicShapeSupportFlag(bool flag) {
  return ExtendCfgInfo("dynamicShapeSupport.flag", Flag(flag));
}
OpAICoreConfig &OpAICoreConfig::NeedCheckSupportFlag(bool flag) {
  return ExtendCfgInfo("needCheckSupport.flag", Flag(flag));
}
OpAICoreConfig &OpAICoreConfig::PrecisionReduceFlag(bool flag) {
  return ExtendCfgInfo("precision_reduce.flag", Flag(flag));
}

OpAICoreConfig &OpAICoreConfig::ExtendCfgInfo(const char *key, const char *value) {
  AddCfgItem(key, value);
  return *this;
}

std::vector<OpParamDef> &OpAICoreConfig::GetInputs(void) const { return impl_->ports.inputs; }
std::vector<OpParamDef> &OpAICoreConfig::GetOutputs(void) const { return impl_->ports.outputs; }
std::vector<ge::AscendString> &OpAICoreConfig::GetCfgKeys(void) { return impl_->cfg.keys; }
std::map<ge::AscendString, ge::AscendString> &OpAICoreConfig::GetCfgInfo(void) { return impl_->cfg.values; }
ge::AscendString &OpAICoreConfig::GetConfigValue(const char *key) { return impl_->cfg.Value(key); }
void OpAICoreConfig::AddCfgItem(const char *key, const char *value) { impl_->cfg.Set(key, value); }
}  // namespace ops
