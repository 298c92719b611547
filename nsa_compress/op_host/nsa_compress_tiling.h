// The tiling function of NsaCompress: reads and checks the arguments, splits the work over the
// vector cores (nsa_compress_split.h), plans each core's Unified Buffer (nsa_compress_ub_plan.h)
// and fills the tiling data the kernel reads (op_kernel/nsa_compress_tiling_data.h).
#ifndef NSA_COMPRESS_TILING_H
#define NSA_COMPRESS_TILING_H

#include <cstddef>

#include "../op_kernel/nsa_compress_tiling_data.h"
#include "exe_graph/runtime/tiling_context.h"
#include "graph/ge_error_codes.h"

namespace optiling {

// CANN's default tiling capacity; GetTilingData refuses a payload larger than what is registered.
constexpr size_t kNsaCompressTilingCapacity = 2048;
static_assert(sizeof(NsaCompressTilingData) <= kNsaCompressTilingCapacity,
              "NsaCompressTilingData outgrew its tiling capacity");

ge::graphStatus TilingNsaCompress(gert::TilingContext *context);

}  // namespace optiling

#endif
