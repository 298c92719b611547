// NsaCompressWithCache vector kernel (docs/design.md, "Kernel design"). Each core owns one head
// chunk (or, with more chunks than cores, every cores-th chunk) and is one of the chunk's lanes,
// fixed by shapes alone; the lanes share the due batches of the step by rank (DueBatches). For
// its chunk a core loads and broadcasts the weights once, then for each of its due batches that
// writes a row (DueBatches, BatchWalk) copies the window's l token rows in, page segment by page
// segment, sums them as the forward op does and writes the sum to the batch's cache row (the
// window arithmetic: nsa_compress_with_cache_rows.h). With two window buffers, the next due window
// is copied in while this one is computed.
#ifndef NSA_COMPRESS_WITH_CACHE_KERNEL_H
#define NSA_COMPRESS_WITH_CACHE_KERNEL_H

#include "kernel_operator.h"
#include "nsa_compress_with_cache_tiling_data.h"
#include "nsa_compress_with_cache_rows.h"
#include "nsa_compress_with_cache_ub_layout.h"
#include "nsa_compress_with_cache_slot_claims.h"
#include "nsa_compress_with_cache_walks.h"
#include "nsa_ub.h"
#include "nsa_weights.h"

namespace nsa::with_cache::kernel {

// The kernel's global-memory arguments.
struct KernelTensors {
    GM_ADDR input;
    GM_ADDR weight;
    GM_ADDR slotMapping;
    GM_ADDR seqValues;
    GM_ADDR blockTable;
    GM_ADDR cache;
};

template <typename T>
class NsaCompressWithCacheKernel {
public:
    __aicore__ inline void Init(const KernelTensors &gm, const NsaCompressWithCacheTilingData &tiling,
                                AscendC::TPipe *pipe)
    {
        core_ = static_cast<uint32_t>(AscendC::GetBlockIdx());
        tiling_ = &tiling;
        if (core_ >= tiling.usedCoreNum) {
            return;
        }
        headDim_ = tiling.headDim;
        headChunk_ = tiling.headChunk;
        windowLen_ = tiling.windowLen;
        layout_ = MakeUbLayout(headDim_, windowLen_, headChunk_, sizeof(T), tiling.ubBytes, tiling.tileBuffers);
        inputGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(gm.input), tiling.inputExtent);
        weightGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(gm.weight), tiling.weightExtent);
        cacheGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(gm.cache), tiling.cacheExtent);
        // The first chunk's cores are handed every due batch once: they report what they skip.
        walk_.Init(tiling, gm.blockTable, core_ < tiling.batchLanes);
        for (uint32_t q = 0; q < tiling.tileBuffers; ++q) {
            pipe->InitBuffer(tileQueues_[q], 1, layout_.tileBytes);
        }
        pipe->InitBuffer(vectorBuf_, layout_.vectorBytes);
        rows_.Init(RowShape{headDim_, headChunk_, windowLen_}, layout_, vectorBuf_, pipe);
        pipe->InitBuffer(claimBuf_, kClaimBytes);
        due_.Init(tiling, gm.seqValues, gm.slotMapping, claimBuf_);
        weights_ = LayoutWeights<T>(vectorBuf_, layout_, layout_.weightRawOffset);
    }

    __aicore__ inline void Process()
    {
        if (core_ >= tiling_->usedCoreNum) {
            return;
        }
        const uint32_t lanes = tiling_->batchLanes;
        for (uint32_t chunk = core_ / lanes; chunk < tiling_->chunkNum; chunk += tiling_->usedCoreNum / lanes) {
            head_ = chunk * headChunk_;
            nsa::LoadWeights(weights_, weightGm_, tiling_->weightRowStride, head_, headChunk_, windowLen_);
            ProcessBatches(core_ % lanes, lanes);
            AscendC::PipeBarrier<PIPE_V>();
        }
    }

