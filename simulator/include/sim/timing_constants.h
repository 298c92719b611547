// The constants of the timing model that no public document states, set against the
// measurements of the asc-devkit sample add_high_performance (Atlas A2 training part,
// Ascend910B1); src/timing/timing_constants.cpp names the case behind each value, or says it is an
// assumption.
#ifndef SIM_TIMING_CONSTANTS_H
#define SIM_TIMING_CONSTANTS_H

namespace sim {

struct TimingConstants {
    double scalarDispatchCycles;   // S cycles to issue one instruction to a pipe
    double scalarUbAccessCycles;   // S cycles of one LocalTensor GetValue/SetValue
    double dcacheHitCycles;        // S cycles of a GlobalTensor GetValue/SetValue hitting the data cache
    double dcacheMissCycles;       // ... missing it: a round trip to global memory
    double vectorIssueCycles;      // V cycles from an instruction's last repeat to its result (pipelined)
    double copyIssueCycles;        // MTE cycles before a copy's data moves
    double copyRowCycles;          // MTE cycles per row of a strided copy after the first
    double mte2LatencyCycles;      // after an MTE2 copy's last byte, until a flag sees it
    double mte3LatencyCycles;      // after an MTE3 copy's last byte, until a flag sees it
    double hbmEfficiency;          // achievable fraction of SocSpec::hbmBytesPerSecond
    double hbmBytesPerCopy;        // HBM time of a copy's request beyond its data, in bytes
    double launchSeconds;          // task time beyond the slowest core (scheduling, start, end)
};

// The fitted values in force.
const TimingConstants &FittedTimingConstants();

}  // namespace sim

#endif
