// REGISTER_OP_AICORE_CONFIG's registry: per op type and SoC, a function making that SoC's
// AICore config; every OpDef of the type gets them when constructed (op_def.cpp).
#include "register/op_config_registry.h"
#include "standin_log.h"

namespace ops {
namespace {
using SocConfigs = std::map<ge::AscendString, OpAICoreConfigFunc>;

std::map<ge::AscendString, SocConfigs> &Configs() {
  static std::map<ge::AscendString, SocConfigs> configs;  // first use may be in static init
  return configs;
}
}  // namespace

OpConfigRegistry::OpConfigRegistry() = default;

// A second registration for the same op and SoC replaces the first.
void OpConfigRegistry::RegisterOpAICoreConfig(const char *name, const char *socVersion, OpAICoreConfigFunc func) {
  if (name == nullptr || socVersion == nullptr) {
    STANDIN_ERROR("REGISTER_OP_AICORE_CONFIG without an op name or SoC");
    return;
  }
  Configs()[ge::AscendString(name)][ge::AscendString(socVersion)] = func;
}

std::map<ge::AscendString, OpAICoreConfigFunc> GetOpAllAICoreConfig(const char *name) {
  if (name == nullptr) {
    return {};
  }
  const auto it = Configs().find(ge::AscendString(name));
  return it == Configs().end() ? SocConfigs() : it->second;
}
}  // namespace ops