private:
    // The lane's due batches, a group at a time: gathered and settled against duplicate slots
    // in one stream of the batches, their pages checked, then computed.
    __aicore__ inline void ProcessBatches(uint32_t lane, uint32_t lanes)
    {
        DueWindow group[kClaimGroup];
        bool more = true;
        for (uint32_t firstShare = 0; more; firstShare += kClaimGroup) {
            const uint32_t count = due_.Gather(walk_, LaneShare{lane, lanes, firstShare}, group, &more);
            uint32_t kept = 0;
            for (uint32_t k = 0; k < count; ++k) {
                if (walk_.TokensInside(group[k])) {
                    group[kept++] = group[k];
                }
            }
            ComputeWindows(group, kept);
        }
    }

    // The windows in order, each copied in ahead of its turn when there are two window buffers.
    __aicore__ inline void ComputeWindows(const DueWindow *windows, uint32_t count)
    {
        if (count > 0) {
            CopyWindow(windows[0], 0);
        }
        for (uint32_t index = 0; index < count; ++index) {
            const bool haveFollowing = index + 1 < count;
            if (haveFollowing && tiling_->tileBuffers > 1) {
                CopyWindow(windows[index + 1], index + 1);
            }
            Compute(windows[index], index);
            if (haveFollowing && tiling_->tileBuffers == 1) {
                CopyWindow(windows[index + 1], index + 1);
            }
        }
    }

    __aicore__ inline AscendC::TQue<AscendC::TPosition::VECIN, 1> &TileQueue(uint32_t index)
    {
        return tileQueues_[index % tiling_->tileBuffers];
    }

    // The window's l rows of the chunk's heads into a window buffer, one copy per page segment.
    __aicore__ inline void CopyWindow(const DueWindow &window, uint32_t index)
    {
        AscendC::TQue<AscendC::TPosition::VECIN, 1> &queue = TileQueue(index);
        AscendC::LocalTensor<T> tile = queue.template AllocTensor<T>();
        const PoolStrides strides{tiling_->inputPageStride, tiling_->inputTokenStride, tiling_->inputHeadStride};
        if (tiling_->paged == 0) {
            const uint64_t first = (window.tokenOffset + window.start) * tiling_->inputTokenStride;
            rows_.CopyRows(tile, 0, inputGm_, strides, first + head_ * tiling_->inputHeadStride, windowLen_);
        } else {
            rows_.CopyPagedWindow(tile, inputGm_, strides, walk_, window.batch, window.start, tiling_->inputTokens,
                                  head_);
        }
        queue.EnQue(tile);
    }

    // The window weighted and summed, then written to its cache row.
    __aicore__ inline void Compute(const DueWindow &window, uint32_t index)
    {
        AscendC::LocalTensor<T> tile = TileQueue(index).template DeQue<T>();
        rows_.Sum(tile, weights_);
        TileQueue(index).FreeTensor(tile);
        rows_.WriteRow(cacheGm_, window.slot * tiling_->cacheRowStride + head_ * tiling_->cacheHeadStride,
                       tiling_->cacheHeadStride);
    }

    const NsaCompressWithCacheTilingData *tiling_ = nullptr;
    BatchWalk walk_;
    DueBatches due_;
    AscendC::GlobalTensor<T> inputGm_;
    AscendC::GlobalTensor<T> weightGm_;
    AscendC::GlobalTensor<T> cacheGm_;
    AscendC::TQue<AscendC::TPosition::VECIN, 1> tileQueues_[kMaxTileBuffers];
    AscendC::TBuf<AscendC::TPosition::VECCALC> vectorBuf_;
    AscendC::TBuf<AscendC::TPosition::VECCALC> claimBuf_;
    nsa::WeightBuffers<T> weights_;
    WindowRows<T> rows_;
    UbLayout layout_{};
    uint32_t core_ = 0;
    uint32_t head_ = 0;
    uint32_t headDim_ = 0;
    uint32_t headChunk_ = 0;
    uint32_t windowLen_ = 0;
};

}  // namespace nsa::with_cache::kernel

#endif
