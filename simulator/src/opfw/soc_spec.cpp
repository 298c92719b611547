#include "sim/soc_spec.h"

#include <cstdlib>
#include <cstring>

namespace sim {
namespace {

// Sources, named in words (nothing is read at run time):
//  [ini]  CANN's platform config files, hicann/runtime src/platform/platform_config/cann/<name>.ini
//         (commit 681ef76): vector_core_cnt, cube_core_cnt, ub_size, l2_size, cube_freq (MHz),
//         ubbank_group_num, ubbank_size, vec_calc_size (fp16 elements per cycle, so x2 bytes),
//         and [AICoreMemoryRates] in bytes per cycle: ddr_read_rate, l2_read_rate,
//         ub_to_l2_rate, ub_to_ddr_rate.
//  [bank] Ascend C best practices, "bank conflicts" (asc-devkit docs, NPU arch 220x): 16 bank
//         groups of 3 banks of 4 KiB; 0x10000 is bank 16 and 0x10020 bank 17, 0x20020 bank 33,
//         and banks 15, 31, 47 form one group: a block's group is (offset / 32) % 16 and its bank
//         within the group is offset / 64 KiB.
//  [hbm]  asc-devkit sample add_high_performance, README, Atlas A2 summary: read + write
//         bandwidth "above 1.8 TB/s" is explained as L2 hits on writes, i.e. 1.8 TB/s is the
//         HBM figure of Atlas A2. No public source gives a per-part figure, so every A2/A3 row
//         carries it; the achievable fraction is a fitted constant (sim/timing_constants.h).
#define SIM_A2_SOURCE(name) \
    name ": core counts, UB, L2, clock, UB banks and per-core rates from CANN's " name ".ini; " \
         "bank mapping from the Ascend C bank-conflict guide; HBM 1.8 TB/s from the add_high_performance sample"
constexpr double kA2Hbm = 1.8e12;
constexpr uint64_t kUb = 196608;
constexpr uint64_t kBankRegion = 65536;

constexpr SocSpec kSocs[] = {
    // name, short, AIV, AIC, UB, L2, clock, groups, region, vec B/cyc, ddr rd, l2 rd, ub->l2, ub->ddr, HBM
    {"Ascend910B1", "ascend910b", 48, 24, kUb, 201326592, 1.85e9, 16, kBankRegion, 256, 32, 110, 64, 64, kA2Hbm,
     SIM_A2_SOURCE("Ascend910B1")},
    {"Ascend910B2", "ascend910b", 48, 24, kUb, 201326592, 1.80e9, 16, kBankRegion, 256, 32, 110, 64, 64, kA2Hbm,
     SIM_A2_SOURCE("Ascend910B2")},
    {"Ascend910B2C", "ascend910b", 48, 24, kUb, 201326592, 1.80e9, 16, kBankRegion, 256, 32, 110, 64, 64, kA2Hbm,
     SIM_A2_SOURCE("Ascend910B2C")},
    {"Ascend910B3", "ascend910b", 40, 20, kUb, 201326592, 1.80e9, 16, kBankRegion, 256, 32, 110, 64, 64, kA2Hbm,
     SIM_A2_SOURCE("Ascend910B3")},
    {"Ascend910B4", "ascend910b", 40, 20, kUb, 100663296, 1.50e9, 16, kBankRegion, 256, 32, 110, 64, 64, kA2Hbm,
     SIM_A2_SOURCE("Ascend910B4")},
    {"Ascend910B4-1", "ascend910b", 40, 20, kUb, 176160768, 1.50e9, 16, kBankRegion, 256, 32, 110, 64, 64, kA2Hbm,
     SIM_A2_SOURCE("Ascend910B4-1")},
    {"Ascend910_9362", "ascend910_93", 40, 20, kUb, 176160768, 1.50e9, 16, kBankRegion, 256, 32, 110, 64, 64, kA2Hbm,
     SIM_A2_SOURCE("Ascend910_9362")},
    {"Ascend910_9363", "ascend910_93", 40, 20, kUb, 176160768, 1.50e9, 16, kBankRegion, 256, 32, 110, 64, 64, kA2Hbm,
     SIM_A2_SOURCE("Ascend910_9363")},
    {"Ascend910_9372", "ascend910_93", 40, 20, kUb, 201326592, 1.80e9, 16, kBankRegion, 256, 32, 110, 64, 64, kA2Hbm,
     SIM_A2_SOURCE("Ascend910_9372")},
    {"Ascend910_9381", "ascend910_93", 48, 24, kUb, 201326592, 1.80e9, 16, kBankRegion, 256, 32, 110, 64, 64, kA2Hbm,
     SIM_A2_SOURCE("Ascend910_9381")},
    {"Ascend910_9382", "ascend910_93", 48, 24, kUb, 201326592, 1.80e9, 16, kBankRegion, 256, 32, 110, 64, 64, kA2Hbm,
     SIM_A2_SOURCE("Ascend910_9382")},
    {"Ascend910_9391", "ascend910_93", 48, 24, kUb, 201326592, 1.85e9, 16, kBankRegion, 256, 32, 110, 64, 64, kA2Hbm,
     SIM_A2_SOURCE("Ascend910_9391")},
    {"Ascend910_9392", "ascend910_93", 48, 24, kUb, 201326592, 1.85e9, 16, kBankRegion, 256, 32, 110, 64, 64, kA2Hbm,
     SIM_A2_SOURCE("Ascend910_9392")},
};
#undef SIM_A2_SOURCE

// Lower-case names the project used before the table had CANN's names. "ascend910b" is the
// default SoC, the part the calibration measurements were taken on (Atlas A2 training, 48 AIV
// at 1.85 GHz: Ascend910B1).
struct Alias {
    const char *alias;
    const char *name;
};
constexpr Alias kAliases[] = {{"ascend910b", "Ascend910B1"}, {"ascend910_93", "Ascend910_9391"}};

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
    for (const Alias &alias : kAliases) {
        if (SameName(alias.alias, name)) {
            return true;
        }
    }
    return false;
}

// build.sh --soc (CMake NSA_SOC) must name a row of kSocs or an alias: refused when the
// simulator is built, not when a program first asks for the platform.
static_assert(IsModeled(SIM_DEFAULT_SOC), "build.sh --soc (NSA_SOC) names no SoC the simulator models: see kSocs above");

}  // namespace

const SocSpec *FindSoc(const std::string &name)
{
    std::string target = name;
    for (const Alias &alias : kAliases) {
        if (name == alias.alias) {
            target = alias.name;
        }
    }
    for (const SocSpec &soc : kSocs) {
        if (target == soc.name) {
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
    for (const Alias &alias : kAliases) {
        names += ", " + std::string(alias.alias) + " (= " + alias.name + ")";
    }
    return names;
}

size_t ModeledSocCount()
{
    return sizeof(kSocs) / sizeof(kSocs[0]);
}

const SocSpec &ModeledSoc(size_t index)
{
    return kSocs[index];
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
