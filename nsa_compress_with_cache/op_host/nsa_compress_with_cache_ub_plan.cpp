#include "nsa_compress_with_cache_ub_plan.h"

namespace nsa::with_cache {

bool PlanTiles(uint32_t headNum, uint32_t headDim, uint32_t windowLen, uint32_t elementBytes, uint64_t ubBytes,
               TilePlan *plan)
{
    const auto ub = static_cast<uint32_t>(ubBytes > UINT32_MAX ? UINT32_MAX : ubBytes);
    // Double buffering first: it hides a window's copy-in behind the previous one's arithmetic.
    for (uint32_t buffers = kMaxTileBuffers; buffers >= 1; --buffers) {
        for (uint32_t chunk = headNum; chunk >= 1; --chunk) {
            if (headNum % chunk != 0) {
                continue;
            }
            const UbLayout layout = MakeUbLayout(headDim, windowLen, chunk, elementBytes, ub, buffers);
            if (layout.fits) {
                *plan = TilePlan{chunk, layout};
                return true;
            }
        }
    }
    return false;
}

}  // namespace nsa::with_cache
