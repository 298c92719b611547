// NsaCompressWithCache vector kernel (docs/design.md, "Kernel design"). Each core owns one head
// chunk (or, with more chunks than cores, every cores-th chunk) and an interleaved share of the
// batches, fixed by shapes alone. For its chunk it loads and broadcasts the weights once, then
// for each of its batches that completes a window at this step and writes it (BatchWalk,
// SlotClaims) copies the window's l token rows in, page segment by page segment, and treats every
// row in three steps as the forward op does:
//   widen      the row to fp32;
//   multiply   it by w[j, head] (j its position in the window);
//   accumulate the products into the window's fp32 sum, ascending j, starting from +0;
// then rounds the sum once to T (nearest-even) and writes it to the batch's cache row. Row j is
// widened, row j-1 multiplied and row j-2 accumulated together, then one PipeBarrier makes their
// results visible. With two window buffers, the next due window is copied in while this one is
// computed.
#ifndef NSA_COMPRESS_WITH_CACHE_KERNEL_H
#define NSA_COMPRESS_WITH_CACHE_KERNEL_H

#include "kernel_operator.h"
#include "nsa_compress_with_cache_tiling_data.h"
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
        rowElements_ = layout_.rowElements;
        inputGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(gm.input), tiling.inputExtent);
        weightGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(gm.weight), tiling.weightExtent);
        cacheGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(gm.cache), tiling.cacheExtent);
        // The first chunk's cores see every batch once: they report what they skip.
        walk_.Init(tiling, gm.seqValues, gm.slotMapping, gm.blockTable, core_ < tiling.batchLanes);
        for (uint32_t q = 0; q < tiling.tileBuffers; ++q) {
            pipe->InitBuffer(tileQueues_[q], 1, layout_.tileBytes);
        }
        pipe->InitBuffer(vectorBuf_, layout_.vectorBytes);
        pipe->InitBuffer(outQueue_, 2, layout_.outputBytes);
        pipe->InitBuffer(claimBuf_, kClaimBytes);
        claims_.Init(tiling, gm.seqValues, gm.slotMapping, claimBuf_);
        const AscendC::LocalTensor<float> area = vectorBuf_.Get<float>();
        widened_ = area[layout_.widenedOffset / sizeof(float)];
        products_ = area[layout_.productOffset / sizeof(float)];
        acc_ = area[layout_.accOffset / sizeof(float)];
        weights_.widened = area[layout_.weightFloatOffset / sizeof(float)];
        weights_.brcb = area[layout_.weightBrcbOffset / sizeof(float)];
        weights_.raw = vectorBuf_.Get<T>()[layout_.weightRawOffset / sizeof(T)];
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
    // The batches first, first + step, ...: their candidate windows gathered a group at a time,
    // settled (duplicate slots, then pages), and computed.
    __aicore__ inline void ProcessBatches(uint32_t first, uint32_t step)
    {
        DueWindow group[kClaimGroup];
        for (uint32_t next = first; next < tiling_->batchNum;) {
            uint32_t count = 0;
            for (; next < tiling_->batchNum && count < kClaimGroup; next += step) {
                count += walk_.Candidate(next, &group[count]) ? 1 : 0;
            }
            count = claims_.Settle(group, count);
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
        const uint64_t headOffset = head_ * tiling_->inputHeadStride;
        if (tiling_->paged == 0) {
            const uint64_t first = (window.tokenOffset + window.start) * tiling_->inputTokenStride;
            CopyRows(tile, 0, first + headOffset, windowLen_);
        } else {
            const uint64_t pageSize = tiling_->inputTokens;
            for (uint32_t row = 0; row < windowLen_;) {
                const uint64_t token = window.start + row;
                const uint64_t inPage = token % pageSize;
                const uint64_t left = pageSize - inPage;
                const uint32_t rows = left < windowLen_ - row ? static_cast<uint32_t>(left) : windowLen_ - row;
                const uint64_t first = walk_.Page(window.batch, token) * tiling_->inputPageStride +
                                       inPage * tiling_->inputTokenStride;
                CopyRows(tile, row, first + headOffset, rows);
                row += rows;
            }
        }
        queue.EnQue(tile);
    }

    // `rows` token rows from input element `first` into the tile from row `row`: one copied run
    // when the rows follow each other, one copy when the chunk's heads lie together in a row, else
    // one per head into its columns.
    __aicore__ inline void CopyRows(const AscendC::LocalTensor<T> &tile, uint32_t row, uint64_t first, uint32_t rows)
    {
        const uint64_t tokenStride = tiling_->inputTokenStride;
        const AscendC::DataCopyPadExtParams<T> noPad{false, 0, 0, static_cast<T>(0.0f)};
        const AscendC::LocalTensor<T> dst = tile[row * rowElements_];
        if (tokenStride == rowElements_) {
            const AscendC::DataCopyExtParams copy{1, static_cast<uint32_t>(rows * rowElements_ * sizeof(T)), 0, 0, 0};
            AscendC::DataCopyPad(dst, inputGm_[first], copy, noPad);
        } else if (headChunk_ == 1 || tiling_->inputHeadStride == headDim_) {
            const AscendC::DataCopyExtParams copy{static_cast<uint16_t>(rows),
                                                  static_cast<uint32_t>(rowElements_ * sizeof(T)),
                                                  static_cast<uint32_t>((tokenStride - rowElements_) * sizeof(T)), 0,
                                                  0};
            AscendC::DataCopyPad(dst, inputGm_[first], copy, noPad);
        } else {
            const AscendC::DataCopyExtParams copy{
                static_cast<uint16_t>(rows), static_cast<uint32_t>(headDim_ * sizeof(T)),
                static_cast<uint32_t>((tokenStride - headDim_) * sizeof(T)),
                static_cast<uint32_t>((rowElements_ - headDim_) * sizeof(T) / nsa::kBlockBytes), 0};
            for (uint32_t h = 0; h < headChunk_; ++h) {
                AscendC::DataCopyPad(dst[h * headDim_], inputGm_[first + h * tiling_->inputHeadStride], copy, noPad);
            }
        }
    }

    // Step s widens row s, multiplies row s-1 and accumulates row s-2; the barrier after each step
    // makes its results visible to the next.
    __aicore__ inline void Compute(const DueWindow &window, uint32_t index)
    {
        AscendC::LocalTensor<T> tile = TileQueue(index).template DeQue<T>();
        for (uint32_t step = 0; step < windowLen_ + 2; ++step) {
            if (step >= 2) {
                Accumulate(step - 2);
            }
            if (step >= 1 && step - 1 < windowLen_) {
                Multiply(step - 1);
            }
            if (step < windowLen_) {
                AscendC::Cast(widened_[(step % 2) * rowElements_], tile[step * rowElements_],
                              AscendC::RoundMode::CAST_NONE, rowElements_);
            }
            AscendC::PipeBarrier<PIPE_V>();
        }
        TileQueue(index).FreeTensor(tile);
        WriteRow(window);
    }

    // products[j % 2] = w[j, head] * x[j, head] for the chunk's heads: one Mul per 64-column part
    // walking the heads, or, when there are more whole parts than heads, one Mul per head walking
    // its parts.
    __aicore__ inline void Multiply(uint32_t j)
    {
        const AscendC::LocalTensor<float> x = widened_[(j % 2) * rowElements_];
        const AscendC::LocalTensor<float> products = products_[(j % 2) * rowElements_];
        const AscendC::LocalTensor<float> weights = weights_.brcb[j * headChunk_ * nsa::kFloatsPerBlock];
        const uint32_t parts = (headDim_ + nsa::kFloatsPerRepeat - 1) / nsa::kFloatsPerRepeat;
        const bool walkParts = headDim_ % nsa::kFloatsPerRepeat == 0 && parts > headChunk_;
        AscendC::BinaryRepeatParams params;
        params.dstBlkStride = 1;
        params.src0BlkStride = 1;
        params.src1BlkStride = 0;
        params.dstRepStride =
            static_cast<uint8_t>((walkParts ? nsa::kFloatsPerRepeat : headDim_) / nsa::kFloatsPerBlock);
        params.src0RepStride = params.dstRepStride;
        params.src1RepStride = walkParts ? 0 : 1;
        if (walkParts) {
            for (uint32_t h = 0; h < headChunk_; ++h) {
                AscendC::Mul(products[h * headDim_], x[h * headDim_], weights[h * nsa::kFloatsPerBlock],
                             nsa::kFloatsPerRepeat, static_cast<uint8_t>(parts), params);
            }
            return;
        }
        for (uint32_t column = 0; column < headDim_; column += nsa::kFloatsPerRepeat) {
            const uint64_t mask =
                headDim_ - column < nsa::kFloatsPerRepeat ? headDim_ - column : nsa::kFloatsPerRepeat;
            AscendC::Mul(products[column], x[column], weights, mask, static_cast<uint8_t>(headChunk_), params);
        }
    }

    // acc = +0 + products of row 0 (which turns a -0 product into +0, as the sum from +0 does),
    // then acc += products of each later row.
    __aicore__ inline void Accumulate(uint32_t j)
    {
        const AscendC::LocalTensor<float> products = products_[(j % 2) * rowElements_];
        if (j == 0) {
            AscendC::Adds(acc_, products, 0.0f, static_cast<int32_t>(rowElements_));
        } else {
            AscendC::Add(acc_, acc_, products, static_cast<int32_t>(rowElements_));
        }
    }

    // The sum rounded once to T, into cache row `slot`: one copied run when the chunk's heads lie
    // together in the row, else one block per head.
    __aicore__ inline void WriteRow(const DueWindow &window)
    {
        AscendC::LocalTensor<T> out = outQueue_.AllocTensor<T>();
        AscendC::Cast(out, acc_, AscendC::RoundMode::CAST_RINT, rowElements_);
        outQueue_.EnQue(out);
        out = outQueue_.DeQue<T>();
        const uint64_t headStride = tiling_->cacheHeadStride;
        const uint64_t offset = window.slot * tiling_->cacheRowStride + head_ * headStride;
        const bool together = headChunk_ == 1 || headStride == headDim_;
        const AscendC::DataCopyExtParams copy{
            static_cast<uint16_t>(together ? 1 : headChunk_),
            static_cast<uint32_t>((together ? rowElements_ : headDim_) * sizeof(T)), 0,
            static_cast<uint32_t>(together ? 0 : (headStride - headDim_) * sizeof(T)), 0};
        AscendC::DataCopyPad(cacheGm_[offset], out, copy);
        outQueue_.FreeTensor(out);
    }

    const NsaCompressWithCacheTilingData *tiling_ = nullptr;
    BatchWalk walk_;
    SlotClaims claims_;
    AscendC::GlobalTensor<T> inputGm_;
    AscendC::GlobalTensor<T> weightGm_;
    AscendC::GlobalTensor<T> cacheGm_;
    AscendC::TQue<AscendC::TPosition::VECIN, 1> tileQueues_[kMaxTileBuffers];
    AscendC::TQue<AscendC::TPosition::VECOUT, 2> outQueue_;
    AscendC::TBuf<AscendC::TPosition::VECCALC> vectorBuf_;
    AscendC::TBuf<AscendC::TPosition::VECCALC> claimBuf_;
    nsa::WeightBuffers<T> weights_;
    AscendC::LocalTensor<float> widened_;
    AscendC::LocalTensor<float> products_;
    AscendC::LocalTensor<float> acc_;
    UbLayout layout_{};
    uint32_t core_ = 0;
    uint32_t head_ = 0;
    uint32_t headDim_ = 0;
    uint32_t headChunk_ = 0;
    uint32_t windowLen_ = 0;
    uint32_t rowElements_ = 0;
};

}  // namespace nsa::with_cache::kernel

#endif
