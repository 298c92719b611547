// NsaCompress vector kernel. Each core owns a head group and a contiguous range of outputs
// (across sequence boundaries), placed by the host tiling. For each chunk of heads that fits the
// Unified Buffer it walks its windows run by run (a run: the windows of one sequence), streaming
// the tokens they cover once in tiles, and treats every token row in three steps:
//   widen     the row to fp32;
//   multiply  it by w[j, head] for every window it lies in (j its position in that window);
//   accumulate the products into the windows' fp32 sums, ascending j, two roundings per step as
//             the bit-exact contract requires; a finished sum is rounded to T (nearest-even) and
//             written out.
// Row p is widened, row p-1 multiplied and row p-2 accumulated together, then one PipeBarrier
// makes their results visible: one barrier per row, whatever the chunk width. With two lanes
// (halves of the core's windows, stepped in lockstep) two rows share each barrier. While the
// vector unit works on one input tile of a lane, its next one is being copied in, into another
// UB bank region (nsa_compress_ub_layout.h).
// Every tensor is read and written through the strides the tiling passes (views, layouts):
// DataCopyPad moves rows between byte gaps, so neither an offset view nor padding between rows
// or heads needs a copy of its own.
#ifndef NSA_COMPRESS_KERNEL_H
#define NSA_COMPRESS_KERNEL_H

#include "kernel_operator.h"
#include "nsa_compress_tiling_data.h"
#include "nsa_compress_ub_layout.h"
#include "nsa_compress_walks.h"
#include "nsa_ub.h"
#include "nsa_weights.h"
#include "nsa_windows.h"

