// The batches' two lengths (prev_seq_len, act_seq_len) as the V2 kernel reads them: copied into UB
// a chunk of batches at a time and read there by the scalar unit, not one scalar GM read per
// value. Two chunks share the claims area the UB layout reserves (nsa_compress_with_cache_ub_layout.h):
// the kernel's walk over the batches holds one while the row claims of a window stream the later
// batches through the other.
#ifndef NSA_COMPRESS_WITH_CACHE_V2_LENGTHS_H
#define NSA_COMPRESS_WITH_CACHE_V2_LENGTHS_H

#include "kernel_operator.h"
#include "nsa_compress_with_cache_v2_ub_layout.h"
#include "nsa_pipes.h"

namespace nsa::with_cache_v2::kernel {

// Each chunk: kLengthChunk prev values, then kLengthChunk act values.
constexpr uint32_t kLengthChunkBytes = nsa::with_cache::kClaimBytes / 2;
constexpr uint32_t kLengthChunk = kLengthChunkBytes / (2 * sizeof(int64_t));

class LengthChunk {
public:
    // The chunk at byte `offset` of `area`.
    __aicore__ inline void Init(uint32_t batches, GM_ADDR prevSeqLen, GM_ADDR actSeqLen,
                                AscendC::TBuf<AscendC::TPosition::VECCALC> &area, uint32_t offset)
    {
        batches_ = batches;
        prevGm_.SetGlobalBuffer(reinterpret_cast<__gm__ int64_t *>(prevSeqLen), batches);
        actGm_.SetGlobalBuffer(reinterpret_cast<__gm__ int64_t *>(actSeqLen), batches);
        prev_ = area.Get<int64_t>()[offset / sizeof(int64_t)];
        act_ = prev_[kLengthChunk];
    }

    // Copies in the lengths of batches [begin, begin + count) and returns count (begin < batches).
    __aicore__ inline uint32_t Load(uint32_t begin)
    {
        const uint32_t left = batches_ - begin;
        const uint32_t count = left < kLengthChunk ? left : kLengthChunk;
        const AscendC::DataCopyExtParams copy{1, static_cast<uint32_t>(count * sizeof(int64_t)), 0, 0, 0};
        // The scalar unit is done with the previous chunk before the copy overwrites it.
        nsa::HandOver<AscendC::HardEvent::S_MTE2>();
        AscendC::DataCopyPad(prev_, prevGm_[begin], copy, AscendC::DataCopyPadExtParams<int64_t>{});
        AscendC::DataCopyPad(act_, actGm_[begin], copy, AscendC::DataCopyPadExtParams<int64_t>{});
        nsa::HandOver<AscendC::HardEvent::MTE2_S>();
        return count;
    }

    // The lengths of batch begin + i of the loaded chunk.
    __aicore__ inline int64_t Prev(uint32_t i) const { return prev_.GetValue(i); }
    __aicore__ inline int64_t Act(uint32_t i) const { return act_.GetValue(i); }

private:
    uint32_t batches_ = 0;
    AscendC::GlobalTensor<int64_t> prevGm_;
    AscendC::GlobalTensor<int64_t> actGm_;
    AscendC::LocalTensor<int64_t> prev_;
    AscendC::LocalTensor<int64_t> act_;
};

}  // namespace nsa::with_cache_v2::kernel

#endif
