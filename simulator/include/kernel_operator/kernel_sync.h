// Block identity and pipeline synchronization. A simulated core computes in program order; the
// flags and barriers shape only its timeline (sim/timing_replay.h).
#ifndef SIM_KERNEL_OPERATOR_KERNEL_SYNC_H
#define SIM_KERNEL_OPERATOR_KERNEL_SYNC_H

#include <cstdint>

#include "kernel_operator/kernel_core.h"
#include "kernel_operator/kernel_types.h"

namespace AscendC {

inline int64_t GetBlockIdx()
{
    return sim::kernel::BlockIdx();
}

inline int64_t GetBlockNum()
{
    return sim::kernel::BlockNum();
}

template <HardEvent event>
void SetFlag(int32_t eventId)
{
    sim::kernel::SetFlag(static_cast<int>(event), eventId);
}

template <HardEvent event>
void WaitFlag(int32_t eventId)
{
    sim::kernel::WaitFlag(static_cast<int>(event), eventId);
}

template <pipe_t pipe>
void PipeBarrier()
{
    sim::kernel::Barrier(pipe);
}

// The barrier across every block of the launch (the hardware SyncAll of CANN's
// kernel_operator_block_sync_intf.h). Every block must call it the same number of times; a block
// that ends while others wait fails the launch. The simulator runs vector-core-only launches, so
// isAIVOnly must be true. The software variant (a GM and a UB workspace for the flags) is not
// provided.
template <bool isAIVOnly = true>
void SyncAll()
{
    static_assert(isAIVOnly, "the simulator runs vector-core-only (AIV) launches: use SyncAll<true>()");
    sim::kernel::SyncAll();
}

// The kernel workspace after the Ascend C library's share (the op asks for
// GetLibApiWorkSpaceSize() + its own bytes; see platform_ascendc.h).
inline GM_ADDR GetUserWorkspace(GM_ADDR workspace)
{
    if (workspace == nullptr) {
        sim::kernel::Fault("GetUserWorkspace: workspace can not be nullptr");
    }
    return workspace + sim::kernel::kLibApiWorkspaceBytes;
}

}  // namespace AscendC

// The compiler intrinsic under PipeBarrier, which kernels may call directly (CANN's own
// sync_all_impl does, with PIPE_ALL).
inline void pipe_barrier(pipe_t pipe)
{
    sim::kernel::Barrier(pipe);
}

#endif