namespace nsa::compress::kernel {

constexpr int32_t kDepth = 2;
// The core's first tiles grow from kRampRows rows, doubling, and its last ones shrink by halves
// down to it: the vector unit starts after a short copy and ends soon after the last one.
constexpr uint32_t kRampRows = 8;
constexpr uint32_t kRampTiles = 10;  // kRampRows << 9 already exceeds any tile

// One lane: a contiguous share of the core's windows with its own input tiles, staging rows
// and accumulators (nsa_compress_ub_layout.h).
template <typename T>
struct Lane {
    RunCursor runs;     // the run being computed
    RunCursor copies;   // the run being copied in: the same one, or a later one
    uint64_t copyRow = 0;
    uint32_t copiedTiles = 0;
    uint32_t takenTiles = 0;
    uint64_t step = 0;        // of the current run (ProcessStep)
    uint64_t tileStart = 0;   // rows of the run in the tile being widened
    uint64_t tileEnd = 0;
    AscendC::LocalTensor<T> tile;
    AscendC::LocalTensor<float> widened;
    AscendC::LocalTensor<float> products;
    AscendC::LocalTensor<float> acc;
};

template <typename T>
class NsaCompressKernel {
public:
    __aicore__ inline void Init(GM_ADDR input, GM_ADDR weight, GM_ADDR seqEnds, GM_ADDR output,
                                const NsaCompressTilingData &tiling, AscendC::TPipe *pipe)
    {
        const uint32_t core = static_cast<uint32_t>(AscendC::GetBlockIdx());
        active_ = core < tiling.usedCoreNum;
        if (!active_) {
            return;
        }
        headDim_ = tiling.headDim;
        windowLen_ = tiling.windowLen;
        windowStep_ = tiling.windowStep;
        headChunk_ = tiling.headChunkSize;
        lanes_ = tiling.laneNum;
        layout_ = MakeUbLayout(headDim_, windowLen_, windowStep_, headChunk_, sizeof(T), tiling.ubBytes, lanes_);
        rowElements_ = layout_.rowElements;
        tileRows_ = layout_.inputTileRows;

        tokenStride_ = tiling.inputTokenStride;
        headStride_ = tiling.inputHeadStride;
        weightRowStride_ = tiling.weightRowStride;
        outputRowStride_ = tiling.outputRowStride;
        outputHeadStride_ = tiling.outputHeadStride;
        inputGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(input), tiling.inputExtent);
        // Every input token is read once (the l - d rows at a range boundary twice): keeping it
        // in L2 would only evict the output the next layer reads.
        inputGm_.SetL2CacheHint(AscendC::CacheMode::CACHE_MODE_DISABLE);
        weightGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(weight), tiling.weightExtent);
        seqEndsGm_.SetGlobalBuffer(reinterpret_cast<__gm__ int64_t *>(seqEnds), tiling.seqNum);
        outputGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(output), tiling.outputExtent);

        // In the order of nsa_compress_ub_layout.h: the input tiles start the UB.
        for (uint32_t q = 0; q < 2 * lanes_; ++q) {
            pipe->InitBuffer(inQueues_[q], 1, layout_.inputTileBytes);
        }
        pipe->InitBuffer(vectorBuf_, layout_.vectorBytes);
        pipe->InitBuffer(outQueue_, kDepth, layout_.outputBytes);
        const AscendC::LocalTensor<float> area = vectorBuf_.Get<float>();
        weights_.widened = area[layout_.weightFloatOffset / sizeof(float)];
        weights_.brcb = area[layout_.weightBrcbOffset / sizeof(float)];
        weights_.raw = vectorBuf_.Get<T>()[layout_.weightRawOffset / sizeof(T)];

        const uint64_t windows = tiling.coreOutputCount[core];
        const uint64_t firstLane = (windows + lanes_ - 1) / lanes_;
        for (uint32_t k = 0; k < lanes_; ++k) {
            Lane<T> &lane = lane_[k];
            const AscendC::LocalTensor<float> own = area[k * layout_.laneBytes / sizeof(float)];
            lane.widened = own[layout_.widenedOffset / sizeof(float)];
            lane.products = own[layout_.productOffset / sizeof(float)];
            lane.acc = own[layout_.accOffset / sizeof(float)];
            lane.runs.Start(tiling, core, seqEndsGm_);
            if (lanes_ > 1) {
                const uint64_t skip = k * firstLane < windows ? k * firstLane : windows;
                lane.runs.Narrow(skip, windows - skip < firstLane ? windows - skip : firstLane);
            }
            lane.copies = lane.runs;
        }
    }

    __aicore__ inline void Process()
    {
        if (!active_) {
            return;
        }
        uint32_t loadedHead = lane_[0].runs.head;
        LoadWeights(loadedHead);
        // Two tiles per lane in flight from the start: the one to compute and the next.
        for (uint32_t k = 0; k < lanes_; ++k) {
            CopyNextTile(k);
            CopyNextTile(k);
        }
        // Lanes share the head chunk: the tiling runs two lanes only when the group is one chunk.
        for (;;) {
            bool any = false;
            for (uint32_t k = 0; k < lanes_; ++k) {
                Lane<T> &lane = lane_[k];
                if (!lane.runs.valid) {
                    continue;
                }
                if (lane.step == 0 && lane.runs.head != loadedHead) {
                    loadedHead = lane.runs.head;
                    LoadWeights(loadedHead);
                }
                ProcessStep(k);
                any = true;
            }
            if (!any) {
                break;
            }
            AscendC::PipeBarrier<PIPE_V>();
        }
    }

