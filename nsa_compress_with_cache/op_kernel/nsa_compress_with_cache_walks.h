// How NsaCompressWithCache's kernel checks the work it is handed: whether a due batch names a
// cache row, whether the window's tokens lie in the input, and where. The lengths and slots come
// from the stream of nsa_compress_with_cache_slot_claims.h; every value read from device memory
// (length, slot, page id) is checked in 64-bit before it addresses anything (docs/design.md,
// "Device-side values"): a negative slot skips the batch (the caller's way to say so); a slot
// past the cache or a page id outside the pool skips it too, and the core reports it with printf.
#ifndef NSA_COMPRESS_WITH_CACHE_WALKS_H
#define NSA_COMPRESS_WITH_CACHE_WALKS_H

#include "kernel_operator.h"
#include "nsa_compress_with_cache_tiling_data.h"
#include "nsa_windows.h"

namespace nsa::with_cache::kernel {

// A window to compute: tokens [start, start + l) of `batch`, into cache row `slot`.
struct DueWindow {
    uint32_t batch = 0;
    uint64_t slot = 0;
    uint64_t start = 0;
    uint64_t tokenOffset = 0;   // TND: the batch's first token in the input
};

// A batch's length from its list entry: the entry itself, or (cumulative ends) the entry less
// the previous batch's end.
__aicore__ inline int64_t BatchLength(int64_t entry, int64_t previousEnd, uint32_t seqIsEnds)
{
    return seqIsEnds != 0 ? entry - previousEnd : entry;
}

class BatchWalk {
public:
    __aicore__ inline void Init(const NsaCompressWithCacheTilingData &tiling, GM_ADDR blockTable, bool reports)
    {
        tiling_ = &tiling;
        reports_ = reports;
        if (tiling.paged != 0) {
            tableGm_.SetGlobalBuffer(reinterpret_cast<__gm__ int32_t *>(blockTable), tiling.tableExtent);
        }
    }

    // True when the due `batch` (its length, its first token in a TND input, and its slot as
    // streamed) names a cache row: a candidate to write, before duplicate slots and its pages
    // (TokensInside) are settled; fills `window`.
    __aicore__ inline bool Candidate(uint32_t batch, int64_t length, int64_t offset, int64_t slot,
                                     DueWindow *window) const
    {
        if (slot < 0) {
            return false;
        }
        if (static_cast<uint64_t>(slot) >= tiling_->cacheRows) {
            Report("batch %u skipped: slotMapping[%u] = %ld is not a row of the cache [0, %lu).\n", batch, batch, slot,
                   tiling_->cacheRows);
            return false;
        }
        const uint64_t start = static_cast<uint64_t>(length) - tiling_->windowLen;
        *window = DueWindow{batch, static_cast<uint64_t>(slot), start, static_cast<uint64_t>(offset)};
        return true;
    }

    // The pool page holding token `token` of `batch` (TokensInside checked it).
    __aicore__ inline uint64_t Page(uint32_t batch, uint64_t token) const
    {
        return static_cast<uint64_t>(
            tableGm_.GetValue(uint64_t{batch} * tiling_->tableRowStride + token / tiling_->inputTokens));
    }

    // Every token of the window lies in the input: its pages in the table's row and in the pool
    // (paged), or its rows below T (TND).
    __aicore__ inline bool TokensInside(const DueWindow &window) const
    {
        const uint32_t batch = window.batch;
        const uint64_t offset = window.tokenOffset;
        const uint64_t start = window.start;
        const uint64_t end = start + tiling_->windowLen;
        if (tiling_->paged == 0) {
            if (offset + end > tiling_->inputTokens) {
                Report("batch %u skipped: its tokens end at %lu, past the input's %lu.\n", batch, offset + end,
                       tiling_->inputTokens);
                return false;
            }
            return true;
        }
        const uint64_t pageSize = tiling_->inputTokens;
        for (uint64_t entry = start / pageSize; entry <= (end - 1) / pageSize; ++entry) {
            const int64_t page = entry < tiling_->tableWidth
                                     ? tableGm_.GetValue(uint64_t{batch} * tiling_->tableRowStride + entry)
                                     : -1;
            if (page < 0 || static_cast<uint64_t>(page) >= tiling_->inputPages) {
                Report("batch %u skipped: blockTable[%u][%lu] = %ld is not a page of the pool [0, %lu).\n", batch,
                       batch, entry, page, tiling_->inputPages);
                return false;
            }
        }
        return true;
    }

private:
    template <typename... Args>
    __aicore__ inline void Report(const char *format, Args... args) const
    {
        if (reports_) {
            AscendC::printf(format, args...);
        }
    }

    const NsaCompressWithCacheTilingData *tiling_ = nullptr;
    bool reports_ = false;
    AscendC::GlobalTensor<int32_t> tableGm_;
};

}  // namespace nsa::with_cache::kernel

#endif
