// NsaCompressGrad vector kernel, in three phases (docs/design.md, "Kernel design"):
//   1. inputGrad: the core writes every token slot its windows own (host split,
//      op_host/nsa_compress_grad_split.h). A tile of slots takes the dY rows of the windows
//      meeting it; window by window, in ascending order, the products w[j, h] * dY[window] are
//      added into the tile's fp32 rows, which start at +0; the tile is rounded once and written.
//      Slots no window covers are written +0.
//   2. weightGrad partials: for each of its groups of G windows, each chunk of positions j and
//      each slice, the lane sums a[j, h, e] = sum over the group's windows (ascending) of
//      dY[o, h, e] * x[start_o + j, h, e], reduced to one value per (j, h) in the contract's
//      fixed order and written to the workspace as P[g, j, h].
//   3. After SyncAll, every core sums rows j of the partials over the groups, in group order, and
//      rounds them once into weightGrad.
// Nothing depends on the core count but which core does what, so the bits do not either.
// Copies and vector work take turns (each hand-over waits for the other pipe).
#ifndef NSA_COMPRESS_GRAD_KERNEL_H
#define NSA_COMPRESS_GRAD_KERNEL_H

#include "kernel_operator.h"
#include "nsa_compress_grad_tiling_data.h"
#include "nsa_compress_grad_ub_layout.h"
#include "nsa_windows.h"

namespace nsa_compress_grad_kernel {

namespace layout = nsa_compress_grad_layout;

constexpr uint32_t kFloatsPerRepeat = 64;
constexpr uint8_t kTreeRepeatBlocks = 8;   // a pair's eight blocks in the lane tree

template <AscendC::HardEvent event>
__aicore__ inline void HandOver()
{
    AscendC::SetFlag<event>(0);
    AscendC::WaitFlag<event>(0);
}

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
        blockSize_ = tiling.blockSize;
        stride_ = tiling.stride;
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
        run.windows = static_cast<uint64_t>(nsa_windows::WindowCount(length, blockSize_, stride_));
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
    uint32_t blockSize_ = 0;
    uint32_t stride_ = 0;
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

template <typename T>
class NsaCompressGradKernel {
public:
    __aicore__ inline void Init(GM_ADDR outputGrad, GM_ADDR input, GM_ADDR weight, GM_ADDR seqEnds, GM_ADDR inputGrad,
                                GM_ADDR weightGrad, GM_ADDR workspace, const NsaCompressGradTilingData &tiling,
                                AscendC::TPipe *pipe)
    {
        tiling_ = &tiling;
        core_ = static_cast<uint32_t>(AscendC::GetBlockIdx());
        headDim_ = tiling.headDim;
        blockSize_ = tiling.blockSize;
        stride_ = tiling.stride;
        dyGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(outputGrad), tiling.outputGradExtent);
        inputGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(input), tiling.inputExtent);
        weightGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(weight), tiling.weightExtent);
        endsGm_.SetGlobalBuffer(reinterpret_cast<__gm__ int64_t *>(seqEnds), tiling.seqNum);
        inputGradGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(inputGrad), tiling.inputGradExtent);
        weightGradGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(weightGrad), tiling.weightGradExtent);
        partialsGm_.SetGlobalBuffer(reinterpret_cast<__gm__ float *>(AscendC::GetUserWorkspace(workspace)),
                                    tiling.groupNum * tiling.blockSize * tiling.headNum);
        dyRows_ = Rows{tiling.outputGradRowStride, tiling.outputGradHeadStride};
        inputRows_ = Rows{tiling.inputTokenStride, tiling.inputHeadStride};
        gradRows_ = Rows{tiling.inputGradTokenStride, tiling.inputGradHeadStride};
        runs_.Init(tiling, endsGm_);
        // Placed for the plan's full slice width; a head's last, narrower column slice fits too.
        igLayout_ = layout::MakeInputGradLayout(blockSize_, stride_, tiling.inputGradSliceHeads,
                                                tiling.inputGradSliceColumns, tiling.inputGradTileRows, sizeof(T));
        wgLayout_ = layout::MakeWeightGradLayout(stride_, tiling.weightGradSliceHeads, tiling.weightGradSliceColumns,
                                                 tiling.weightGradJChunk, tiling.weightGradBatchWindows, sizeof(T));
        pipe->InitBuffer(ub_, tiling.ubBytes);
    }

    __aicore__ inline void Process()
    {
        InputGrad();
        WeightGradPartials();
        // The partials of every core are in GM before any core combines them.
        AscendC::PipeBarrier<PIPE_ALL>();
        AscendC::SyncAll<true>();
        Combine();
    }

