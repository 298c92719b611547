// The timing model: replays the records of every core of a launch through per-core pipelines
// (S, V, MTE2, MTE3: in-order queues fed by S in program order) and one HBM whose bandwidth the
// copies in flight share. It is an event-driven replay in global time order, run after the
// launch on one thread, so its numbers never depend on how the core threads were scheduled.
#ifndef SIM_TIMING_REPLAY_H
#define SIM_TIMING_REPLAY_H

#include <array>
#include <cstdint>
#include <vector>

#include "sim/soc_spec.h"
#include "sim/timing_constants.h"
#include "sim/timing_record.h"

namespace sim {

// Cycles from the last core's arrival at an AscendC::SyncAll to every core's release. ASSUMPTION:
// not measured (no device here); it stands for the cross-core flag round trip of the hardware
// SyncAll (a flag set by each core and seen by all through the FFTS), taken as about a GM
// write-then-read latency. Replace with a measured value when one is available.
constexpr double kSyncAllLatencyCycles = 500.0;

struct CoreTiming {
    double endCycles = 0;                                          // the core's last instruction done
    std::array<double, kPipeCount> busyCycles{};                   // union of its instructions' spans
    std::array<std::array<double, kCauseCount>, kPipeCount> stallCycles{};  // by pipe and cause
    uint64_t hbmBytes = 0;                                         // its copies' HBM traffic
    uint64_t l2HitBytes = 0;
};

struct LaunchTiming {
    std::vector<CoreTiming> cores;
    double kernelSeconds = 0;  // the slowest core
    double taskSeconds = 0;    // kernelSeconds + the launch overhead
};

// Receives the replayed timeline (times in cycles from the launch start).
class TimingSink {
public:
    virtual ~TimingSink() = default;
    virtual void Instruction(uint32_t core, Pipe pipe, double start, double end, const char *name) = 0;
    // A flag set on `from` at `setTime` released a wait on `to` at `waitTime`.
    virtual void Flag(uint32_t core, Pipe from, double setTime, Pipe to, double waitTime) = 0;
};

// `sink` may be null.
LaunchTiming ReplayTiming(const std::vector<const std::vector<Record> *> &cores, const SocSpec &soc,
                          const TimingConstants &constants, TimingSink *sink);

}  // namespace sim

#endif
