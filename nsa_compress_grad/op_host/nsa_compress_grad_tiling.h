// The tiling function of NsaCompressGrad: reads and checks the arguments, splits the work over
// the vector cores (nsa_compress_grad_split.h), plans each phase's Unified Buffer
// (nsa_compress_grad_ub_plan.h) and fills the tiling data the kernel reads
// (op_kernel/nsa_compress_grad_tiling_data.h).
#ifndef NSA_COMPRESS_GRAD_TILING_H
#define NSA_COMPRESS_GRAD_TILING_H

#include <cstddef>

#include "../op_kernel/nsa_compress_grad_tiling_data.h"
#include "exe_graph/runtime/tiling_context.h"
#include "graph/ge_error_codes.h"

namespace optiling {

// Larger than CANN's default 2048 bytes: nine per-core fields for 48 cores.
constexpr size_t kNsaCompressGradTilingCapacity = 4096;
static_assert(sizeof(NsaCompressGradTilingData) <= kNsaCompressGradTilingCapacity,
              "NsaCompressGradTilingData outgrew its tiling capacity");

ge::graphStatus TilingNsaCompressGrad(gert::TilingContext *context);

}  // namespace optiling

#endif
