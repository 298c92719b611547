// platform_ascendc::PlatformAscendC (tiling/platform/platform_ascendc.h): a tiling function's view
// of the SoC (core counts, memory sizes and bandwidths). CANN answers from fe::PlatFormInfos,
// which its platform library fills from the SoC's platform config; neither is public. Nothing
// at build time (op_build, code generation) calls these, so the stand-in refuses rather than
// inventing numbers: a tiling run against the stand-in toolkit stops here, by name.
#include <cstdio>
#include <cstdlib>
#include "tiling/platform/platform_ascendc.h"

namespace platform_ascendc {
namespace {
[[noreturn]] void Unavailable(const char *fn) {
  std::fprintf(stderr, "stand-in toolkit: platform_ascendc::PlatformAscendC::%s is not available at build time "
               "(CANN's platform library is not public)\n", fn);
  std::abort();
}
}  // namespace

uint32_t PlatformAscendC::GetCoreNumAiv(void) const { Unavailable("GetCoreNumAiv"); }
uint32_t PlatformAscendC::GetLibApiWorkSpaceSize(void) const { Unavailable("GetLibApiWorkSpaceSize"); }
void PlatformAscendC::GetCoreMemSize(const CoreMemType &, uint64_t &) const { Unavailable("GetCoreMemSize"); }
void PlatformAscendC::GetCoreMemBw(const CoreMemType &, uint64_t &) const { Unavailable("GetCoreMemBw"); }
}  // namespace platform_ascendc
