// NsaCompressWithCacheV2 vector kernel (docs/design.md, "V2"). Each core owns one head chunk (or,
// with more chunks than cores, every cores-th chunk) and is one of the chunk's lanes: it takes
// window i of batch b when (b + i) % lanes is its lane, so a long prefill spreads over the lanes.
// For its chunk it loads the K weights (and the V weights) once; then for each of its windows that
// writes (nsa_compress_with_cache_v2_guards.h) it copies the window from the K pool, sums it and
// writes the K cache row, then the same for the V pool into the same row of the V cache, with the
// first entry point's window arithmetic (nsa_compress_with_cache_rows.h).
#ifndef NSA_COMPRESS_WITH_CACHE_V2_KERNEL_H
#define NSA_COMPRESS_WITH_CACHE_V2_KERNEL_H

#include "../../nsa_compress_with_cache/op_kernel/nsa_compress_with_cache_rows.h"
#include "kernel_operator.h"
#include "nsa_compress_with_cache_v2_guards.h"
#include "nsa_compress_with_cache_v2_tiling_data.h"
#include "nsa_compress_with_cache_v2_ub_layout.h"
#include "nsa_weights.h"

namespace nsa::with_cache_v2::kernel {

using nsa::with_cache::kernel::CacheStrides;
using nsa::with_cache::kernel::PoolStrides;

// The kernel's global-memory arguments; the V ones null when the V pool is not given.
struct KernelTensors {
    GM_ADDR input;
    GM_ADDR weight;
    GM_ADDR valueInput;
    GM_ADDR valueWeight;
    GuardTensors guarded;
    GM_ADDR cache;
    GM_ADDR valueCache;
};

// One pool as the kernel reads and writes it.
template <typename T>
struct PoolTensors {
    AscendC::GlobalTensor<T> pool;
    AscendC::GlobalTensor<T> weight;
    AscendC::GlobalTensor<T> cache;
    nsa::WeightBuffers<T> weights;
    const NsaCompressWithCacheV2Pool *view = nullptr;   // its strides and extents

    __aicore__ inline void Bind(GM_ADDR poolAddr, GM_ADDR weightAddr, GM_ADDR cacheAddr,
                                const NsaCompressWithCacheV2Pool &at)
    {
        pool.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(poolAddr), at.extent);
        weight.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(weightAddr), at.weightExtent);
        cache.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(cacheAddr), at.cacheExtent);
        view = &at;
    }
};

template <typename T>
class NsaCompressWithCacheV2Kernel {
public:
    __aicore__ inline void Init(const KernelTensors &gm, const NsaCompressWithCacheV2TilingData &tiling,
                                AscendC::TPipe *pipe)
    {
        core_ = static_cast<uint32_t>(AscendC::GetBlockIdx());
        tiling_ = &tiling;
        if (core_ >= tiling.usedCoreNum) {
            return;
        }
        const nsa::with_cache::UbLayout layout = MakeV2Layout(tiling.headDim, tiling.windowLen, tiling.headChunk,
                                                              sizeof(T), tiling.ubBytes, tiling.withValue != 0);
        pipe->InitBuffer(lengthArea_, nsa::with_cache::kClaimBytes);
        batches_.Init(tiling.batchNum, gm.guarded.prevSeqLen, gm.guarded.actSeqLen, lengthArea_, 0);
        guards_.Init(tiling, gm.guarded, lengthArea_);
        key_.Bind(gm.input, gm.weight, gm.cache, tiling.key);
        pipe->InitBuffer(tileQueue_, 1, layout.tileBytes);
        pipe->InitBuffer(vectorBuf_, layout.vectorBytes);
        rows_.Init({tiling.headDim, tiling.headChunk, tiling.windowLen}, layout, vectorBuf_, pipe);
        key_.weights = nsa::with_cache::kernel::LayoutWeights<T>(vectorBuf_, layout, layout.weightRawOffset);
        if (tiling.withValue != 0) {
            value_.Bind(gm.valueInput, gm.valueWeight, gm.valueCache, tiling.value);
            pipe->InitBuffer(valueWeightBuf_, WeightAreaBytes(layout));
            value_.weights = nsa::with_cache::kernel::LayoutWeights<T>(valueWeightBuf_, layout, 0);
        }
    }

