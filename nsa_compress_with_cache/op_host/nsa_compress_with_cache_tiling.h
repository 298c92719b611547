// The tiling function of NsaCompressWithCache: reads and checks the arguments (through the shared
// front's readers and rules), splits the work over the vector cores by shapes alone
// (nsa_compress_with_cache_split.h), plans each core's Unified Buffer
// (nsa_compress_with_cache_ub_plan.h) and fills the tiling data the kernel reads
// (op_kernel/nsa_compress_with_cache_tiling_data.h). The length values are checked, never used
// to shape the launch.
#ifndef NSA_COMPRESS_WITH_CACHE_TILING_H
#define NSA_COMPRESS_WITH_CACHE_TILING_H

#include <cstddef>

#include "../op_kernel/nsa_compress_with_cache_tiling_data.h"
#include "exe_graph/runtime/tiling_context.h"
#include "graph/ge_error_codes.h"

namespace optiling {

// CANN's default tiling capacity; GetTilingData refuses a payload larger than what is registered.
constexpr size_t kNsaCompressWithCacheTilingCapacity = 2048;
static_assert(sizeof(NsaCompressWithCacheTilingData) <= kNsaCompressWithCacheTilingCapacity,
              "NsaCompressWithCacheTilingData outgrew its tiling capacity");

ge::graphStatus TilingNsaCompressWithCache(gert::TilingContext *context);

}  // namespace optiling

#endif