private:
    template <typename U>
    __aicore__ inline AscendC::LocalTensor<U> At(uint32_t byteOffset)
    {
        return ub_.Get<U>()[byteOffset / sizeof(U)];
    }

    // `rows` rows of `slice` from GM into UB rows of slice.Width() elements: one block when they
    // follow each other, else one block per row, else (heads apart in GM) one per row and head.
    __aicore__ inline void CopyIn(const AscendC::LocalTensor<T> &dst, const AscendC::GlobalTensor<T> &gm,
                                  uint64_t offset, uint32_t rows, const Rows &geometry, const Slice &slice)
    {
        const AscendC::DataCopyPadExtParams<T> noPad{false, 0, 0, static_cast<T>(0.0f)};
        const uint32_t width = slice.Width();
        if (slice.heads == 1 || geometry.headStride == headDim_) {
            if (geometry.rowStride == width) {
                const AscendC::DataCopyExtParams copy{1, static_cast<uint32_t>(rows * width * sizeof(T)), 0, 0, 0};
                AscendC::DataCopyPad(dst, gm[offset], copy, noPad);
                return;
            }
            const AscendC::DataCopyExtParams copy{static_cast<uint16_t>(rows),
                                                  static_cast<uint32_t>(width * sizeof(T)),
                                                  static_cast<uint32_t>((geometry.rowStride - width) * sizeof(T)), 0,
                                                  0};
            AscendC::DataCopyPad(dst, gm[offset], copy, noPad);
            return;
        }
        const AscendC::DataCopyExtParams copy{
            static_cast<uint16_t>(rows), static_cast<uint32_t>(slice.columns * sizeof(T)),
            static_cast<uint32_t>((geometry.rowStride - slice.columns) * sizeof(T)),
            static_cast<uint32_t>((width - slice.columns) * sizeof(T) / layout::kBlockBytes), 0};
        for (uint32_t h = 0; h < slice.heads; ++h) {
            AscendC::DataCopyPad(dst[h * slice.columns], gm[offset + h * geometry.headStride], copy, noPad);
        }
    }

    // The reverse of CopyIn: UB rows of slice.Width() elements out to GM.
    __aicore__ inline void CopyOut(const AscendC::GlobalTensor<T> &gm, uint64_t offset,
                                   const AscendC::LocalTensor<T> &src, uint32_t rows, const Rows &geometry,
                                   const Slice &slice)
    {
        const uint32_t width = slice.Width();
        if (slice.heads == 1 || geometry.headStride == headDim_) {
            if (geometry.rowStride == width) {
                const AscendC::DataCopyExtParams copy{1, static_cast<uint32_t>(rows * width * sizeof(T)), 0, 0, 0};
                AscendC::DataCopyPad(gm[offset], src, copy);
                return;
            }
            const AscendC::DataCopyExtParams copy{static_cast<uint16_t>(rows),
                                                  static_cast<uint32_t>(width * sizeof(T)), 0,
                                                  static_cast<uint32_t>((geometry.rowStride - width) * sizeof(T)), 0};
            AscendC::DataCopyPad(gm[offset], src, copy);
            return;
        }
        const AscendC::DataCopyExtParams copy{
            static_cast<uint16_t>(rows), static_cast<uint32_t>(slice.columns * sizeof(T)),
            static_cast<uint32_t>((width - slice.columns) * sizeof(T) / layout::kBlockBytes),
            static_cast<uint32_t>((geometry.rowStride - slice.columns) * sizeof(T)), 0};
        for (uint32_t h = 0; h < slice.heads; ++h) {
            AscendC::DataCopyPad(gm[offset + h * geometry.headStride], src[h * slice.columns], copy);
        }
    }

    // The slice's place in a row, in elements.
    __aicore__ inline uint64_t SliceOffset(const Slice &slice, const Rows &geometry) const
    {
        return slice.head * geometry.headStride + slice.column;
    }

    // ---- Phase 1: inputGrad ----

    __aicore__ inline void InputGrad()
    {
        const NsaCompressGradTilingData &t = *tiling_;
        if (t.coreSlotCount[core_] == 0) {
            return;
        }
        SliceWalk walk;
        walk.Start(t.coreHeadStart[core_], t.headGroupSize, headDim_, t.inputGradSliceHeads, t.inputGradSliceColumns);
        for (; walk.Valid(); walk.Next()) {
            const Slice &slice = walk.slice;
            if (walk.First()) {
                LoadWeights(slice);
            }
            // Runs before the first window's run have no windows: its window 0's output row
            // serves them all.
            Run run = runs_.Read(t.coreSlotRun[core_], t.coreWindowStart[core_] - t.coreWindowInRun[core_]);
            uint64_t row = t.coreSlotRow[core_];
            uint64_t left = t.coreSlotCount[core_];
            for (;;) {
                const uint64_t end = run.slots - row < left ? run.slots : row + left;
                const uint64_t covered = run.windows == 0 ? 0 : (run.windows - 1) * stride_ + blockSize_;
                const uint64_t computedEnd = end < covered ? end : covered;
                for (uint64_t first = row; first < computedEnd; first += igLayout_.tileRows) {
                    const uint64_t last = computedEnd - first < igLayout_.tileRows ? computedEnd
                                                                                     : first + igLayout_.tileRows;
                    InputGradTile(run, first, last, slice);
                }
                WriteZeroRows(run, row > covered ? row : covered, end, slice);
                left -= end - row;
                if (left == 0 || !runs_.HasNext(run)) {
                    break;
                }
                run = runs_.Next(run);
                row = 0;
            }
        }
    }

    // w[:, slice heads], widened and broadcast so that block (j * heads + h) holds w[j, h].
    __aicore__ inline void LoadWeights(const Slice &slice)
    {
        const uint32_t weightRow = layout::AlignUp(slice.heads, layout::kWeightRowAlign);
        const AscendC::LocalTensor<T> raw = At<T>(igLayout_.weightRawOffset);
        const AscendC::LocalTensor<float> widened = At<float>(igLayout_.weightFloatOffset);
        const AscendC::LocalTensor<float> brcb = At<float>(igLayout_.weightBrcbOffset);
        const AscendC::DataCopyExtParams copy{static_cast<uint16_t>(blockSize_),
                                              static_cast<uint32_t>(slice.heads * sizeof(T)),
                                              static_cast<uint32_t>((tiling_->weightRowStride - slice.heads) * sizeof(T)),
                                              0, 0};
        const AscendC::DataCopyPadExtParams<T> pad{true, 0, static_cast<uint8_t>(weightRow - slice.heads),
                                                   static_cast<T>(0.0f)};
        HandOver<AscendC::HardEvent::V_MTE2>();
        AscendC::DataCopyPad(raw, weightGm_[slice.head], copy, pad);
        HandOver<AscendC::HardEvent::MTE2_V>();
        AscendC::Cast(widened, raw, AscendC::RoundMode::CAST_NONE, blockSize_ * weightRow);
        AscendC::PipeBarrier<PIPE_V>();
        const uint8_t repeats = static_cast<uint8_t>((slice.heads + layout::kFloatsPerBlock - 1) /
                                                     layout::kFloatsPerBlock);
        // Ascending j: each row's whole-repeat overrun is overwritten by the next row.
        for (uint32_t j = 0; j < blockSize_; ++j) {
            AscendC::Brcb(brcb[j * slice.heads * layout::kFloatsPerBlock], widened[j * weightRow], repeats, {1, 8});
        }
        AscendC::PipeBarrier<PIPE_V>();
    }

    // inputGrad rows [first, last) of `run`, every one covered by a window.
    __aicore__ inline void InputGradTile(const Run &run, uint64_t first, uint64_t last, const Slice &slice)
    {
        const uint32_t width = slice.Width();
        const uint64_t lo = nsa_windows::FirstOpenWindow(first, blockSize_, stride_);
        const uint64_t started = nsa_windows::LastStartedWindow(last - 1, stride_);
        const uint64_t hi = started < run.windows - 1 ? started : run.windows - 1;
        const uint32_t windows = static_cast<uint32_t>(hi - lo + 1);
        const AscendC::LocalTensor<T> dyRaw = At<T>(igLayout_.dyRawOffset);
        const AscendC::LocalTensor<float> dy = At<float>(igLayout_.dyFloatOffset);
        const AscendC::LocalTensor<float> products = At<float>(igLayout_.productOffset);
        const AscendC::LocalTensor<float> acc = At<float>(igLayout_.accOffset);
        const AscendC::LocalTensor<T> out = At<T>(igLayout_.outOffset);

        HandOver<AscendC::HardEvent::V_MTE2>();
        CopyIn(dyRaw, dyGm_, (run.firstOutput + lo) * dyRows_.rowStride + SliceOffset(slice, dyRows_), windows,
               dyRows_, slice);
        HandOver<AscendC::HardEvent::MTE2_V>();
        AscendC::Cast(dy, dyRaw, AscendC::RoundMode::CAST_NONE, windows * width);
        const uint32_t accRows = (windows - 1) * stride_ + blockSize_;
        AscendC::Duplicate(acc, 0.0f, static_cast<int32_t>(accRows * width));
        AscendC::PipeBarrier<PIPE_V>();
        for (uint32_t k = 0; k < windows; ++k) {
            MultiplyWeights(products, dy[k * width], slice);
            AscendC::PipeBarrier<PIPE_V>();
            AscendC::Add(acc[k * stride_ * width], acc[k * stride_ * width], products,
                         static_cast<int32_t>(blockSize_ * width));
            AscendC::PipeBarrier<PIPE_V>();
        }
        HandOver<AscendC::HardEvent::MTE3_V>();
        const uint32_t rows = static_cast<uint32_t>(last - first);
        AscendC::Cast(out, acc[static_cast<uint32_t>(first - lo * stride_) * width], AscendC::RoundMode::CAST_RINT,
                      rows * width);
        HandOver<AscendC::HardEvent::V_MTE3>();
        CopyOut(inputGradGm_, run.gradBase + first * gradRows_.rowStride + SliceOffset(slice, gradRows_), out, rows,
                gradRows_, slice);
    }

    // products[j] = w[j, h] * dy for every position j of a window: per head and 64-column part,
    // one Mul whose repeats walk j.
    __aicore__ inline void MultiplyWeights(const AscendC::LocalTensor<float> &products,
                                           const AscendC::LocalTensor<float> &dy, const Slice &slice)
    {
        const AscendC::LocalTensor<float> brcb = At<float>(igLayout_.weightBrcbOffset);
        const AscendC::BinaryRepeatParams params(1, 1, 0, static_cast<uint8_t>(slice.Width() / layout::kFloatsPerBlock),
                                                 0, static_cast<uint8_t>(slice.heads));
        for (uint32_t h = 0; h < slice.heads; ++h) {
            for (uint32_t c = 0; c < slice.columns; c += kFloatsPerRepeat) {
                const uint32_t column = h * slice.columns + c;
                const uint64_t mask = slice.columns - c < kFloatsPerRepeat ? slice.columns - c : kFloatsPerRepeat;
                AscendC::Mul(products[column], dy[column], brcb[h * layout::kFloatsPerBlock], mask,
                             static_cast<uint8_t>(blockSize_), params);
            }
        }
    }

    // +0 into inputGrad rows [first, last) of `run`: slots no window covers.
    __aicore__ inline void WriteZeroRows(const Run &run, uint64_t first, uint64_t last, const Slice &slice)
    {
        if (first >= last) {
            return;
        }
        const AscendC::LocalTensor<T> out = At<T>(igLayout_.outOffset);
        const uint32_t width = slice.Width();
        HandOver<AscendC::HardEvent::MTE3_V>();
        AscendC::Duplicate(out, static_cast<T>(0.0f), static_cast<int32_t>(igLayout_.tileRows * width));
        HandOver<AscendC::HardEvent::V_MTE3>();
        for (uint64_t row = first; row < last; row += igLayout_.tileRows) {
            const uint64_t rows = last - row < igLayout_.tileRows ? last - row : igLayout_.tileRows;
            CopyOut(inputGradGm_, run.gradBase + row * gradRows_.rowStride + SliceOffset(slice, gradRows_), out,
                    static_cast<uint32_t>(rows), gradRows_, slice);
        }
    }

    // ---- Phase 2: weightGrad partials ----

    __aicore__ inline void WeightGradPartials()
    {
        const NsaCompressGradTilingData &t = *tiling_;
        const uint64_t end = t.coreWindowStart[core_] + t.coreWindowCount[core_];
        if (t.coreWindowCount[core_] == 0) {
            return;
        }
        Run run = runs_.Read(t.coreWindowRun[core_], t.coreWindowStart[core_] - t.coreWindowInRun[core_]);
        uint64_t index = t.coreWindowInRun[core_];
        for (uint64_t group = t.coreWindowStart[core_]; group < end; group += layout::kGroupWindows) {
            const uint64_t groupEnd = end - group < layout::kGroupWindows ? end : group + layout::kGroupWindows;
            for (uint32_t j0 = 0; j0 < blockSize_; j0 += t.weightGradJChunk) {
                SliceWalk walk;
                walk.Start(t.coreHeadStart[core_], t.headGroupSize, headDim_, t.weightGradSliceHeads,
                           t.weightGradSliceColumns);
                for (; walk.Valid(); walk.Next()) {
                    GroupSums(run, index, group, groupEnd, j0, walk.slice);
                    ReduceBlocks(walk.slice, walk.First());
                    if (walk.Last()) {
                        WritePartials(group / layout::kGroupWindows, j0, walk.slice);
                    }
                }
            }
            // The next group starts where this one ends.
            for (uint64_t w = group; w < groupEnd; ++w) {
                if (++index == run.windows && w + 1 < end) {
                    run = runs_.WithWindows(runs_.Next(run));
                    index = 0;
                }
            }
        }
    }

    // The lane sums of windows [group, groupEnd) for positions [j0, j0 + chunk) of `slice`,
    // from window `index` of `run` on, block-major in the sum buffer.
    __aicore__ inline void GroupSums(Run run, uint64_t index, uint64_t group, uint64_t groupEnd, uint32_t j0,
                                     const Slice &slice)
    {
        const uint32_t width = slice.Width();
        const uint32_t chunk = wgLayout_.jChunk;
        const AscendC::LocalTensor<T> dyRaw = At<T>(wgLayout_.dyRawOffset);
        const AscendC::LocalTensor<float> dy = At<float>(wgLayout_.dyFloatOffset);
        const AscendC::LocalTensor<T> xRaw = At<T>(wgLayout_.xRawOffset);
        const AscendC::LocalTensor<float> x = At<float>(wgLayout_.xFloatOffset);
        const AscendC::LocalTensor<float> products = At<float>(wgLayout_.productOffset);
        const AscendC::LocalTensor<float> sums = At<float>(wgLayout_.sumOffset);
        const uint32_t windows = static_cast<uint32_t>(groupEnd - group);

        HandOver<AscendC::HardEvent::V_MTE2>();
        CopyIn(dyRaw, dyGm_, group * dyRows_.rowStride + SliceOffset(slice, dyRows_), windows, dyRows_, slice);
        HandOver<AscendC::HardEvent::MTE2_V>();
        AscendC::Cast(dy, dyRaw, AscendC::RoundMode::CAST_NONE, windows * width);
        AscendC::Duplicate(sums, 0.0f, static_cast<int32_t>(chunk * width));
        AscendC::PipeBarrier<PIPE_V>();
        for (uint32_t done = 0; done < windows;) {
            if (index == run.windows) {
                run = runs_.WithWindows(runs_.Next(run));
                index = 0;
            }
            uint64_t batch = run.windows - index;
            batch = batch < wgLayout_.batchWindows ? batch : wgLayout_.batchWindows;
            batch = batch < windows - done ? batch : windows - done;
            const uint32_t xRows = static_cast<uint32_t>(batch - 1) * stride_ + chunk;
            HandOver<AscendC::HardEvent::V_MTE2>();
            CopyIn(xRaw, inputGm_,
                   run.inputBase + (index * stride_ + j0) * inputRows_.rowStride + SliceOffset(slice, inputRows_),
                   xRows, inputRows_, slice);
            HandOver<AscendC::HardEvent::MTE2_V>();
            AscendC::Cast(x, xRaw, AscendC::RoundMode::CAST_NONE, xRows * width);
            AscendC::PipeBarrier<PIPE_V>();
            for (uint32_t b = 0; b < batch; ++b) {
                MultiplyTokens(products, x[b * stride_ * width], dy[(done + b) * width], slice);
                AscendC::PipeBarrier<PIPE_V>();
                AscendC::Add(sums, sums, products, static_cast<int32_t>(chunk * width));
                AscendC::PipeBarrier<PIPE_V>();
            }
            done += static_cast<uint32_t>(batch);
            index += batch;
        }
    }

    // products of pair r = j * heads + h, block k at (k * rows + r) * 8: x[j, h, :] * dy[h, :],
    // per head and 64-column part one Mul whose repeats walk j.
    __aicore__ inline void MultiplyTokens(const AscendC::LocalTensor<float> &products,
                                          const AscendC::LocalTensor<float> &x, const AscendC::LocalTensor<float> &dy,
                                          const Slice &slice)
    {
        const uint32_t rows = wgLayout_.rows;
        const AscendC::BinaryRepeatParams params(static_cast<uint8_t>(rows), 1, 1, static_cast<uint8_t>(slice.heads),
                                                 static_cast<uint8_t>(slice.Width() / layout::kFloatsPerBlock), 0);
        for (uint32_t h = 0; h < slice.heads; ++h) {
            for (uint32_t c = 0; c < slice.columns; c += kFloatsPerRepeat) {
                const uint32_t column = h * slice.columns + c;
                const uint64_t mask = slice.columns - c < kFloatsPerRepeat ? slice.columns - c : kFloatsPerRepeat;
                const uint32_t block = c / layout::kFloatsPerBlock;
                AscendC::Mul(products[(block * rows + h) * layout::kFloatsPerBlock], x[column], dy[column], mask,
                             static_cast<uint8_t>(wgLayout_.jChunk), params);
            }
        }
    }

    // Adds every block of the slice's lane sums into the pairs' block 0, in column order
    // (contract step 3, first part). A head's first slice starts the carried blocks, its later
    // slices add to them.
    __aicore__ inline void ReduceBlocks(const Slice &slice, bool firstOfHead)
    {
        const uint32_t pairBlock = wgLayout_.rows * layout::kFloatsPerBlock;
        const AscendC::LocalTensor<float> sums = At<float>(wgLayout_.sumOffset);
        const AscendC::LocalTensor<float> lanes = At<float>(wgLayout_.laneOffset);
        const uint32_t blocks = slice.columns / layout::kFloatsPerBlock;
        uint32_t k = 0;
        if (firstOfHead) {
            AscendC::Add(lanes, sums, sums[pairBlock], static_cast<int32_t>(pairBlock));
            AscendC::PipeBarrier<PIPE_V>();
            k = 2;
        }
        for (; k < blocks; ++k) {
            AscendC::Add(lanes, lanes, sums[k * pairBlock], static_cast<int32_t>(pairBlock));
            AscendC::PipeBarrier<PIPE_V>();
        }
    }

    // The eight lanes of each pair's block to one value (contract step 3, second part): lanes
    // m + (m + 4), then m + (m + 2), then 0 + 1, on aligned blocks of a broadcast copy. Writes
    // P[group, j0 + j, head + h].
    __aicore__ inline void WritePartials(uint64_t group, uint32_t j0, const Slice &slice)
    {
        const uint32_t rows = wgLayout_.rows;
        const AscendC::LocalTensor<float> lanes = At<float>(wgLayout_.laneOffset);
        const AscendC::LocalTensor<float> tree = At<float>(wgLayout_.treeOffset);
        HandOver<AscendC::HardEvent::MTE3_V>();
        AscendC::Brcb(tree, lanes, static_cast<uint8_t>(rows), {1, kTreeRepeatBlocks});
        AscendC::PipeBarrier<PIPE_V>();
        const AscendC::BinaryRepeatParams params(1, 1, 1, kTreeRepeatBlocks, kTreeRepeatBlocks, kTreeRepeatBlocks);
        for (uint32_t half = 4; half >= 1; half /= 2) {
            AscendC::Add(tree, tree, tree[half * layout::kFloatsPerBlock], half * layout::kFloatsPerBlock,
                         static_cast<uint8_t>(rows), params);
            AscendC::PipeBarrier<PIPE_V>();
        }
        HandOver<AscendC::HardEvent::V_MTE3>();
        const uint32_t headNum = tiling_->headNum;
        const uint64_t base = (group * blockSize_ + j0) * headNum + slice.head;
        // Each pair's value is lane 0 of its first block: one 4-byte block per pair, 7 blocks apart.
        const uint32_t gap = kTreeRepeatBlocks - 1;
        if (slice.heads == headNum) {
            const AscendC::DataCopyExtParams copy{static_cast<uint16_t>(rows), sizeof(float), gap, 0, 0};
            AscendC::DataCopyPad(partialsGm_[base], tree, copy);
            return;
        }
        const AscendC::DataCopyExtParams copy{static_cast<uint16_t>(slice.heads), sizeof(float), gap, 0, 0};
        for (uint32_t j = 0; j < wgLayout_.jChunk; ++j) {
            AscendC::DataCopyPad(partialsGm_[base + j * headNum],
                                 tree[j * slice.heads * kTreeRepeatBlocks * layout::kFloatsPerBlock], copy);
        }
    }

    // ---- Phase 3: combining ----

    // Rows j of weightGrad, split evenly over the cores: the partials summed in group order from
    // +0, rounded once.
    __aicore__ inline void Combine()
    {
        const NsaCompressGradTilingData &t = *tiling_;
        const layout::CombineLayout plan = layout::MakeCombineLayout(t.headNum, sizeof(T), t.ubBytes);
        const uint32_t perCore = (blockSize_ + t.usedCoreNum - 1) / t.usedCoreNum;
        const uint32_t firstRow = core_ * perCore;
        const uint32_t lastRow = firstRow + perCore < blockSize_ ? firstRow + perCore : blockSize_;
        const AscendC::LocalTensor<float> sum = At<float>(plan.sumOffset);
        const AscendC::LocalTensor<T> out = At<T>(plan.outOffset);
        const AscendC::LocalTensor<float> partials = At<float>(plan.partialOffset);
        const uint32_t headNum = t.headNum;
        const uint64_t groupStride = uint64_t{blockSize_} * headNum;
        for (uint32_t j = firstRow; j < lastRow; ++j) {
            HandOver<AscendC::HardEvent::MTE3_V>();
            AscendC::Duplicate(sum, 0.0f, static_cast<int32_t>(headNum));
            for (uint64_t g0 = 0; g0 < t.groupNum; g0 += plan.groupRows) {
                const uint32_t groups =
                    static_cast<uint32_t>(t.groupNum - g0 < plan.groupRows ? t.groupNum - g0 : plan.groupRows);
                const AscendC::DataCopyExtParams copy{static_cast<uint16_t>(groups),
                                                      static_cast<uint32_t>(headNum * sizeof(float)),
                                                      static_cast<uint32_t>((groupStride - headNum) * sizeof(float)),
                                                      0, 0};
                const AscendC::DataCopyPadExtParams<float> noPad{false, 0, 0, 0.0f};
                HandOver<AscendC::HardEvent::V_MTE2>();
                AscendC::DataCopyPad(partials, partialsGm_[g0 * groupStride + j * headNum], copy, noPad);
                HandOver<AscendC::HardEvent::MTE2_V>();
                for (uint32_t g = 0; g < groups; ++g) {
                    AscendC::PipeBarrier<PIPE_V>();
                    AscendC::Add(sum, sum, partials[g * plan.rowFloats], static_cast<int32_t>(headNum));
                }
            }
            AscendC::PipeBarrier<PIPE_V>();
            AscendC::Cast(out, sum, AscendC::RoundMode::CAST_RINT, headNum);
            HandOver<AscendC::HardEvent::V_MTE3>();
            const AscendC::DataCopyExtParams copy{1, static_cast<uint32_t>(headNum * sizeof(T)), 0, 0, 0};
            AscendC::DataCopyPad(weightGradGm_[j * t.weightGradRowStride], out, copy);
        }
    }

    const NsaCompressGradTilingData *tiling_ = nullptr;
    uint32_t core_ = 0;
    uint32_t headDim_ = 0;
    uint32_t blockSize_ = 0;
    uint32_t stride_ = 0;
    Rows dyRows_;
    Rows inputRows_;
    Rows gradRows_;
    RunReader runs_;
    layout::InputGradLayout igLayout_{};
    layout::WeightGradLayout wgLayout_{};
    AscendC::GlobalTensor<T> dyGm_;
    AscendC::GlobalTensor<T> inputGm_;
    AscendC::GlobalTensor<T> weightGm_;
    AscendC::GlobalTensor<int64_t> endsGm_;
    AscendC::GlobalTensor<T> inputGradGm_;
    AscendC::GlobalTensor<T> weightGradGm_;
    AscendC::GlobalTensor<float> partialsGm_;
    AscendC::TBuf<AscendC::TPosition::VECCALC> ub_;
};

}  // namespace nsa_compress_grad_kernel

#endif
