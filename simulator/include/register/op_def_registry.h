// Registration of OpDefs: OP_ADD registers an op's prototype (register/op_def.h) at load time,
// and the launcher looks it up by op type.
#ifndef SIM_REGISTER_OP_DEF_REGISTRY_H
#define SIM_REGISTER_OP_DEF_REGISTRY_H

#include <memory>
#include <string>
#include <vector>

#include "register/op_def.h"

namespace ops {

// Takes ownership; called once per op by OP_ADD at load time.
void RegisterOpDef(std::unique_ptr<OpDef> def);
// nullptr when no op of that type was registered.
const OpDef *FindOpDef(const std::string &opType);
// Every registered OpDef, by op type (what opbuild reads from OpDefFactory to write the op-info
// config; simulator/tools/op_configs.cpp does the same).
std::vector<const OpDef *> AllOpDefs();

struct OpDefRegistrar {
    explicit OpDefRegistrar(std::unique_ptr<OpDef> def) { RegisterOpDef(std::move(def)); }
};

}  // namespace ops

#define OP_ADD(opType, ...) \
    static ::ops::OpDefRegistrar g_opDefRegistrar##opType(std::make_unique<opType>(#opType))

#endif
