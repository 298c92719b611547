// The Unified-Buffer plan of NsaCompressWithCache: the widest head chunk (a divisor of N) whose
// layout (op_kernel/nsa_compress_with_cache_ub_layout.h) fits the core's UB with two window
// buffers, else with one. Wider chunks mean fewer, longer copies per window and one weight load
// for more heads. Host arithmetic, for the tiling.
#ifndef NSA_COMPRESS_WITH_CACHE_UB_PLAN_H
#define NSA_COMPRESS_WITH_CACHE_UB_PLAN_H

#include <cstdint>

#include "../op_kernel/nsa_compress_with_cache_ub_layout.h"

namespace nsa::with_cache {

struct TilePlan {
    uint32_t headChunk = 0;
    UbLayout layout{};
};

// False when not even one head fits with one window buffer.
bool PlanTiles(uint32_t headNum, uint32_t headDim, uint32_t windowLen, uint32_t elementBytes, uint64_t ubBytes,
               TilePlan *plan);

}  // namespace nsa::with_cache

#endif
