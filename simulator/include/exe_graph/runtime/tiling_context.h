#ifndef SIM_EXE_GRAPH_RUNTIME_TILING_CONTEXT_H
#define SIM_EXE_GRAPH_RUNTIME_TILING_CONTEXT_H

#include <cstdint>
#include <vector>

#include "exe_graph/runtime/extended_kernel_context.h"
#include "exe_graph/runtime/stride.h"
#include "exe_graph/runtime/tiling_data.h"
#include "graph/ge_error_codes.h"
#include "sim/soc_spec.h"

namespace fe {
// Opaque platform handle; platform_ascendc::PlatformAscendC reads it.
class PlatFormInfos {
public:
    explicit PlatFormInfos(const sim::SocSpec &soc) : soc_(soc) {}
    const sim::SocSpec &Soc() const { return soc_; }

private:
    const sim::SocSpec &soc_;
};
}  // namespace fe

namespace gert {

class TilingContext : public ExtendedKernelContext {
public:
    TilingContext(const sim::OpCall &call, const sim::SocSpec &soc, size_t tilingCapacity);

    const StorageShape *GetInputShape(size_t index) const { return Shape(call_.inputs, index); }
    const StorageShape *GetOptionalInputShape(size_t index) const { return Shape(call_.inputs, index); }
    // By the input's index in the OpDef (instance and IR indices coincide here, see below).
    const StorageShape *GetRequiredInputShape(size_t irIndex) const { return Shape(call_.inputs, irIndex); }
    const StorageShape *GetOutputShape(size_t index) const { return Shape(call_.outputs, index); }
    fe::PlatFormInfos *GetPlatformInfo() { return &platform_; }

    // View information of a tensor that carries it (sim::TensorArg::carriesView): false, nullptr
    // and -1 for an index with no tensor or a tensor without it. The offset is informational:
    // the kernel's address already points at the view's first element.
    // By instance index (inputs, outputs):
    bool InputIsView(size_t index) const { return ViewArg(call_.inputs, index) != nullptr; }
    const Stride *GetInputStride(size_t index) const { return StrideOf(ViewArg(call_.inputs, index)); }
    int64_t GetInputOffset(size_t index) const { return OffsetOf(ViewArg(call_.inputs, index)); }
    bool OutputIsView(size_t index) const { return ViewArg(call_.outputs, index) != nullptr; }
    const Stride *GetOutputStride(size_t index) const { return StrideOf(ViewArg(call_.outputs, index)); }
    int64_t GetOutputOffset(size_t index) const { return OffsetOf(ViewArg(call_.outputs, index)); }
    // By the input's index in the OpDef. The simulator keeps a slot for an omitted optional input,
    // so instance and IR indices coincide here (as for GetInputShape); they differ in CANN after
    // an omitted optional input.
    bool RequiredInputIsView(size_t irIndex) const { return InputIsView(irIndex); }
    const Stride *GetRequiredInputStride(size_t irIndex) const { return GetInputStride(irIndex); }
    int64_t GetRequiredInputOffset(size_t irIndex) const { return GetInputOffset(irIndex); }
    bool OptionalInputIsView(size_t irIndex) const { return InputIsView(irIndex); }
    const Stride *GetOptionalInputStride(size_t irIndex) const { return GetInputStride(irIndex); }
    int64_t GetOptionalInputOffset(size_t irIndex) const { return GetInputOffset(irIndex); }

    ge::graphStatus SetBlockDim(uint32_t blockDim);
    uint32_t GetBlockDim() const { return blockDim_; }
    ge::graphStatus SetTilingKey(uint64_t key);
    uint64_t GetTilingKey() const { return tilingKey_; }
    // The framework keeps room for `num` workspaces; the tiling function writes their sizes.
    size_t *GetWorkspaceSizes(size_t num);
    size_t GetWorkspaceNum() const { return workspaces_.size(); }
    size_t WorkspaceSize(size_t index) const { return index < workspaces_.size() ? workspaces_[index] : 0; }
    TilingData *GetRawTilingData() { return &tilingData_; }
    // The tiling buffer as the op's tiling struct, its data size set to sizeof(T); nullptr when
    // T is larger than the capacity the op registered.
    template <typename T>
    T *GetTilingData()
    {
        if (tilingData_.GetCapacity() < sizeof(T)) {
            return nullptr;
        }
        tilingData_.SetDataSize(sizeof(T));
        return static_cast<T *>(tilingData_.GetData());
    }

private:
    static const StorageShape *Shape(const std::vector<sim::TensorArg> &args, size_t index);
    // The argument at `index` when it is present and carries view information, else nullptr.
    static const sim::TensorArg *ViewArg(const std::vector<sim::TensorArg> &args, size_t index)
    {
        return index < args.size() && args[index].present && args[index].carriesView ? &args[index] : nullptr;
    }
    static const Stride *StrideOf(const sim::TensorArg *arg) { return arg == nullptr ? nullptr : &arg->stride; }
    static int64_t OffsetOf(const sim::TensorArg *arg) { return arg == nullptr ? -1 : arg->offset; }

    fe::PlatFormInfos platform_;
    TilingData tilingData_;
    uint32_t blockDim_ = 0;
    uint64_t tilingKey_ = 0;
    std::vector<size_t> workspaces_;
};

}  // namespace gert

#endif
