// The platforms the simulator models. Everything per-SoC that the simulator uses (core counts,
// clock, Unified Buffer and L2 sizes, the per-core transfer rates and HBM bandwidth) is in this
// table, defined in src/opfw/soc_spec.cpp with the source of each number. The constants the timing
// model fits on measurements are not per-SoC; they live in sim/timing_constants.h.
#ifndef SIM_SOC_SPEC_H
#define SIM_SOC_SPEC_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace sim {

struct SocSpec {
    const char *name;               // CANN's SoC_version ("Ascend910B1"), as passed to --soc
    const char *shortName;          // CANN's Short_SoC_version in OpDef's spelling ("ascend910b")
    uint32_t vectorCoreNum;         // AIV cores a kernel's block dim is spread over
    uint32_t cubeCoreNum;           // AIC cores (reported by the platform, unused by vector kernels)
    uint64_t ubBytes;               // Unified Buffer per vector core
    uint64_t l2Bytes;               // L2 cache shared by all cores
    double clockHz;                 // AI core clock
    uint32_t ubBankGroups;          // UB bank groups; a 32-byte block's group is (offset / 32) % groups
    uint64_t ubBankRegionBytes;     // UB bytes per bank of a group: bank = offset / this
    double vectorBytesPerCycle;     // one vector repeat (8 blocks of 32 B) per cycle
    double gmReadBytesPerCycle;     // one core's MTE2 rate from HBM
    double l2ReadBytesPerCycle;     // one core's MTE2 rate on an L2 hit
    double ubToL2BytesPerCycle;     // one core's MTE3 rate into L2
    double ubToGmBytesPerCycle;     // one core's MTE3 rate past L2 (bypass)
    double hbmBytesPerSecond;       // peak HBM bandwidth shared by all cores
    const char *source;             // where the numbers come from, printed with every launch report
};

// nullptr for an unknown name. Besides CANN's names, "ascend910b" (the default) and
// "ascend910_93" are accepted as aliases of one part each.
const SocSpec *FindSoc(const std::string &name);
// The SoC in force: $ASCEND_SIM_SOC when set, else the one the build selected with --soc;
// nullptr, with the reason (naming the known SoCs) in `error`, for a name no row models.
const SocSpec *CurrentSoc(std::string *error);
// Comma-separated names of every modeled SoC, aliases last.
std::string KnownSocNames();
// The rows of the table, for callers that go through every modeled SoC (a fuzzer's random SoC):
// ModeledSoc(i) for i < ModeledSocCount(), in the table's order.
size_t ModeledSocCount();
const SocSpec &ModeledSoc(size_t index);

}  // namespace sim

#endif
