// How NsaCompress's kernel walks its work: the windows of a core (or of a lane), run by run and
// head chunk by head chunk, read from the sequence ends.
#ifndef NSA_COMPRESS_WALKS_H
#define NSA_COMPRESS_WALKS_H

#include "kernel_operator.h"
#include "nsa_compress_tiling_data.h"
#include "nsa_windows.h"

namespace nsa::compress::kernel {

// The windows one core computes, visited run by run: for each head chunk, each sequence its
// output range touches. Reads the sequence ends through the scalar data cache, each once per
// chunk.
class RunCursor {
public:
    __aicore__ inline void Start(const NsaCompressTilingData &tiling, uint32_t core,
                                 const AscendC::GlobalTensor<int64_t> &seqEnds)
    {
        seqEnds_ = seqEnds;
        seqNum_ = tiling.seqNum;
        batchStride_ = tiling.inputBatchStride;
        startStride_ = tiling.inputStartStride;
        tokenStride_ = tiling.inputTokenStride;
        windowLen_ = tiling.windowLen;
        windowStep_ = tiling.windowStep;
        headEnd_ = tiling.coreHeadStart[core] + tiling.headGroupSize;
        headChunk_ = tiling.headChunkSize;
        firstSeq_ = tiling.coreSeqIndex[core];
        firstWindow_ = tiling.coreWindowIndex[core];
        firstOutput_ = tiling.coreOutputStart[core];
        outputCount_ = tiling.coreOutputCount[core];
        head = tiling.coreHeadStart[core];
        headStart_ = head;
        Rewind();
        Find();
    }

    // Restricts the cursor, fresh from Start, to `windows` of its windows after the first `skip`.
    __aicore__ inline void Narrow(uint64_t skip, uint64_t windows)
    {
        while (valid && skip >= count) {
            skip -= count;
            Next();
        }
        firstSeq_ = seq_;
        firstWindow_ = window_ + skip;
        firstOutput_ = output + skip;
        outputCount_ = windows;
        head = headStart_;
        Rewind();
        Find();
    }

    // True when no run follows this one: it ends the core's range in its last head chunk.
    __aicore__ inline bool IsLast() const
    {
        return head + headChunk_ >= headEnd_ && output + count == firstOutput_ + outputCount_;
    }

    // Moves to the next run; false when the core has no more.
    __aicore__ inline bool Next()
    {
        output += count;
        left_ -= count;
        ++seq_;
        window_ = 0;
        seqStart_ = seqEnd_;
        Find();
        return valid;
    }

    bool valid = false;
    uint32_t head = 0;
    uint64_t firstToken = 0;   // input element of the run's first token (head 0)
    uint64_t count = 0;        // windows in the run
    uint64_t output = 0;       // output row of its first window
    uint64_t span = 0;         // token rows the run covers

private:
    __aicore__ inline void Rewind()
    {
        seq_ = firstSeq_;
        window_ = firstWindow_;
        output = firstOutput_;
        left_ = outputCount_;
        seqStart_ = seq_ == 0 ? 0 : seqEnds_.GetValue(seq_ - 1);
        seqEnd_ = seqStart_;
    }

    // From (seq_, window_), the first sequence with a window left, moving on to the next head
    // chunk when the range is done.
    __aicore__ inline void Find()
    {
        while (head < headEnd_) {
            while (left_ > 0 && seq_ < seqNum_) {
                seqEnd_ = seqEnds_.GetValue(seq_);
                const uint64_t windows =
                    static_cast<uint64_t>(nsa::WindowCount(seqEnd_ - seqStart_, windowLen_, windowStep_));
                if (window_ < windows) {
                    count = windows - window_ < left_ ? windows - window_ : left_;
                    firstToken = seq_ * batchStride_ + static_cast<uint64_t>(seqStart_) * startStride_ +
                                 window_ * windowStep_ * tokenStride_;
                    span = (count - 1) * windowStep_ + windowLen_;
                    valid = true;
                    return;
                }
                ++seq_;
                window_ = 0;
                seqStart_ = seqEnd_;
            }
            head += headChunk_;
            if (head < headEnd_) {
                Rewind();
            }
        }
        valid = false;
    }

    AscendC::GlobalTensor<int64_t> seqEnds_;
    uint32_t seqNum_ = 0;
    uint64_t batchStride_ = 0;
    uint64_t startStride_ = 0;
    uint64_t tokenStride_ = 0;
    uint32_t windowLen_ = 0;
    uint32_t windowStep_ = 0;
    uint32_t headStart_ = 0;
    uint32_t headEnd_ = 0;
    uint32_t headChunk_ = 0;
    uint32_t firstSeq_ = 0;
    uint64_t firstWindow_ = 0;
    uint64_t firstOutput_ = 0;
    uint64_t outputCount_ = 0;
    uint32_t seq_ = 0;
    uint64_t window_ = 0;
    uint64_t left_ = 0;
    int64_t seqStart_ = 0;
    int64_t seqEnd_ = 0;
};

}  // namespace nsa::compress::kernel

#endif
