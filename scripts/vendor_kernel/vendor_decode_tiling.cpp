#include "vendor_decode_tiling.h"

#include <algorithm>

namespace {

constexpr uint32_t kTokensPerTile = 8;       // the vendor's tile: 8 token rows per copy-in
constexpr uint32_t kFloatBytes = 4;
constexpr uint32_t kFloatsPerBlock = 8;
constexpr uint32_t kBlockBytes = 32;
constexpr uint32_t kMaxBatches = 2048;
constexpr uint32_t kMaxBlockSize = 64;
constexpr uint32_t kMaxHeads = 64;
constexpr uint32_t kMaxOddHeads = 50;

// Tiling keys: how the kernel broadcasts the weights (the vendor's weightInitFlag).
constexpr uint32_t kDoubleBroadcast = 0;
constexpr uint32_t kTileBroadcast = 1;
constexpr uint32_t kFullBroadcast = 2;

// UB bytes of a task of all heads with `buffers` buffers, term by term as the vendor counts them.
uint64_t FullBroadcastBytes(const VendorDecodeProblem &p, uint32_t buffers)
{
    const uint64_t tile = uint64_t{kTokensPerTile} * p.headDim * p.heads;
    const uint64_t inQueue = std::max<uint64_t>(tile, uint64_t{p.blockSize} * p.headDim);
    const uint64_t perBuffer = inQueue * p.dtypeBytes + tile * 2 * kFloatBytes +
                               uint64_t{p.blockSize / kTokensPerTile} * p.headDim * p.heads * kFloatBytes +
                               uint64_t{p.heads} * p.headDim * p.dtypeBytes;
    return perBuffer * buffers + uint64_t{p.blockSize} * p.heads * kFloatBytes;
}

// The same for a task of `heads` heads, whose weights are broadcast in two steps.
uint64_t PartialBroadcastBytes(const VendorDecodeProblem &p, uint32_t heads, uint32_t buffers)
{
    const uint64_t tile = uint64_t{kTokensPerTile} * heads * p.headDim;
    const uint64_t inQueue = std::max<uint64_t>(tile, uint64_t{p.blockSize} * p.headDim);
    const uint64_t perBuffer = inQueue * p.dtypeBytes + tile * 2 * kFloatBytes +
                               uint64_t{p.blockSize / kTokensPerTile} * heads * p.headDim * kFloatBytes +
                               uint64_t{p.blockSize} * p.heads * (kFloatsPerBlock / heads) * kFloatBytes +
                               kTokensPerTile * kBlockBytes + uint64_t{heads} * p.headDim * p.dtypeBytes;
    return perBuffer * buffers + uint64_t{p.blockSize} * p.heads * kFloatBytes;
}

// Heads per task, buffer count and tiling key: all heads when they fit, else the largest of 8, 4,
// 2, 1 that divides N and fits. False where none fits (the vendor then goes on with 0 heads).
bool ChooseHeadsPerTask(const VendorDecodeProblem &p, uint64_t ub, NsaCompressWithCacheTilingData *t,
                        uint32_t *key)
{
    if (FullBroadcastBytes(p, 1) < ub) {
        t->headsNumPerCore = p.heads;
        t->bufferNum = FullBroadcastBytes(p, 2) < ub ? 2 : 1;
        *key = kFullBroadcast;
        return true;
    }
    for (uint32_t heads : {8u, 4u, 2u, 1u}) {
        if (p.heads % heads == 0 && PartialBroadcastBytes(p, heads, 1) < ub) {
            t->headsNumPerCore = heads;
            t->bufferNum = PartialBroadcastBytes(p, heads, 2) < ub ? 2 : 1;
            *key = heads == kFloatsPerBlock ? kTileBroadcast : kDoubleBroadcast;
            return true;
        }
    }
    return false;
}

std::string LimitError(const VendorDecodeProblem &p)
{
    if (p.blockSize % 16 != 0 || p.blockSize > kMaxBlockSize || p.stride % 16 != 0 || p.stride == 0 ||
        p.stride > p.blockSize) {
        return "l and d must be multiples of 16 with d <= l <= 64";
    }
    if (p.heads == 0 || p.heads > kMaxHeads || (p.heads > kMaxOddHeads && p.heads % 2 == 1)) {
        return "N must be 1 to 64, and even above 50";
    }
    if (p.headDim % 16 != 0) {
        return "D must be a multiple of 16";
    }
    if (p.lengths.size() > kMaxBatches) {
        return "B must be at most 2048";
    }
    return std::string();
}

// Spreads the tasks (due batch, head group), batch-major, over the cores in contiguous ranges,
// the first ones taking one more, and records each core's first head and first batch.
void SplitTasks(const std::vector<uint32_t> &due, uint32_t cores, VendorDecodeLaunch *launch)
{
    NsaCompressWithCacheTilingData &t = launch->tiling;
    const uint32_t tasks = t.coresNumPerCompress * static_cast<uint32_t>(due.size());
    const uint32_t perCore = tasks / cores;
    const uint32_t extra = tasks - perCore * cores;
    uint32_t firstTask = 0;
    for (uint32_t core = 0; core < cores; ++core) {
        t.coreStartHeadIdxList[core] = firstTask * t.headsNumPerCore;
        firstTask += perCore + (core < extra ? 1 : 0);
    }
    t.coreStartHeadIdxList[cores] = firstTask * t.headsNumPerCore;
    launch->blockDim = std::min(tasks, cores);
    for (uint32_t core = 0; core < launch->blockDim; ++core) {
        t.coreStartBatchIdxList[core] = due[t.coreStartHeadIdxList[core] / t.headNum];
    }
    t.coreStartBatchIdxList[launch->blockDim] = due.back();
}

uint32_t CeilPowerOfTwo(uint32_t value)
{
    uint32_t power = 1;
    while (power < value) {
        power <<= 1;
    }
    return power;
}

}  // namespace

