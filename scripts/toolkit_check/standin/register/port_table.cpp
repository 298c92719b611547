// OpParamTrunk: the ordered inputs and outputs of an OpDef (or an AICore config). Input("x") on an
// existing name returns that port, so a constructor may refine a port in several statements.
#include "opdef_impl.h"

namespace ops {
namespace {
OpParamDef *FindByName(std::vector<OpParamDef> &ports, const char *name) {
  for (auto &port : ports) {
    if (OpParamDefImpl::Of(port).name == name) {
      return &port;
    }
  }
  return nullptr;
}
}  // namespace

OpParamDef &OpParamTrunk::Get(const char *name, bool is_output) {
  std::vector<OpParamDef> &ports = is_output ? outputs : inputs;
  OpParamDef *found = FindByName(ports, name);
  if (found != nullptr) {
    return *found;
  }
  // a name that is already a port of the other direction becomes an in-place (INOUT) port
  const ge::AscendString key(name);
  const auto known = where.find(key);
  OpDef::PortFollowInfo info = known == where.end() ? OpDef::PortFollowInfo() : known->second;
  if (known != where.end()) {
    info.port_stat = OpDef::PortStat::INOUT;
  } else {
    info.port_stat = is_output ? OpDef::PortStat::OUT : OpDef::PortStat::IN;
  }
  (is_output ? info.index_out : info.index_in) = static_cast<uint32_t>(ports.size());
  where[key] = info;
  ports.emplace_back(name);
  return ports.back();
}

// An in-place port is looked up as an input unless the output side is asked for.
OpParamDef OpParamTrunk::GetParamDef(const ge::AscendString &name, OpDef::PortStat stat) {
  const OpDef::PortFollowInfo &info = where[name];
  return stat == OpDef::PortStat::OUT ? outputs[info.index_out] : inputs[info.index_in];
}
}  // namespace ops
