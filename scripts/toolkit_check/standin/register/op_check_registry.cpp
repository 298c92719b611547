// optiling::OpCheckFuncRegistry (register/op_check_register.h): the per-op host hooks of the
// AI Core compiler (check-support, format selection, param generalisation, simplified keys,
// replay). OP_ADD fills it when an op_host library is built with OP_TILING_LIB. A later
// registration for the same key replaces an earlier one; a lookup that finds nothing gives nullptr.
#include <map>
#include "register/op_check_register.h"

namespace optiling {
namespace {
template <typename Func>
using ByOp = std::map<ge::AscendString, Func>;

// function-local: registrations run during other libraries' static initialisation
ByOp<ByOp<OP_CHECK_FUNC>> &Capabilities() { static ByOp<ByOp<OP_CHECK_FUNC>> m; return m; }
ByOp<GEN_SIMPLIFIEDKEY_FUNC> &SimplifiedKeys() { static ByOp<GEN_SIMPLIFIEDKEY_FUNC> m; return m; }
ByOp<PARAM_GENERALIZE_FUNC> &Generalizers() { static ByOp<PARAM_GENERALIZE_FUNC> m; return m; }
ByOp<ByOp<REPLAY_FUNC>> &Replays() { static ByOp<ByOp<REPLAY_FUNC>> m; return m; }

template <typename Func>
Func Lookup(const ByOp<Func> &map, const ge::AscendString &key) {
  const auto it = map.find(key);
  return it == map.end() ? nullptr : it->second;
}

template <typename Func>
Func Lookup2(const ByOp<ByOp<Func>> &map, const ge::AscendString &outer, const ge::AscendString &inner) {
  const auto it = map.find(outer);
  return it == map.end() ? nullptr : Lookup(it->second, inner);
}
}  // namespace

void OpCheckFuncRegistry::RegisterOpCapability(const ge::AscendString &check_type, const ge::AscendString &op_type,
                                               OP_CHECK_FUNC func) {
  Capabilities()[check_type][op_type] = func;
}
OP_CHECK_FUNC OpCheckFuncRegistry::GetOpCapability(const ge::AscendString &check_type,
                                                   const ge::AscendString &op_type) {
  return Lookup2(Capabilities(), check_type, op_type);
}
void OpCheckFuncRegistry::RegisterGenSimplifiedKeyFunc(const ge::AscendString &op_type, GEN_SIMPLIFIEDKEY_FUNC func) {
  SimplifiedKeys()[op_type] = func;
}
GEN_SIMPLIFIEDKEY_FUNC OpCheckFuncRegistry::GetGenSimplifiedKeyFun(const ge::AscendString &op_type) {
  return Lookup(SimplifiedKeys(), op_type);
}
void OpCheckFuncRegistry::RegisterParamGeneralize(const ge::AscendString &op_type, PARAM_GENERALIZE_FUNC func) {
  Generalizers()[op_type] = func;
}
PARAM_GENERALIZE_FUNC OpCheckFuncRegistry::GetParamGeneralize(const ge::AscendString &op_type) {
  return Lookup(Generalizers(), op_type);
}
void OpCheckFuncRegistry::RegisterReplay(const ge::AscendString &op_type, const ge::AscendString &soc_version,
                                         REPLAY_FUNC func) {
  Replays()[op_type][soc_version] = func;
}
REPLAY_FUNC OpCheckFuncRegistry::GetReplay(const ge::AscendString &op_type, const ge::AscendString &soc_version) {
  return Lookup2(Replays(), op_type, soc_version);
}

OpCheckFuncHelper::OpCheckFuncHelper(const ge::AscendString &check_type, const ge::AscendString &op_type,
                                     OP_CHECK_FUNC func) {
  OpCheckFuncRegistry::RegisterOpCapability(check_type, op_type, func);
}
OpCheckFuncHelper::OpCheckFuncHelper(const ge::AscendString &op_type, PARAM_GENERALIZE_FUNC func) {
  OpCheckFuncRegistry::RegisterParamGeneralize(op_type, func);
}
ReplayFuncHelper::ReplayFuncHelper(const ge::AscendString &op_type, const ge::AscendString &soc_version,
                                   REPLAY_FUNC func) {
  OpCheckFuncRegistry::RegisterReplay(op_type, soc_version, func);
}
}  // namespace optiling
