// OpDefFactory: the registry OP_ADD fills when an op_host library is loaded, and op_build reads.
// Ops are listed in registration order (the order op_build writes them); an op registered both
// ways is created from the V2 (function pointer) registration.
#include <map>
#include <set>
#include "register/op_def_factory.h"

namespace ops {
namespace {
struct Registry {
  std::vector<ge::AscendString> order;
  std::map<ge::AscendString, OpDefCreator> creators;
  std::map<ge::AscendString, OpDefFuncPtr> creators_v2;
  std::set<ge::AscendString> tiling_sink;
};

// constructed on first use: OP_ADD runs during other libraries' static initialisation
Registry &TheRegistry() {
  static Registry registry;
  return registry;
}
}  // namespace

int OpDefFactory::OpDefRegister(const char *name, OpDefCreator creator) {
  TheRegistry().creators.emplace(name, creator);
  TheRegistry().order.emplace_back(name);
  return 0;
}

int OpDefFactory::OpDefRegisterV2(const char *name, OpDefFuncPtr ptr) {
  TheRegistry().creators_v2.emplace(name, ptr);
  TheRegistry().order.emplace_back(name);
  return 0;
}

// An unknown name yields an OpDef of type "default" with nothing declared.
OpDef OpDefFactory::OpDefCreate(const char *name) {
  const ge::AscendString key(name);
  const auto v2 = TheRegistry().creators_v2.find(key);
  if (v2 != TheRegistry().creators_v2.end()) {
    return v2->second(name);
  }
  const auto v1 = TheRegistry().creators.find(key);
  if (v1 != TheRegistry().creators.end()) {
    return v1->second(name);
  }
  return OpDef("default");
}

std::vector<ge::AscendString> &OpDefFactory::GetAllOp(void) { return TheRegistry().order; }
void OpDefFactory::OpTilingSinkRegister(const char *opType) { TheRegistry().tiling_sink.emplace(opType); }
bool OpDefFactory::OpIsTilingSink(const char *opType) { return TheRegistry().tiling_sink.count(opType) != 0; }
}  // namespace ops
