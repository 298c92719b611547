// OpAICPUDef and OpHostCPUDef: the two CPU engines have the same API and differ only in their
// default engine and kernel library, so one macro defines both. A new engine starts with every
// opInfo key the CPU op-info ini expects; the boolean ones are written "True"/"False" there.
#include "opdef_impl.h"

#define STANDIN_CPU_ENGINE(Def, Impl, kEngine, kKernelLib)                                               \
  Def::Def() : impl_(new Impl) {                                                                        \
    Engine(kEngine).FlagPartial(false).ComputeCost("100").FlagAsync(false).OpKernelLib(kKernelLib);     \
    KernelSo("libcpu_kernels.so").FunctionName("RunCpuKernel").UserDefined(false);                      \
  }                                                                                                     \
  Def::Def(const Def &other) : impl_(new Impl(*other.impl_)) {}                                         \
  Def::~Def() = default;                                                                                \
  Def &Def::operator=(const Def &other) {                                                               \
    if (this != &other) {                                                                               \
      *impl_ = *other.impl_;                                                                            \
    }                                                                                                   \
    return *this;                                                                                       \
  }                                                                                                     \
  Def &Def::Engine(const char *value) { return ExtendCfgInfo("opInfo.engine", value); }                 \
  Def &Def::FlagPartial(bool flag) { return ExtendCfgInfo("opInfo.flagPartial", Py(flag)); }            \
  Def &Def::ComputeCost(const char *value) { return ExtendCfgInfo("opInfo.computeCost", value); }       \
  Def &Def::FlagAsync(bool flag) { return ExtendCfgInfo("opInfo.flagAsync", Py(flag)); }                \
  Def &Def::OpKernelLib(const char *value) { return ExtendCfgInfo("opInfo.opKernelLib", value); }       \
  Def &Def::KernelSo(const char *value) { return ExtendCfgInfo("opInfo.kernelSo", value); }             \
  Def &Def::FunctionName(const char *value) { return ExtendCfgInfo("opInfo.functionName", value); }     \
  Def &Def::UserDefined(bool flag) { return ExtendCfgInfo("opInfo.userDefined", Py(flag)); }            \
  Def &Def::ExtendCfgInfo(const char *key, const char *value) {                                         \
    AddCfgItem(key, value);                                                                             \
    return *this;                                                                                       \
  }                                                                                                     \
  std::vector<ge::AscendString> &Def::GetCfgKeys(void) { return impl_->cfg.keys; }                      \
  std::map<ge::AscendString, ge::AscendString> &Def::GetCfgInfo(void) { return impl_->cfg.values; }     \
  ge::AscendString &Def::GetConfigValue(const char *key) { return impl_->cfg.Value(key); }              \
  void Def::AddCfgItem(const char *key, const char *value) { impl_->cfg.Set(key, value); }

namespace ops {
namespace {
const char *Py(bool flag) { return flag ? "True" : "False"; }
}  // namespace

STANDIN_CPU_ENGINE(OpAICPUDef, OpAICPUDefImpl, "DNN_VM_AICPU", "AICPUKernel")
STANDIN_CPU_ENGINE(OpHostCPUDef, OpHostCPUDefImpl, "DNN_VM_HOST_CPU", "HOSTCPUKernel")
}  // namespace ops
