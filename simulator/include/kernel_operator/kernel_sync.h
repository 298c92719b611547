// Block identity and pipeline synchronization. A simulated core runs its instructions in program
// order, so flags and barriers have nothing to wait for; they keep the device's names.
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
    static_cast<void>(eventId);
}

template <HardEvent event>
void WaitFlag(int32_t eventId)
{
    static_cast<void>(eventId);
}

template <pipe_t pipe>
void PipeBarrier()
{
}

}  // namespace AscendC

#endif
