// How NsaCompressGrad's kernel walks its work: the slices of a head group, the runs of token
// slots (a TND sequence or a batch) read from the sequence ends, and the row geometry of a tensor.
#ifndef NSA_COMPRESS_GRAD_WALKS_H
#define NSA_COMPRESS_GRAD_WALKS_H

#include "kernel_operator.h"
#include "nsa_compress_grad_tiling_data.h"
#include "nsa_windows.h"

namespace nsa::compress_grad::kernel {

// A part of a token row: `heads` whole heads from `head`, or columns [column, column + columns)
// of one head. Walks a head group in the plan's steps.
struct Slice {
    uint32_t head = 0;
    uint32_t heads = 0;
    uint32_t column = 0;
    uint32_t columns = 0;

    __aicore__ inline uint32_t Width() const
    {
        return heads * columns;
    }
};

class SliceWalk {
public:
    __aicore__ inline void Start(uint32_t headStart, uint32_t groupHeads, uint32_t headDim, uint32_t sliceHeads,
                                 uint32_t sliceColumns)
    {
        headEnd_ = headStart + groupHeads;
        headDim_ = headDim;
        sliceColumns_ = sliceColumns;
        slice.head = headStart;
        slice.heads = sliceHeads;
        slice.column = 0;
        slice.columns = sliceColumns < headDim ? sliceColumns : headDim;
    }

    __aicore__ inline bool Valid() const
    {
        return slice.head < headEnd_;
    }

    // True for the first / last slice of a head.
    __aicore__ inline bool First() const
    {
        return slice.column == 0;
    }

    __aicore__ inline bool Last() const
    {
        return slice.column + slice.columns == headDim_;
    }

    __aicore__ inline void Next()
    {
        if (!Last()) {
            slice.column += slice.columns;
            const uint32_t left = headDim_ - slice.column;
            slice.columns = sliceColumns_ < left ? sliceColumns_ : left;
            return;
        }
        slice.head += slice.heads;
        slice.column = 0;
        slice.columns = sliceColumns_ < headDim_ ? sliceColumns_ : headDim_;
    }

    Slice slice;

private:
    uint32_t headEnd_ = 0;
    uint32_t headDim_ = 0;
    uint32_t sliceColumns_ = 0;
};

// One run of token slots (a TND sequence, or a batch of S slots) and its windows.
struct Run {
    uint32_t index = 0;
    uint64_t slots = 0;
    uint64_t windows = 0;
    uint64_t firstOutput = 0;   // output row of its window 0
    uint64_t inputBase = 0;     // element of its slot 0, head 0, in input
    uint64_t gradBase = 0;      // ... in inputGrad
};

// Reads runs from the sequence ends through the scalar data cache.
class RunReader {
public:
    __aicore__ inline void Init(const NsaCompressGradTilingData &tiling, const AscendC::GlobalTensor<int64_t> &ends)
    {
        ends_ = ends;
        seqNum_ = tiling.seqNum;
        batchSlots_ = tiling.batchSlots;
        windowLen_ = tiling.windowLen;
        windowStep_ = tiling.windowStep;
        inputBatchStride_ = tiling.inputBatchStride;
        inputStartStride_ = tiling.inputStartStride;
        gradBatchStride_ = tiling.inputGradBatchStride;
        gradStartStride_ = tiling.inputGradStartStride;
    }

    // Run `index`, whose window 0 is output row `firstOutput`.
    __aicore__ inline Run Read(uint32_t index, uint64_t firstOutput) const
    {
        Run run;
        run.index = index;
        const int64_t start = index == 0 ? 0 : ends_.GetValue(index - 1);
        const int64_t length = ends_.GetValue(index) - start;
        run.slots = batchSlots_ != 0 ? batchSlots_ : static_cast<uint64_t>(length);
        run.windows = static_cast<uint64_t>(nsa::WindowCount(length, windowLen_, windowStep_));
        run.firstOutput = firstOutput;
        run.inputBase = index * inputBatchStride_ + static_cast<uint64_t>(start) * inputStartStride_;
        run.gradBase = index * gradBatchStride_ + static_cast<uint64_t>(start) * gradStartStride_;
        return run;
    }

    __aicore__ inline bool HasNext(const Run &run) const
    {
        return run.index + 1 < seqNum_;
    }

    __aicore__ inline Run Next(const Run &run) const
    {
        return Read(run.index + 1, run.firstOutput + run.windows);
    }

    // The first run from `run` on with a window.
    __aicore__ inline Run WithWindows(Run run) const
    {
        while (run.windows == 0 && HasNext(run)) {
            run = Next(run);
        }
        return run;
    }

private:
    AscendC::GlobalTensor<int64_t> ends_;
    uint32_t seqNum_ = 0;
    uint32_t batchSlots_ = 0;
    uint32_t windowLen_ = 0;
    uint32_t windowStep_ = 0;
    uint64_t inputBatchStride_ = 0;
    uint64_t inputStartStride_ = 0;
    uint64_t gradBatchStride_ = 0;
    uint64_t gradStartStride_ = 0;
};

// Row geometry of a tensor in GM: rows `rowStride` apart, heads `headStride` apart.
struct Rows {
    uint64_t rowStride = 0;
    uint64_t headStride = 0;
};

}  // namespace nsa::compress_grad::kernel

#endif