private:
    // The input queue of a lane's `index`-th tile: pings and pongs alternate.
    __aicore__ inline AscendC::TQue<AscendC::TPosition::VECIN, 1> &TileQueue(uint32_t lane, uint32_t index)
    {
        return inQueues_[(index % 2) * lanes_ + lane];
    }

    // Copies the lane's next tile (run by run, as ProcessStep consumes them), if there is one.
    __aicore__ inline void CopyNextTile(uint32_t k)
    {
        Lane<T> &lane = lane_[k];
        if (lane.copyRow == lane.copies.span && lane.copies.valid) {
            lane.copies.Next();
            lane.copyRow = 0;
        }
        if (!lane.copies.valid) {
            return;
        }
        const uint32_t index = lane.copiedTiles++;
        const uint32_t rows = TileRows(lane.copies, lane.copyRow, index);
        AscendC::TQue<AscendC::TPosition::VECIN, 1> &queue = TileQueue(k, index);
        AscendC::LocalTensor<T> tile = queue.template AllocTensor<T>();
        const uint64_t offset =
            lane.copies.firstToken + lane.copyRow * tokenStride_ + lane.copies.head * headStride_;
        const AscendC::DataCopyPadExtParams<T> noPad{false, 0, 0, static_cast<T>(0.0f)};
        // The chunk's heads of a token lie together, or each head's rows are copied on their own
        // into its columns of the tile; rows that follow each other are one copied run.
        if (tokenStride_ == rowElements_) {
            const AscendC::DataCopyExtParams copy{1, static_cast<uint32_t>(rows * rowElements_ * sizeof(T)), 0, 0, 0};
            AscendC::DataCopyPad(tile, inputGm_[offset], copy, noPad);
        } else if (headChunk_ == 1 || headStride_ == headDim_) {
            const AscendC::DataCopyExtParams copy{static_cast<uint16_t>(rows),
                                                  static_cast<uint32_t>(rowElements_ * sizeof(T)),
                                                  static_cast<uint32_t>((tokenStride_ - rowElements_) * sizeof(T)),
                                                  0, 0};
            AscendC::DataCopyPad(tile, inputGm_[offset], copy, noPad);
        } else {
            const AscendC::DataCopyExtParams copy{static_cast<uint16_t>(rows),
                                                  static_cast<uint32_t>(headDim_ * sizeof(T)),
                                                  static_cast<uint32_t>((tokenStride_ - headDim_) * sizeof(T)),
                                                  static_cast<uint32_t>((rowElements_ - headDim_) * sizeof(T) /
                                                                        kBlockBytes),
                                                  0};
            for (uint32_t h = 0; h < headChunk_; ++h) {
                AscendC::DataCopyPad(tile[h * headDim_], inputGm_[offset + h * headStride_], copy, noPad);
            }
        }
        queue.EnQue(tile);
        lane.copyRow += rows;
    }

    // Rows of the tile starting at `row` of `run`, the `index`-th of the core (kRampRows).
    __aicore__ inline uint32_t TileRows(const RunCursor &run, uint64_t row, uint32_t index) const
    {
        const uint64_t left = run.span - row;
        uint64_t rows = left < tileRows_ ? left : tileRows_;
        if (index < kRampTiles && (uint64_t{kRampRows} << index) < rows) {
            rows = uint64_t{kRampRows} << index;
        }
        if (left <= tileRows_ && left > kRampRows && run.IsLast()) {
            const uint64_t half = (left + 1) / 2;
            rows = half > kRampRows ? half : kRampRows;
        }
        return static_cast<uint32_t>(rows);
    }

    // w[:, chunk heads] (nsa::LoadWeights).
    __aicore__ inline void LoadWeights(uint32_t head)
    {
        nsa::LoadWeights(weights_, weightGm_, weightRowStride_, head, headChunk_, windowLen_);
    }

    // Step `lane.step` of the lane's current run (rows 0..span-1): widens row s, multiplies
    // row s-1, accumulates row s-2 and writes the window row s-3 finished. The caller's
    // PipeBarrier after every lane's step makes the results visible to the next.
    __aicore__ inline void ProcessStep(uint32_t k)
    {
        Lane<T> &lane = lane_[k];
        const uint64_t span = lane.runs.span;
        const uint64_t step = lane.step;
        if (step >= 3 && nsa::FinishesWindow(step - 3, windowLen_, windowStep_)) {
            WriteWindow(lane, nsa::WindowEndingAt(step - 3, windowLen_, windowStep_));
        }
        if (step >= 2 && step - 2 < span) {
            Accumulate(lane, step - 2);
        }
        if (step >= 1 && step - 1 < span) {
            Multiply(lane, step - 1);
        }
        if (step < span) {
            Widen(k, step);
        }
        if (++lane.step == span + 3) {
            lane.step = 0;
            lane.runs.Next();
        }
    }

    __aicore__ inline uint64_t FirstOpenWindow(uint64_t row) const
    {
        return nsa::FirstOpenWindow(row, windowLen_, windowStep_);
    }

    // The last window open at `row` among the run's windows.
    __aicore__ inline uint64_t LastOpenWindow(const Lane<T> &lane, uint64_t row) const
    {
        const uint64_t last = nsa::LastStartedWindow(row, windowStep_);
        return last < lane.runs.count - 1 ? last : lane.runs.count - 1;
    }

    __aicore__ inline uint32_t Slot(uint64_t window) const
    {
        return static_cast<uint32_t>(window % layout_.accSlots);
    }

    // Row `row` of the run as fp32, from the input tile holding it; a tile is taken when its
    // first row is needed and handed back (and the lane's next copy started) after its last.
    __aicore__ inline void Widen(uint32_t k, uint64_t row)
    {
        Lane<T> &lane = lane_[k];
        if (row == 0 || row == lane.tileEnd) {
            const uint32_t index = lane.takenTiles++;
            lane.tile = TileQueue(k, index).template DeQue<T>();
            lane.tileStart = row;
            lane.tileEnd = row + TileRows(lane.runs, row, index);
        }
        const uint32_t inTile = static_cast<uint32_t>(row - lane.tileStart);
        AscendC::Cast(lane.widened[(row % 2) * rowElements_], lane.tile[inTile * rowElements_],
                      AscendC::RoundMode::CAST_NONE, rowElements_);
        if (row + 1 == lane.tileEnd) {
            TileQueue(k, lane.takenTiles - 1).FreeTensor(lane.tile);
            CopyNextTile(k);
        }
    }

    // products[row % 2][slot of window k] = w[row - k * windowStep, head] * x[row, head] for every
    // window k open at `row`. Per window, one Mul per 64-column part walks the chunk's heads, or,
    // when there are more whole parts than heads, one Mul per head walks its parts: the fewer
    // instructions either way.
    __aicore__ inline void Multiply(Lane<T> &lane, uint64_t row)
    {
        const AscendC::LocalTensor<float> x = lane.widened[(row % 2) * rowElements_];
        const AscendC::LocalTensor<float> products = lane.products[(row % 2) * layout_.accSlots * rowElements_];
        const uint32_t parts = (headDim_ + kFloatsPerRepeat - 1) / kFloatsPerRepeat;
        const bool walkParts = headDim_ % kFloatsPerRepeat == 0 && parts > headChunk_;
        AscendC::BinaryRepeatParams params;
        params.dstBlkStride = 1;
        params.src0BlkStride = 1;
        params.src1BlkStride = 0;
        params.dstRepStride = static_cast<uint8_t>((walkParts ? kFloatsPerRepeat : headDim_) / kFloatsPerBlock);
        params.src0RepStride = params.dstRepStride;
        params.src1RepStride = walkParts ? 0 : 1;
        const uint64_t last = LastOpenWindow(lane, row);
        for (uint64_t k = FirstOpenWindow(row); k <= last; ++k) {
            const uint32_t slot = Slot(k) * rowElements_;
            const AscendC::LocalTensor<float> weights =
                weights_.brcb[static_cast<uint32_t>(row - k * windowStep_) * headChunk_ * kFloatsPerBlock];
            if (walkParts) {
                for (uint32_t h = 0; h < headChunk_; ++h) {
                    AscendC::Mul(products[slot + h * headDim_], x[h * headDim_], weights[h * kFloatsPerBlock],
                                 kFloatsPerRepeat, static_cast<uint8_t>(parts), params);
                }
                continue;
            }
            for (uint32_t column = 0; column < headDim_; column += kFloatsPerRepeat) {
                const uint64_t mask = headDim_ - column < kFloatsPerRepeat ? headDim_ - column : kFloatsPerRepeat;
                AscendC::Mul(products[slot + column], x[column], weights, mask, static_cast<uint8_t>(headChunk_),
                             params);
            }
        }
    }

    // acc[window] += products of `row` for every window open at it; a window opening here
    // starts from 0 + product (which turns a -0 product into +0, as the contract's sum from 0).
    // The open windows' slots are consecutive modulo accSlots: one Add, or two when they wrap.
    __aicore__ inline void Accumulate(Lane<T> &lane, uint64_t row)
    {
        const AscendC::LocalTensor<float> &acc = lane.acc;
        const AscendC::LocalTensor<float> products = lane.products[(row % 2) * layout_.accSlots * rowElements_];
        uint64_t last = LastOpenWindow(lane, row);
        if (nsa::StartsWindow(row, windowStep_) && nsa::LastStartedWindow(row, windowStep_) == last) {
            const uint32_t slot = Slot(last) * rowElements_;
            AscendC::Adds(acc[slot], products[slot], 0.0f, static_cast<int32_t>(rowElements_));
            if (last == 0) {
                return;
            }
            --last;
        }
        const uint64_t first = FirstOpenWindow(row);
        if (first > last) {
            return;
        }
        const uint32_t open = static_cast<uint32_t>(last - first + 1);
        const uint32_t firstSlot = Slot(first);
        const uint32_t unwrapped = firstSlot + open <= layout_.accSlots ? open : layout_.accSlots - firstSlot;
        AscendC::Add(acc[firstSlot * rowElements_], acc[firstSlot * rowElements_],
                     products[firstSlot * rowElements_], static_cast<int32_t>(unwrapped * rowElements_));
        if (unwrapped < open) {
            AscendC::Add(acc, acc, products, static_cast<int32_t>((open - unwrapped) * rowElements_));
        }
    }

    __aicore__ inline void WriteWindow(Lane<T> &lane, uint64_t window)
    {
        AscendC::LocalTensor<T> out = outQueue_.AllocTensor<T>();
        AscendC::Cast(out, lane.acc[Slot(window) * rowElements_], AscendC::RoundMode::CAST_RINT, rowElements_);
        outQueue_.EnQue(out);
        out = outQueue_.DeQue<T>();
        const uint64_t offset = (lane.runs.output + window) * outputRowStride_ + lane.runs.head * outputHeadStride_;
        // One copied run when the chunk's heads lie together in the output row, else one per head.
        const bool together = headChunk_ == 1 || outputHeadStride_ == headDim_;
        const AscendC::DataCopyExtParams copy{
            static_cast<uint16_t>(together ? 1 : headChunk_),
            static_cast<uint32_t>((together ? rowElements_ : headDim_) * sizeof(T)), 0,
            static_cast<uint32_t>(together ? 0 : (outputHeadStride_ - headDim_) * sizeof(T)), 0};
        AscendC::DataCopyPad(outputGm_[offset], out, copy);
        outQueue_.FreeTensor(out);
    }

    AscendC::GlobalTensor<T> inputGm_;
    AscendC::GlobalTensor<T> weightGm_;
    AscendC::GlobalTensor<int64_t> seqEndsGm_;
    AscendC::GlobalTensor<T> outputGm_;
    AscendC::TQue<AscendC::TPosition::VECIN, 1> inQueues_[2 * kMaxLanes];
    AscendC::TQue<AscendC::TPosition::VECOUT, kDepth> outQueue_;
    AscendC::TBuf<AscendC::TPosition::VECCALC> vectorBuf_;
    nsa::WeightBuffers<T> weights_;
    UbLayout layout_{};
    Lane<T> lane_[kMaxLanes];
    bool active_ = false;
    uint32_t lanes_ = 1;
    uint32_t headDim_ = 0;
    uint32_t windowLen_ = 0;
    uint32_t windowStep_ = 0;
    uint32_t headChunk_ = 0;
    uint32_t rowElements_ = 0;
    uint32_t tileRows_ = 0;
    uint64_t tokenStride_ = 0;
    uint64_t headStride_ = 0;
    uint64_t weightRowStride_ = 0;
    uint64_t outputRowStride_ = 0;
    uint64_t outputHeadStride_ = 0;
};

}  // namespace nsa::compress::kernel

#endif