bool ComputeVendorDecodeTiling(const VendorDecodeProblem &p, uint32_t cores, uint64_t ubBytes,
                               VendorDecodeLaunch *launch, std::string *error)
{
    *error = LimitError(p);
    if (!error->empty()) {
        return false;
    }
    if (cores == 0 || cores + 1 > kVendorDecodeCoreSlots) {
        *error = "the vendor's core arrays hold 1 to 49 cores, not " + std::to_string(cores);
        return false;
    }
    std::vector<uint32_t> due;
    for (uint32_t b = 0; b < p.lengths.size(); ++b) {
        if (p.lengths[b] >= p.blockSize && (p.lengths[b] - p.blockSize) % p.stride == 0) {
            due.push_back(b);
        }
    }
    *launch = VendorDecodeLaunch{};
    NsaCompressWithCacheTilingData &t = launch->tiling;
    if (due.empty()) {
        t.isEmpty = 1;
        launch->blockDim = 1;
        launch->tilingKey = kTileBroadcast;
        return true;
    }
    if (!ChooseHeadsPerTask(p, ubBytes, &t, &launch->tilingKey)) {
        *error = "no head count per task fits the Unified Buffer (the vendor's tiling would go on with 0)";
        return false;
    }
    const auto batches = static_cast<uint32_t>(p.lengths.size());
    t.kvCacheSize = uint64_t{batches} * p.pagesPerBatch * p.pageSize * p.heads * p.headDim;
    t.weightSize = uint64_t{p.blockSize} * p.heads;
    t.compressKvCacheSize = uint64_t{p.cacheRows} * p.heads * p.headDim;
    t.kvCacheSizePerCore = kTokensPerTile * t.headsNumPerCore * p.headDim;
    t.weightSizePerCore = t.kvCacheSizePerCore;
    t.compressKvCacheSizePerCore = t.headsNumPerCore * p.headDim;
    t.blockTableSize = batches * p.pagesPerBatch;
    t.headNum = p.heads;
    t.headDim = p.headDim;
    t.batchSize = batches;
    t.pageBlockSize = p.pageSize;
    t.pageNumPerBatch = p.pagesPerBatch;
    t.compressBlockSize = p.blockSize;
    t.compressStride = p.stride;
    t.coresNumPerCompress = p.heads / t.headsNumPerCore;
    t.tokenNumPerTile = kTokensPerTile;
    t.tokenRepeatCount = p.blockSize / kTokensPerTile;
    t.alignReduceSize = CeilPowerOfTwo(t.tokenRepeatCount) / 2;
    SplitTasks(due, cores, launch);
    return true;
}
