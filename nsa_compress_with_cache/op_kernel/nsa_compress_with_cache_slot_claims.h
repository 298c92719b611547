// Duplicate slots (docs/design.md, "Device-side values"): when several due batches name one
// cache row, the one with the highest index writes it and the others skip. Every core decides
// alike from the same device values, so the rule holds on any core count and no row is written
// twice. A core settles a group of its candidate windows at once: it streams the lengths and
// slots of the batches after the group's first once, a chunk at a time copied into UB, and drops
// each window whose slot a later due batch names. One stream per group, not one scan of the later
// batches per window.
#ifndef NSA_COMPRESS_WITH_CACHE_SLOT_CLAIMS_H
#define NSA_COMPRESS_WITH_CACHE_SLOT_CLAIMS_H

#include "kernel_operator.h"
#include "nsa_compress_with_cache_tiling_data.h"
#include "nsa_compress_with_cache_ub_layout.h"
#include "nsa_compress_with_cache_walks.h"
#include "nsa_pipes.h"
#include "nsa_windows.h"

namespace nsa::with_cache::kernel {

// Candidate windows a core gathers and settles with one stream of the later batches.
constexpr uint32_t kClaimGroup = 32;

class SlotClaims {
public:
    __aicore__ inline void Init(const NsaCompressWithCacheTilingData &tiling, GM_ADDR seqValues, GM_ADDR slots,
                                AscendC::TBuf<AscendC::TPosition::VECCALC> &area)
    {
        tiling_ = &tiling;
        seqGm_.SetGlobalBuffer(reinterpret_cast<__gm__ int64_t *>(seqValues), tiling.batchNum);
        slotGm_.SetGlobalBuffer(reinterpret_cast<__gm__ int32_t *>(slots), tiling.slotCount);
        lengths_ = area.Get<int64_t>();
        slots_ = area.Get<int32_t>()[kClaimLengthsBytes / sizeof(int32_t)];
    }

    // Keeps, in order, the windows of `windows[0, count)` (ascending batches) that no later due
    // batch claims; returns how many remain.
    __aicore__ inline uint32_t Settle(DueWindow *windows, uint32_t count)
    {
        if (count == 0) {
            return 0;
        }
        bool claimed[kClaimGroup] = {};
        const uint32_t first = windows[0].batch + 1;
        int64_t previousEnd = tiling_->seqIsEnds != 0 ? seqGm_.GetValue(first - 1) : 0;
        for (uint32_t begin = first; begin < tiling_->batchNum; begin += kClaimChunk) {
            const uint32_t left = tiling_->batchNum - begin;
            const uint32_t size = left < kClaimChunk ? left : kClaimChunk;
            CopyChunk(begin, size);
            for (uint32_t i = 0; i < size; ++i) {
                const int64_t entry = lengths_.GetValue(i);
                const int64_t length = BatchLength(entry, previousEnd, tiling_->seqIsEnds);
                previousEnd = entry;
                if (nsa::CompletesWindow(length, tiling_->windowLen, tiling_->windowStep)) {
                    Claim(begin + i, slots_.GetValue(i), windows, count, claimed);
                }
            }
            nsa::HandOver<AscendC::HardEvent::S_MTE2>();
        }
        uint32_t kept = 0;
        for (uint32_t k = 0; k < count; ++k) {
            if (!claimed[k]) {
                windows[kept++] = windows[k];
            }
        }
        return kept;
    }

private:
    // The lengths and slots of batches [begin, begin + size) into the claims area, ready for the
    // scalar unit.
    __aicore__ inline void CopyChunk(uint32_t begin, uint32_t size)
    {
        const AscendC::DataCopyExtParams lengthCopy{1, static_cast<uint32_t>(size * sizeof(int64_t)), 0, 0, 0};
        const AscendC::DataCopyExtParams slotCopy{1, static_cast<uint32_t>(size * sizeof(int32_t)), 0, 0, 0};
        AscendC::DataCopyPad(lengths_, seqGm_[begin], lengthCopy, AscendC::DataCopyPadExtParams<int64_t>{});
        AscendC::DataCopyPad(slots_, slotGm_[begin], slotCopy, AscendC::DataCopyPadExtParams<int32_t>{});
        nsa::HandOver<AscendC::HardEvent::MTE2_S>();
    }

    // A due `batch` naming `slot` claims it from every earlier window of the group naming it.
    __aicore__ inline static void Claim(uint32_t batch, int64_t slot, const DueWindow *windows, uint32_t count,
                                        bool *claimed)
    {
        for (uint32_t k = 0; k < count && windows[k].batch < batch; ++k) {
            if (static_cast<int64_t>(windows[k].slot) == slot) {
                claimed[k] = true;
            }
        }
    }

    const NsaCompressWithCacheTilingData *tiling_ = nullptr;
    AscendC::GlobalTensor<int64_t> seqGm_;
    AscendC::GlobalTensor<int32_t> slotGm_;
    AscendC::LocalTensor<int64_t> lengths_;
    AscendC::LocalTensor<int32_t> slots_;
};

}  // namespace nsa::with_cache::kernel

#endif
