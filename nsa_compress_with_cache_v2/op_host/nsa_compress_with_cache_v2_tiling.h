// The tiling function of NsaCompressWithCacheV2: reads the shapes and strides of every tensor
// (never a value: no input is value-depend), checks what the kernel needs to address them safely
// (GRAPH_FAILED for a caller that bypasses the aclnn layer's checks), plans the head chunk
// (nsa_compress_with_cache_v2_plan.h) and splits the windows over the cores by shapes alone.
#ifndef NSA_COMPRESS_WITH_CACHE_V2_TILING_H
#define NSA_COMPRESS_WITH_CACHE_V2_TILING_H

#include <cstddef>

#include "../op_kernel/nsa_compress_with_cache_v2_tiling_data.h"
#include "exe_graph/runtime/tiling_context.h"
#include "graph/ge_error_codes.h"

namespace optiling {

// CANN's default tiling capacity; GetTilingData refuses a payload larger than what is registered.
constexpr size_t kNsaCompressWithCacheV2TilingCapacity = 2048;
static_assert(sizeof(NsaCompressWithCacheV2TilingData) <= kNsaCompressWithCacheV2TilingCapacity,
              "NsaCompressWithCacheV2TilingData outgrew its tiling capacity");

ge::graphStatus TilingNsaCompressWithCacheV2(gert::TilingContext *context);

}  // namespace optiling

#endif
