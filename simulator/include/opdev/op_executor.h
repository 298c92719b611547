// aclOpExecutor: what the first aclnn phase builds (tensors it owns, kernel launches with their
// tiling) and the second phase runs. OP_INPUT/OP_OUTPUT/OP_ATTR and ADD_TO_LAUNCHER_LIST_AICORE
// turn an l0 call into a launch: match the OpDef, run the registered tiling, find the kernel.
#ifndef SIM_OPDEV_OP_EXECUTOR_H
#define SIM_OPDEV_OP_EXECUTOR_H

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "acl/acl.h"
#include "aclnn/acl_meta.h"
#include "exe_graph/runtime/runtime_attrs.h"
#include "opdev/common_types.h"
#include "opdev/object.h"
#include "sim/kernel_launch.h"
#include "sim/soc_spec.h"

namespace sim {

// Where a kernel's tensor argument points: a device address known in phase one, or bytes into
// the executor's temporaries, which lie in the workspace phase two is given.
struct GmArg {
    GmAddr address = nullptr;
    bool inTemporaries = false;
    uint64_t temporaryOffset = 0;
};

struct KernelTask {
    std::string opType;
    KernelEntry entry = nullptr;
    uint32_t blockDim = 0;
    uint64_t tilingKey = 0;
    std::vector<uint8_t> tiling;
    std::vector<GmArg> tensorArgs;    // inputs then outputs; workspace and tiling are appended at run
    uint64_t workspaceBytes = 0;
    const SocSpec *soc = nullptr;     // the platform the tiling was computed for
};

using OpInputs = std::vector<const aclTensor *>;
using OpOutputs = std::vector<const aclTensor *>;

inline void AppendAttr(gert::RuntimeAttrs &) {}
template <typename T, typename... Rest>
void AppendAttr(gert::RuntimeAttrs &attrs, T value, Rest... rest)
{
    if constexpr (std::is_convertible_v<T, const char *>) {
        attrs.Append(std::string(value == nullptr ? "" : static_cast<const char *>(value)));
    } else {
        static_assert(std::is_integral_v<T>, "only integer and string attributes are modeled");
        attrs.Append(static_cast<int64_t>(value));
    }
    AppendAttr(attrs, rest...);
}
template <typename... T>
gert::RuntimeAttrs MakeAttrs(T... values)
{
    gert::RuntimeAttrs attrs;
    AppendAttr(attrs, values...);
    return attrs;
}

}  // namespace sim

// Lifecycle, as CANN's: phase two runs an executor once and frees it, whatever the outcome,
// unless aclSetAclOpExecutorRepeatable was called; a repeatable executor runs any number of
// times until aclDestroyAclOpExecutor frees it. Every live executor is registered, so a handle
// that was already run or destroyed is refused with a status and a message, never dereferenced;
// and each serves one call at a time (sim/executor_claims.h), so a call racing another on the
// same executor is refused the same way.
struct aclOpExecutor : public op::Object {
public:
    explicit aclOpExecutor(const char *apiName);
    ~aclOpExecutor() override;
    aclOpExecutor(const aclOpExecutor &) = delete;
    aclOpExecutor &operator=(const aclOpExecutor &) = delete;

    // A device copy of `values` as a 1-D tensor of `dtype` (DT_INT64 or DT_INT32), owned here.
    const aclTensor *ConvertToTensor(const aclIntArray *values, op::DataType dtype);
    aclIntArray *AllocIntArray(const int64_t *values, uint64_t size);
    // A contiguous tensor in the executor's workspace: its data exists in phase two, for the
    // launches that take it. nullptr when its size in bytes overflows.
    aclTensor *AllocTensor(const op::Shape &shape, op::DataType dataType, op::Format format = op::Format::FORMAT_ND);
    // What phase two must be given: the kernels' own workspace (launches run one after another
    // and share it), then the temporaries AllocTensor placed.
    uint64_t GetWorkspaceSize() const;

    // A launch of the op's kernel after its tiling. The OpDef decides what a non-contiguous tensor
    // does (sim/launch_contiguity.h).
    aclnnStatus AddAiCoreLaunch(const char *opType, const sim::OpInputs &inputs, const sim::OpOutputs &outputs,
                                const gert::RuntimeAttrs &attrs);
    // A launch of the simulator's copy kernel (sim/strided_copy.h): each element of src's view to
    // the same index of dst's view. The views have one shape and dtype and lie in their storage.
    aclnnStatus AddStridedCopyLaunch(const aclTensor *src, const aclTensor *dst);
    aclnnStatus Run(void *workspace, uint64_t workspaceSize);
    void SetRepeatable() { repeatable_ = true; }
    bool IsRepeatable() const { return repeatable_; }

private:
    sim::GmArg ArgOf(const aclTensor *tensor) const;
    uint64_t TemporariesStart() const;

    std::string apiName_;
    bool repeatable_ = false;
    std::vector<std::unique_ptr<aclTensor>> tensors_;
    std::vector<std::unique_ptr<aclIntArray>> intArrays_;
    std::vector<void *> deviceBuffers_;
    std::vector<sim::KernelTask> tasks_;
    uint64_t kernelWorkspaceBytes_ = 0;
    std::map<const aclTensor *, uint64_t> temporaries_;   // AllocTensor's tensors: byte offset of each
    uint64_t temporaryBytes_ = 0;
};

// Owns an executor until ReleaseTo hands it to the caller of the first aclnn phase.
class UniqueExecutor {
public:
    explicit UniqueExecutor(const char *apiName) : executor_(new aclOpExecutor(apiName)) {}
    aclOpExecutor *get() const { return executor_.get(); }
    aclOpExecutor *operator->() const { return executor_.get(); }
    void ReleaseTo(aclOpExecutor **out) { *out = executor_.release(); }

private:
    std::unique_ptr<aclOpExecutor> executor_;
};

#define CREATE_EXECUTOR() UniqueExecutor(__func__)

// Second aclnn phase: checks the workspace, runs every launch, and destroys the executor unless
// it is repeatable.
aclnnStatus CommonOpExecutorRun(void *workspace, uint64_t workspaceSize, aclOpExecutor *executor,
                                aclrtStream stream);

#define OP_INPUT(...) ::sim::OpInputs{__VA_ARGS__}
#define OP_OUTPUT(...) ::sim::OpOutputs{__VA_ARGS__}
#define OP_ATTR(...) ::sim::MakeAttrs(__VA_ARGS__)
#define ADD_TO_LAUNCHER_LIST_AICORE(opType, ...) executor->AddAiCoreLaunch(#opType, __VA_ARGS__)

#endif