    __aicore__ inline void Process()
    {
        if (core_ >= tiling_->usedCoreNum) {
            return;
        }
        const uint32_t lanes = tiling_->lanes;
        for (uint32_t chunk = core_ / lanes; chunk < tiling_->chunkNum; chunk += tiling_->usedCoreNum / lanes) {
            head_ = chunk * tiling_->headChunk;
            LoadWeights(key_);
            if (tiling_->withValue != 0) {
                LoadWeights(value_);
            }
            for (uint32_t begin = 0; begin < tiling_->batchNum; begin += kLengthChunk) {
                const uint32_t count = batches_.Load(begin);
                for (uint32_t i = 0; i < count; ++i) {
                    ProcessBatch(begin + i, batches_.Prev(i), batches_.Act(i), core_ % lanes, lanes);
                }
            }
            AscendC::PipeBarrier<PIPE_V>();
        }
    }

private:
    __aicore__ inline void LoadWeights(PoolTensors<T> &pool)
    {
        nsa::LoadWeights(pool.weights, pool.weight, pool.view->weightRowStride, head_, tiling_->headChunk,
                         tiling_->windowLen);
    }

    // The lane's windows of `batch`: k = k0, k0 + lanes, ... below the named ones. Each skip is
    // reported once: while the first head chunk is computed, by its lane 0 for the batch's skips
    // and by the window's lane for the window's.
    __aicore__ inline void ProcessBatch(uint32_t batch, int64_t prev, int64_t length, uint32_t lane, uint32_t lanes)
    {
        const bool reports = head_ == 0;
        EmittedWindows windows;
        if (!guards_.Batch(batch, prev, length, reports && lane == 0, &windows) || windows.count == 0) {
            return;
        }
        const uint64_t named = guards_.Named(batch, windows, reports && lane == 0);
        const uint64_t owner = (uint64_t{batch} + windows.first) % lanes;
        for (uint64_t k = (lane + lanes - owner) % lanes; k < named; k += lanes) {
            uint64_t row = 0;
            if (!guards_.Writes(batch, windows, k, reports, &row)) {
                continue;
            }
            const uint64_t start = (windows.first + k) * tiling_->windowStep;
            ComputeWindow(key_, batch, start, row);
            if (tiling_->withValue != 0) {
                ComputeWindow(value_, batch, start, row);
            }
        }
    }

    // The window of `batch` from token `start` of one pool, summed into that pool's cache row `row`.
    __aicore__ inline void ComputeWindow(const PoolTensors<T> &pool, uint32_t batch, uint64_t start, uint64_t row)
    {
        const NsaCompressWithCacheV2Pool &at = *pool.view;
        AscendC::LocalTensor<T> tile = tileQueue_.AllocTensor<T>();
        rows_.CopyPagedWindow(tile, pool.pool, PoolStrides{at.pageStride, at.tokenStride, at.headStride}, guards_,
                              batch, start, tiling_->pageSize, head_);
        tileQueue_.EnQue(tile);
        tile = tileQueue_.DeQue<T>();
        rows_.Sum(tile, pool.weights);
        tileQueue_.FreeTensor(tile);
        rows_.WriteRow(pool.cache, row * at.cacheRowStride + head_ * at.cacheHeadStride, at.cacheHeadStride);
    }

    const NsaCompressWithCacheV2TilingData *tiling_ = nullptr;
    LengthChunk batches_;   // the walk's chunk of the batches' lengths
    WindowGuards guards_;
    PoolTensors<T> key_;
    PoolTensors<T> value_;
    nsa::with_cache::kernel::WindowRows<T> rows_;
    AscendC::TQue<AscendC::TPosition::VECIN, 1> tileQueue_;
    AscendC::TBuf<AscendC::TPosition::VECCALC> vectorBuf_;
    AscendC::TBuf<AscendC::TPosition::VECCALC> valueWeightBuf_;
    AscendC::TBuf<AscendC::TPosition::VECCALC> lengthArea_;
    uint32_t core_ = 0;
    uint32_t head_ = 0;
};

}  // namespace nsa::with_cache_v2::kernel

#endif
