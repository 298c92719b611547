#include "nsa_compress_with_cache_v2_plan.h"

#include "../op_kernel/nsa_compress_with_cache_v2_ub_layout.h"

namespace nsa::with_cache_v2 {

bool PlanV2(uint32_t headNum, uint32_t headDim, uint32_t windowLen, uint32_t elementBytes, uint64_t ubBytes,
            bool withValue, uint32_t coreNum, V2Plan *plan)
{
    if (coreNum == 0) {
        return false;
    }
    const auto ub = static_cast<uint32_t>(ubBytes > UINT32_MAX ? UINT32_MAX : ubBytes);
    for (uint32_t chunk = headNum; chunk >= 1; --chunk) {
        if (headNum % chunk != 0 || !MakeV2Layout(headDim, windowLen, chunk, elementBytes, ub, withValue).fits) {
            continue;
        }
        plan->headChunk = chunk;
        plan->chunkNum = headNum / chunk;
        // The windows of a step are not known on the host: every core a chunk can have is a lane.
        plan->lanes = plan->chunkNum >= coreNum ? 1 : coreNum / plan->chunkNum;
        plan->usedCores = plan->chunkNum >= coreNum ? coreNum : plan->lanes * plan->chunkNum;
        return true;
    }
    return false;
}

}  // namespace nsa::with_cache_v2
