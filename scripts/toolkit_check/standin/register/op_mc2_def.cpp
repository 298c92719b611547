// OpMC2Def: the communication groups and HCCL server type of an MC2 (compute + communication) op.
#include <algorithm>
#include "opdef_impl.h"

namespace ops {
OpMC2Def::OpMC2Def() : impl_(new OpMC2DefImpl) {}
OpMC2Def::OpMC2Def(const OpMC2Def &mc2_def) : impl_(new OpMC2DefImpl(*mc2_def.impl_)) {}
OpMC2Def::~OpMC2Def() = default;

OpMC2Def &OpMC2Def::operator=(const OpMC2Def &mc2_def) {
  if (this != &mc2_def) {
    *impl_ = *mc2_def.impl_;
  }
  return *this;
}

// A group is listed once, in the order first named.
OpMC2Def &OpMC2Def::HcclGroup(const char *value) {
  const ge::AscendString group(value);
  if (std::find(impl_->groups.begin(), impl_->groups.end(), group) == impl_->groups.end()) {
    impl_->groups.push_back(group);
  }
  return *this;
}

OpMC2Def &OpMC2Def::HcclGroup(std::vector<const char *> value) {
  for (const char *group : value) {
    HcclGroup(group);
  }
  return *this;
}

void OpMC2Def::HcclServerType(enum HcclServerType type, const char *soc) {
  impl_->server_types[ge::AscendString(soc == nullptr ? "" : soc)] = type;
}

std::vector<ge::AscendString> &OpMC2Def::GetHcclGroups(void) const { return impl_->groups; }

// With no SoC asked, the answer only says whether any type was set (MAX: none, AICPU: some).
// Otherwise the SoC's own setting, else the one set for every SoC, else MAX.
ops::HcclServerType OpMC2Def::GetHcclServerType(const ge::AscendString &soc_version) const {
  const auto &types = impl_->server_types;
  if (types.empty()) {
    return HcclServerType::MAX;
  }
  if (soc_version.GetLength() == 0) {
    return HcclServerType::AICPU;
  }
  auto it = types.find(soc_version);
  if (it == types.end()) {
    it = types.find(ge::AscendString(""));
  }
  return it == types.end() ? HcclServerType::MAX : it->second;
}
}  // namespace ops
