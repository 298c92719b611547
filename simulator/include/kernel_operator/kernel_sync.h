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

}  // namespace AscendC

#endif
