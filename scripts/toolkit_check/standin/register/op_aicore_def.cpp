// OpAICoreDef: the AI Core engine of an OpDef: its per-SoC configs (AddConfig) and the host
// hooks (tiling, check-support, format selection...) that OP_ADD hands to the registries.
#include <cstdio>
#include "opdef_impl.h"

namespace ops {
OpAICoreDef::OpAICoreDef() : impl_(new OpAICoreDefImpl) {}
OpAICoreDef::OpAICoreDef(const OpAICoreDef &aicore_def) : impl_(new OpAICoreDefImpl(*aicore_def.impl_)) {}
OpAICoreDef::~OpAICoreDef() = default;

OpAICoreDef &OpAICoreDef::operator=(const OpAICoreDef &aicore_def) {
  if (this != &aicore_def) {
    *impl_ = *aicore_def.impl_;
  }
  return *this;
}

OpAICoreDef &OpAICoreDef::SetTiling(gert::OpImplRegisterV2::TilingKernelFunc func) {
  impl_->tiling = func;
  return *this;
}
OpAICoreDef &OpAICoreDef::SetCheckSupport(optiling::OP_CHECK_FUNC func) {
  impl_->check_support = func;
  return *this;
}
OpAICoreDef &OpAICoreDef::SetOpSelectFormat(optiling::OP_CHECK_FUNC func) {
  impl_->select_format = func;
  return *this;
}
OpAICoreDef &OpAICoreDef::SetOpSupportInfo(optiling::OP_CHECK_FUNC func) {
  impl_->support_info = func;
  return *this;
}
OpAICoreDef &OpAICoreDef::SetOpSpecInfo(optiling::OP_CHECK_FUNC func) {
  impl_->spec_info = func;
  return *this;
}
OpAICoreDef &OpAICoreDef::SetParamGeneralize(optiling::PARAM_GENERALIZE_FUNC func) {
  impl_->generalize = func;
  return *this;
}
OpAICoreDef &OpAICoreDef::LaunchWithZeroEleOutputTensors(bool launchFlag) {
  impl_->launch_zero_element_outputs = launchFlag;
  return *this;
}

gert::OpImplRegisterV2::TilingKernelFunc &OpAICoreDef::GetTiling(void) { return impl_->tiling; }
optiling::OP_CHECK_FUNC &OpAICoreDef::GetCheckSupport(void) { return impl_->check_support; }
optiling::OP_CHECK_FUNC &OpAICoreDef::GetOpSelectFormat(void) { return impl_->select_format; }
optiling::OP_CHECK_FUNC &OpAICoreDef::GetOpSupportInfo(void) { return impl_->support_info; }
optiling::OP_CHECK_FUNC &OpAICoreDef::GetOpSpecInfo(void) { return impl_->spec_info; }
optiling::PARAM_GENERALIZE_FUNC &OpAICoreDef::GetParamGeneralize(void) { return impl_->generalize; }
bool OpAICoreDef::GetZeroEleOutputLaunchFlag(void) { return impl_->launch_zero_element_outputs; }

OpAICoreDef &OpAICoreDef::AddConfig(const char *soc) {
  OpAICoreConfig defaults(soc);
  return AddConfig(soc, defaults);
}

// Adding a SoC twice replaces its config (the last AddConfig wins).
OpAICoreDef &OpAICoreDef::AddConfig(const char *soc, OpAICoreConfig &aicore_config) {
  impl_->configs.erase(ge::AscendString(soc));
  impl_->configs.emplace(ge::AscendString(soc), aicore_config);
  return *this;
}

std::map<ge::AscendString, OpAICoreConfig> &OpAICoreDef::GetAICoreConfigs(void) { return impl_->configs; }

void OpAICoreDef::Log(const char *op_type, const char *info) const {
  std::fprintf(stderr, "[stand-in register] op %s: %s\n", op_type, info);
}
}  // namespace ops
