#include "nsa_compress_with_cache_split.h"

namespace nsa::with_cache {

WorkSplit SplitWork(uint64_t batches, uint32_t chunks, uint32_t coreNum)
{
    if (batches == 0 || chunks == 0 || coreNum == 0) {
        return {};
    }
    if (chunks >= coreNum) {
        return {coreNum, 1};
    }
    const uint64_t perChunk = coreNum / chunks;
    const auto lanes = static_cast<uint32_t>(perChunk < batches ? perChunk : batches);
    return {lanes * chunks, lanes};
}

}  // namespace nsa::with_cache
