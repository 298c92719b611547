#include "tiling/platform/platform_ascendc.h"

#include <cstring>

namespace platform_ascendc {

SocVersion PlatformAscendC::GetSocVersion() const
{
    if (std::strcmp(soc_.shortName, "ascend910b") == 0) {
        return SocVersion::ASCEND910B;
    }
    if (std::strcmp(soc_.shortName, "ascend910_93") == 0) {
        return SocVersion::ASCEND910_93;
    }
    return SocVersion::RESERVED_VERSION;
}

uint32_t PlatformAscendC::GetLibApiWorkSpaceSize() const
{
    // Ascend C reserves 16 MiB of global memory for its library calls on these SoCs; an op must
    // request it even if it calls none, so the simulator asks for the same amount.
    return 16u * 1024u * 1024u;
}

}  // namespace platform_ascendc
