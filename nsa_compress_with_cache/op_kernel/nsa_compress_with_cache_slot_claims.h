// A core's due batches and duplicate slots (docs/design.md, "Kernel design" and "Device-side
// values"). The cores of a head chunk share its due batches by rank: the r-th due batch of the
// step goes to lane r % lanes, so the lanes' loads differ by at most one window wherever the due
// batches lie, while the launch stays a function of shapes. A core finds its batches by
// streaming every batch's length and slot once, a chunk at a time copied into UB, instead of
// scalar reads from global memory.
//
// The same stream settles duplicate slots: when several due batches name one cache row, the one
// with the highest index writes it and the others skip, so each due batch claims its slot from
// the core's candidates before it. Every core decides alike from the same device values, whatever
// batches it was handed, so the rule holds on any core count and no row is written twice.
#ifndef NSA_COMPRESS_WITH_CACHE_SLOT_CLAIMS_H
#define NSA_COMPRESS_WITH_CACHE_SLOT_CLAIMS_H

#include "kernel_operator.h"
#include "nsa_compress_with_cache_tiling_data.h"
#include "nsa_compress_with_cache_ub_layout.h"
#include "nsa_compress_with_cache_walks.h"
#include "nsa_pipes.h"
#include "nsa_windows.h"

namespace nsa::with_cache::kernel {

// Candidate windows a core gathers and settles with one stream of the batches.
constexpr uint32_t kClaimGroup = 32;

// Which due batches a core gathers in one stream: those of rank lane + lanes * k, for k in
// [firstShare, firstShare + kClaimGroup).
struct LaneShare {
    uint32_t lane = 0;
    uint32_t lanes = 1;
    uint32_t firstShare = 0;
};

class DueBatches {
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

    // Fills `windows`, in ascending batches, with the share's due batches that name a cache row
    // (`walk` checks the slot) and that no later due batch claims; returns how many. `*more` says
    // whether the lane has due batches past the share.
    __aicore__ inline uint32_t Gather(const BatchWalk &walk, const LaneShare &share, DueWindow *windows, bool *more)
    {
        Group group{windows};
        Turn turn;
        int64_t previousEnd = 0;
        for (uint32_t begin = 0; begin < tiling_->batchNum; begin += kClaimChunk) {
            const uint32_t left = tiling_->batchNum - begin;
            const uint32_t size = left < kClaimChunk ? left : kClaimChunk;
            CopyChunk(begin, size);
            for (uint32_t i = 0; i < size; ++i) {
                const int64_t entry = lengths_.GetValue(i);
                const int64_t offset = tiling_->seqIsEnds != 0 ? previousEnd : 0;
                const int64_t length = BatchLength(entry, previousEnd, tiling_->seqIsEnds);
                previousEnd = entry;
                if (!nsa::CompletesWindow(length, tiling_->windowLen, tiling_->windowStep)) {
                    continue;
                }
                const int64_t slot = slots_.GetValue(i);
                Claim(slot, &group);
                if (turn.lane == share.lane && turn.share >= share.firstShare) {
                    if (turn.share - share.firstShare < kClaimGroup) {
                        group.count += walk.Candidate(begin + i, length, offset, slot, &windows[group.count]) ? 1 : 0;
                    } else {
                        group.more = true;
                    }
                }
                turn.Advance(share.lanes);
            }
            nsa::HandOver<AscendC::HardEvent::S_MTE2>();
        }
        *more = group.more;
        return Keep(&group);
    }

private:
    // The candidates gathered so far and which of them a later due batch has claimed.
    struct Group {
        DueWindow *windows;
        uint32_t count = 0;
        bool more = false;
        bool claimed[kClaimGroup] = {};
    };

    // The lane the next due batch goes to, and its place among that lane's batches (its rank
    // divided by the lanes, kept as two counters so the stream needs no division).
    struct Turn {
        uint32_t lane = 0;
        uint32_t share = 0;

        __aicore__ inline void Advance(uint32_t lanes)
        {
            if (++lane == lanes) {
                lane = 0;
                ++share;
            }
        }
    };

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

    // A due batch naming `slot` claims it from every candidate gathered before it (all of lower
    // batches, as the stream ascends).
    __aicore__ inline static void Claim(int64_t slot, Group *group)
    {
        for (uint32_t k = 0; k < group->count; ++k) {
            if (static_cast<int64_t>(group->windows[k].slot) == slot) {
                group->claimed[k] = true;
            }
        }
    }

    // Keeps, in order, the unclaimed candidates; returns how many remain.
    __aicore__ inline static uint32_t Keep(Group *group)
    {
        uint32_t kept = 0;
        for (uint32_t k = 0; k < group->count; ++k) {
            if (!group->claimed[k]) {
                group->windows[kept++] = group->windows[k];
            }
        }
        return kept;
    }

    const NsaCompressWithCacheTilingData *tiling_ = nullptr;
    AscendC::GlobalTensor<int64_t> seqGm_;
    AscendC::GlobalTensor<int32_t> slotGm_;
    AscendC::LocalTensor<int64_t> lengths_;
    AscendC::LocalTensor<int32_t> slots_;
};

}  // namespace nsa::with_cache::kernel

#endif
