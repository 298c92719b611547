// Platform queries of a tiling function: core counts and on-chip memory sizes of the SoC the
// op runs on, read from the simulator's SoC table.
#ifndef SIM_TILING_PLATFORM_PLATFORM_ASCENDC_H
#define SIM_TILING_PLATFORM_PLATFORM_ASCENDC_H

#include <cstdint>

#include "exe_graph/runtime/tiling_context.h"

namespace platform_ascendc {

enum class CoreMemType { L0_A = 0, L0_B = 1, L0_C = 2, L1 = 3, L2 = 4, UB = 5, HBM = 6, FB = 7, BT = 8, RESERVED };

enum class SocVersion { ASCEND910 = 0, ASCEND910B, ASCEND910_93, ASCEND310P, ASCEND310B, RESERVED_VERSION = 99999 };

class PlatformAscendC {
public:
    explicit PlatformAscendC(fe::PlatFormInfos *platformInfo) : soc_(platformInfo->Soc()) {}

    // Vector-core count: what a vector-only kernel spreads its block dim over.
    uint32_t GetCoreNum() const { return soc_.vectorCoreNum; }
    uint32_t GetCoreNumAic() const { return soc_.cubeCoreNum; }
    uint32_t GetCoreNumAiv() const { return soc_.vectorCoreNum; }
    // Only UB is modeled; other memories report 0.
    void GetCoreMemSize(const CoreMemType &memType, uint64_t &size) const
    {
        size = memType == CoreMemType::UB ? soc_.ubBytes : 0;
    }
    // Bytes per cycle one core moves from HBM or L2 (the SoC's ddr_rate and l2_rate in CANN's
    // platform config); other memories report 0.
    void GetCoreMemBw(const CoreMemType &memType, uint64_t &bwSize) const
    {
        bwSize = memType == CoreMemType::HBM  ? static_cast<uint64_t>(soc_.gmReadBytesPerCycle)
                 : memType == CoreMemType::L2 ? static_cast<uint64_t>(soc_.l2ReadBytesPerCycle)
                                              : 0;
    }
    SocVersion GetSocVersion() const;
    // System workspace the Ascend C runtime reserves for its own library calls.
    uint32_t GetLibApiWorkSpaceSize() const;

private:
    const sim::SocSpec &soc_;
};

}  // namespace platform_ascendc

#endif
