// The V2 kernel's checks of the values it reads from device memory (docs/aclnnNsaCompressWithCacheV2.md,
// "Which windows write"), each in 64-bit before it addresses anything, each skip printed
// (AscendC::printf; the simulator writes it to stderr) but a negative slot's, which is the caller's:
//   prev < 0 or L < prev          the batch;
//   k >= S                        the window (no slot column names it);
//   slot >= R                     the window;
//   a later window names its row  the window: the last in (batch, k) order writes a row, on any
//                                 core count, since every core decides from the same values;
//   a page outside the pool, or a table column past W   the window.
#ifndef NSA_COMPRESS_WITH_CACHE_V2_GUARDS_H
#define NSA_COMPRESS_WITH_CACHE_V2_GUARDS_H

#include "kernel_operator.h"
#include "nsa_compress_with_cache_v2_lengths.h"
#include "nsa_compress_with_cache_v2_tiling_data.h"
#include "nsa_compress_with_cache_v2_windows.h"

namespace nsa::with_cache_v2::kernel {

struct GuardTensors {
    GM_ADDR slotMapping;
    GM_ADDR prevSeqLen;
    GM_ADDR actSeqLen;
    GM_ADDR blockTable;
};

class WindowGuards {
public:
    // `lengthArea`: the claims area, whose second chunk streams the later batches' lengths.
    __aicore__ inline void Init(const NsaCompressWithCacheV2TilingData &tiling, const GuardTensors &gm,
                                AscendC::TBuf<AscendC::TPosition::VECCALC> &lengthArea)
    {
        tiling_ = &tiling;
        slotGm_.SetGlobalBuffer(reinterpret_cast<__gm__ int32_t *>(gm.slotMapping), tiling.slotExtent);
        tableGm_.SetGlobalBuffer(reinterpret_cast<__gm__ int32_t *>(gm.blockTable), tiling.tableExtent);
        later_.Init(tiling.batchNum, gm.prevSeqLen, gm.actSeqLen, lengthArea, kLengthChunkBytes);
    }

    // The windows `batch` emits from its lengths; false for a broken pair, reported when `reports`.
    __aicore__ inline bool Batch(uint32_t batch, int64_t prev, int64_t length, bool reports,
                                 EmittedWindows *windows) const
    {
        if (EmitWindows(prev, length, tiling_->windowLen, tiling_->windowStep, windows)) {
            return true;
        }
        if (reports) {
            AscendC::printf("batch %u skipped: prevSeqLen[%u] = %ld and actSeqLen[%u] = %ld, it needs "
                            "0 <= prevSeqLen <= actSeqLen.\n", batch, batch, prev, batch, length);
        }
        return false;
    }

    // The windows of `batch` that have a slot column (the others skip, reported when `reports`).
    __aicore__ inline uint64_t Named(uint32_t batch, const EmittedWindows &windows, bool reports) const
    {
        const uint64_t columns = tiling_->slotColumns;
        if (windows.count > columns && reports) {
            AscendC::printf("batch %u: windows k = %lu .. %lu skipped: slotMapping has %lu columns.\n", batch,
                            columns, windows.count - 1, columns);
        }
        return WithColumn(windows);
    }

    // True when window k of `batch` (k below Named) writes: its slot names a row no later window
    // names, and its pages lie in the table and the pool. `reports`: print the skips.
    __aicore__ inline bool Writes(uint32_t batch, const EmittedWindows &windows, uint64_t k, bool reports,
                                  uint64_t *row)
    {
        const int64_t slot = Slot(batch, k);
        if (slot < 0) {
            return false;
        }
        if (static_cast<uint64_t>(slot) >= tiling_->cacheRows) {
            if (reports) {
                AscendC::printf("window skipped: slotMapping[%u][%lu] = %ld is not a row of the cache [0, %lu).\n",
                                batch, k, slot, tiling_->cacheRows);
            }
            return false;
        }
        *row = static_cast<uint64_t>(slot);
        return !ClaimedLater(batch, windows, k, slot) && PagesInside(batch, (windows.first + k) * tiling_->windowStep,
                                                                     reports);
    }

    // The pool page holding token `token` of `batch` (PagesInside checked it).
    __aicore__ inline uint64_t Page(uint32_t batch, uint64_t token) const
    {
        return static_cast<uint64_t>(
            tableGm_.GetValue(uint64_t{batch} * tiling_->tableWidth + token / tiling_->pageSize));
    }

private:
    __aicore__ inline int64_t Slot(uint32_t batch, uint64_t k) const
    {
        return slotGm_.GetValue(uint64_t{batch} * tiling_->slotColumns + k);
    }

    // A later window in (batch, k) order names `slot`: its own batch's after k, then every later
    // batch's named windows, their lengths streamed through UB.
    __aicore__ inline bool ClaimedLater(uint32_t batch, const EmittedWindows &windows, uint64_t k, int64_t slot)
    {
        for (uint64_t later = k + 1; later < WithColumn(windows); ++later) {
            if (Slot(batch, later) == slot) {
                return true;
            }
        }
        for (uint32_t begin = batch + 1; begin < tiling_->batchNum; begin += kLengthChunk) {
            const uint32_t count = later_.Load(begin);
            for (uint32_t i = 0; i < count; ++i) {
                EmittedWindows next;
                EmitWindows(later_.Prev(i), later_.Act(i), tiling_->windowLen, tiling_->windowStep, &next);
                for (uint64_t column = 0; column < WithColumn(next); ++column) {
                    if (Slot(begin + i, column) == slot) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    // The windows that have a slot column.
    __aicore__ inline uint64_t WithColumn(const EmittedWindows &windows) const
    {
        return windows.count < tiling_->slotColumns ? windows.count : tiling_->slotColumns;
    }

    // Every token of the window from `start` lies in a page of the pool through the table's row.
    __aicore__ inline bool PagesInside(uint32_t batch, uint64_t start, bool reports) const
    {
        const uint64_t end = start + tiling_->windowLen;
        for (uint64_t entry = start / tiling_->pageSize; entry <= (end - 1) / tiling_->pageSize; ++entry) {
            if (entry >= tiling_->tableWidth) {
                if (reports) {
                    AscendC::printf("window skipped: it needs blockTable[%u][%lu], past the table's %lu columns.\n",
                                    batch, entry, tiling_->tableWidth);
                }
                return false;
            }
            const int64_t page = tableGm_.GetValue(uint64_t{batch} * tiling_->tableWidth + entry);
            if (page < 0 || static_cast<uint64_t>(page) >= tiling_->pages) {
                if (reports) {
                    AscendC::printf("window skipped: blockTable[%u][%lu] = %ld is not a page of the pool [0, %lu).\n",
                                    batch, entry, page, tiling_->pages);
                }
                return false;
            }
        }
        return true;
    }

    const NsaCompressWithCacheV2TilingData *tiling_ = nullptr;
    AscendC::GlobalTensor<int32_t> slotGm_;
    LengthChunk later_;
    AscendC::GlobalTensor<int32_t> tableGm_;
};

}  // namespace nsa::with_cache_v2::kernel

#endif
