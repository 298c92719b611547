// How NsaCompressWithCacheV2's work is laid out, from shapes alone: the widest head chunk (a
// divisor of N) whose UB layout (op_kernel/nsa_compress_with_cache_v2_ub_layout.h) fits, and the
// cores. Each head chunk gets `lanes` cores; lane c takes window i of batch b when
// (b + i) % lanes == c, so one long prefill spreads over every lane. Host arithmetic.
#ifndef NSA_COMPRESS_WITH_CACHE_V2_PLAN_H
#define NSA_COMPRESS_WITH_CACHE_V2_PLAN_H

#include <cstdint>

namespace nsa::with_cache_v2 {

struct V2Plan {
    uint32_t headChunk = 0;
    uint32_t chunkNum = 0;
    uint32_t lanes = 0;
    uint32_t usedCores = 0;
};

// False when not even one head fits the UB.
bool PlanV2(uint32_t headNum, uint32_t headDim, uint32_t windowLen, uint32_t elementBytes, uint64_t ubBytes,
            bool withValue, uint32_t coreNum, V2Plan *plan);

}  // namespace nsa::with_cache_v2

#endif
