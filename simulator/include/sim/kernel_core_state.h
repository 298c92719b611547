// What one simulated vector core holds while a launch runs; the kernel_operator.h functions reach
// the calling thread's core through it.
#ifndef SIM_KERNEL_CORE_STATE_H
#define SIM_KERNEL_CORE_STATE_H

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "sim/kernel_launch.h"
#include "sim/launch_barrier.h"
#include "sim/soc_spec.h"
#include "sim/timing_record.h"

namespace sim {
namespace kernel {

// Thrown by a failed hardware-rule check; the launcher turns it into the launch's error.
struct HardwareFault {
    std::string what;
};

struct CoreState {
    CoreState(uint32_t index, uint32_t count, uint64_t key, const SocSpec &spec);

    uint32_t blockIdx;
    uint32_t blockNum;
    uint64_t tilingKey;
    const SocSpec &soc;
    std::vector<uint8_t> ub;        // poisoned with 0xFF bytes: NaN in every float format
    std::vector<uint8_t> written;   // one flag per UB byte
    uint64_t ubAllocated = 0;
    CoreCounters counters;
    CoreRecorder recorder;
    // Per (HardEvent, event id): the SetFlag records no WaitFlag has paired with yet, oldest first.
    std::map<std::pair<int, int32_t>, std::deque<int32_t>> pendingFlags;
    // The launch's cross-core barrier (AscendC::SyncAll); null outside LaunchKernel.
    LaunchBarrier *barrier = nullptr;
};

// Makes `state` the calling thread's core for the scope's lifetime.
class CoreScope {
public:
    explicit CoreScope(CoreState *state);
    ~CoreScope();
    CoreScope(const CoreScope &) = delete;
    CoreScope &operator=(const CoreScope &) = delete;
};

}  // namespace kernel
}  // namespace sim

#endif
