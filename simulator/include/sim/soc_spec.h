// The platforms the simulator models. Everything hardware-dependent that the simulator uses
// (core counts, Unified Buffer size, and the constants of the cost model) is in this table,
// defined in src/soc_spec.cpp with the source of each number.
#ifndef SIM_SOC_SPEC_H
#define SIM_SOC_SPEC_H

#include <cstdint>
#include <string>

namespace sim {

struct SocSpec {
    const char *name;            // "ascend910b", as passed to --soc and OpDef AddConfig
    uint32_t vectorCoreNum;      // AIV cores a kernel's block dim is spread over
    uint32_t cubeCoreNum;        // AIC cores (reported by the platform, unused by vector kernels)
    uint64_t ubBytes;            // Unified Buffer per vector core
    // Cost model: modeled time of a launch =
    //   max(total GM bytes / hbmBytesPerSecond,
    //       max over cores of max(vector cycles, DMA cycles) / clockHz)
    // vector cycles of one instruction = vectorIssueCycles + repeats (one 256-byte repeat a cycle)
    // DMA cycles of one DataCopy       = dmaIssueCycles + bytes / coreDmaBytesPerCycle
    double clockHz;
    double hbmBytesPerSecond;
    double vectorBytesPerRepeat;
    double vectorIssueCycles;
    double dmaIssueCycles;
    double coreDmaBytesPerCycle;
    const char *source;          // where the numbers come from, printed by benchmarks
};

// nullptr for an unknown name.
const SocSpec *FindSoc(const std::string &name);
// The SoC in force: $ASCEND_SIM_SOC when set, else the one the build selected with --soc;
// nullptr, with the reason (naming the known SoCs) in `error`, for a name no row models.
const SocSpec *CurrentSoc(std::string *error);
// Comma-separated names of every modeled SoC.
std::string KnownSocNames();

}  // namespace sim

#endif
