#include "sim/soc_spec.h"

#include <cstdlib>
#include <cstring>

namespace sim {
namespace {

// Every number the simulator uses about a platform. Core counts and UB sizes are what the
// platform reports to tiling code; the cost-model constants are stated assumptions: public
// material gives HBM bandwidth and clock only roughly, and per-instruction overheads not at all.
//   vectorBytesPerRepeat: one repeat = 8 blocks x 32 B, issued once per cycle (Ascend C docs)
//   vectorIssueCycles:    fixed cost of a vector instruction (model assumption)
//   dmaIssueCycles:       fixed cost of one DataCopy (model assumption)
//   coreDmaBytesPerCycle: one core's MTE throughput (model assumption)
constexpr SocSpec kSocs[] = {
    {"ascend910b", 48, 24, 192 * 1024, 1.8e9, 1.6e12, 256, 8, 64, 64,
     "ascend910b: 48 AIV, 192 KiB UB; HBM 1.6 TB/s and 1.8 GHz from public Atlas A2 figures (approximate); "
     "256 B/repeat/cycle; 8-cycle vector issue, 64-cycle DMA issue, 64 B/cycle/core MTE (model assumptions)"},
    {"ascend910_93", 48, 24, 192 * 1024, 1.8e9, 1.6e12, 256, 8, 64, 64,
     "ascend910_93: modeled as ascend910b per die (48 AIV, 192 KiB UB, 1.6 TB/s, 1.8 GHz; assumptions)"},
    {"ascend310p", 8, 8, 256 * 1024, 1.0e9, 0.2e12, 256, 8, 64, 32,
     "ascend310p: 8 AI cores with 256 KiB UB, 1.0 GHz, 0.2 TB/s (approximate public figures; assumptions)"},
};

constexpr bool SameName(const char *a, const char *b)
{
    return *a == *b && (*a == '\0' || SameName(a + 1, b + 1));
}

constexpr bool IsModeled(const char *name)
{
    for (const SocSpec &soc : kSocs) {
        if (SameName(soc.name, name)) {
            return true;
        }
    }
    return false;
}

// build.sh --soc (CMake NSA_SOC) must name a row of kSocs: refused when the simulator is built,
// not when a program first asks for the platform.
static_assert(IsModeled(SIM_DEFAULT_SOC), "build.sh --soc (NSA_SOC) names no SoC the simulator models: see kSocs above");

}  // namespace

const SocSpec *FindSoc(const std::string &name)
{
    for (const SocSpec &soc : kSocs) {
        if (name == soc.name) {
            return &soc;
        }
    }
    return nullptr;
}

std::string KnownSocNames()
{
    std::string names;
    for (const SocSpec &soc : kSocs) {
        names += (names.empty() ? "" : ", ") + std::string(soc.name);
    }
    return names;
}

const SocSpec *CurrentSoc(std::string *error)
{
    const char *chosen = std::getenv("ASCEND_SIM_SOC");
    const std::string name = chosen != nullptr && chosen[0] != '\0' ? chosen : SIM_DEFAULT_SOC;
    const SocSpec *soc = FindSoc(name);
    if (soc == nullptr && error != nullptr) {
        *error = "ASCEND_SIM_SOC is '" + name + "', which names no SoC the simulator models (known: " +
                 KnownSocNames() + ")";
    }
    return soc;
}

}  // namespace sim
