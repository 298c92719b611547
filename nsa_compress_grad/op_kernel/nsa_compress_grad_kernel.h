// NsaCompressGrad vector kernel, in three phases (docs/design.md, "Kernel design"):
//   1. inputGrad: the core writes every token slot its windows own (host split,
//      op_host/nsa_compress_grad_split.h). Window by window, in ascending order, the products
//      w[j, h] * dY[window] are added into a ring of fp32 rows (a row a window is the first to
//      reach starts as +0 + product); the rows no later window reaches are rounded once and
//      written. Slots no window covers are written +0.
//   2. weightGrad partials: for each of its groups of G windows, each chunk of positions j and
//      each slice, the lane sums a[j, h, e] = sum over the group's windows (ascending) of
//      dY[o, h, e] * x[start_o + j, h, e], reduced to one value per (j, h) in the contract's
//      fixed order and written to the workspace as P[g, j, h].
//   3. After SyncAll, every core sums rows j of the partials over the groups, in group order, and
//      rounds them once into weightGrad.
// Nothing depends on the core count but which core does what, so the bits do not either.
// The streams (dY and output rows in phase 1, token rows in phase 2) are double-buffered; the
// rest of the copies and the vector work take turns.
#ifndef NSA_COMPRESS_GRAD_KERNEL_H
#define NSA_COMPRESS_GRAD_KERNEL_H

#include "kernel_operator.h"
#include "nsa_compress_grad_tiling_data.h"
#include "nsa_compress_grad_ub_layout.h"
#include "nsa_compress_grad_walks.h"
#include "nsa_pipes.h"
#include "nsa_ub.h"
#include "nsa_weights.h"
#include "nsa_windows.h"

namespace nsa::compress_grad::kernel {

constexpr uint8_t kTreeRepeatBlocks = 8;   // a pair's eight blocks in the lane tree

// The kernel's streams and their event ids: the copy-in streams of a phase take ids 1 and 2 or
// 3 and 4, the copy-out stream 1 and 2 of its own events; nsa::HandOver keeps 0.
template <int32_t firstId>
using CopyInStream = nsa::PingPong<AscendC::HardEvent::MTE2_V, AscendC::HardEvent::V_MTE2, firstId>;
using CopyOutStream = nsa::PingPong<AscendC::HardEvent::V_MTE3, AscendC::HardEvent::MTE3_V, 1>;

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
        windowLen_ = tiling.windowLen;
        windowStep_ = tiling.windowStep;
        dyGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(outputGrad), tiling.outputGradExtent);
        inputGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(input), tiling.inputExtent);
        weightGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(weight), tiling.weightExtent);
        endsGm_.SetGlobalBuffer(reinterpret_cast<__gm__ int64_t *>(seqEnds), tiling.seqNum);
        inputGradGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(inputGrad), tiling.inputGradExtent);
        weightGradGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(weightGrad), tiling.weightGradExtent);
        partialsGm_.SetGlobalBuffer(reinterpret_cast<__gm__ float *>(AscendC::GetUserWorkspace(workspace)),
                                    tiling.groupNum * tiling.windowLen * tiling.headNum);
        dyRows_ = Rows{tiling.outputGradRowStride, tiling.outputGradHeadStride};
        inputRows_ = Rows{tiling.inputTokenStride, tiling.inputHeadStride};
        gradRows_ = Rows{tiling.inputGradTokenStride, tiling.inputGradHeadStride};
        runs_.Init(tiling, endsGm_);
        // Placed for the plan's full slice width; a head's last, narrower column slice fits too.
        igLayout_ = MakeInputGradLayout(windowLen_, windowStep_, tiling.inputGradSliceHeads,
                                                tiling.inputGradSliceColumns, tiling.inputGradTileRows, sizeof(T));
        wgLayout_ = MakeWeightGradLayout(windowStep_, tiling.weightGradSliceHeads, tiling.weightGradSliceColumns,
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

    // `rows` rows of `slice` from GM into UB rows of slice.Width() elements: one copied run when they
    // follow each other, else one run per row, else (heads apart in GM) one per row and head.
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
            static_cast<uint32_t>((width - slice.columns) * sizeof(T) / nsa::kBlockBytes), 0};
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
            static_cast<uint32_t>((width - slice.columns) * sizeof(T) / nsa::kBlockBytes),
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
            Run run = runs_.Read(t.coreSlotRun[core_], t.coreSlotOutput[core_]);
            uint64_t row = t.coreSlotRow[core_];
            uint64_t left = t.coreSlotCount[core_];
            for (;;) {
                const uint64_t end = run.slots - row < left ? run.slots : row + left;
                const uint64_t covered = run.windows == 0 ? 0 : (run.windows - 1) * windowStep_ + windowLen_;
                if (row < covered && row < end) {
                    StreamWindows(run, row, end < covered ? end : covered, slice);
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
        dyStream_.Drain();
        outStream_.Drain();
    }

    // w[:, slice heads] for phase 1 (nsa::LoadWeights), once the vector unit is done with the
    // previous slice's.
    __aicore__ inline void LoadWeights(const Slice &slice)
    {
        const nsa::WeightBuffers<T> ub{At<T>(igLayout_.weightRawOffset), At<float>(igLayout_.weightFloatOffset),
                                       At<float>(igLayout_.weightBrcbOffset)};
        HandOver<AscendC::HardEvent::V_MTE2>();
        nsa::LoadWeights(ub, weightGm_, tiling_->weightRowStride, slice.head, slice.heads, windowLen_);
    }

    // Copies the dY rows of windows [first, first + count) of `run` into the next dY buffer.
    __aicore__ inline uint32_t LoadDyBatch(const Run &run, uint64_t first, uint32_t count, const Slice &slice)
    {
        const uint32_t b = dyStream_.Acquire();
        CopyIn(At<T>(igLayout_.dyRawOffset + b * igLayout_.dyRawBytes), dyGm_,
               (run.firstOutput + first) * dyRows_.rowStride + SliceOffset(slice, dyRows_), count, dyRows_, slice);
        dyStream_.Fill(b);
        return b;
    }

    // inputGrad rows [first, last) of `run`, each covered by a window: its windows lo..hi in
    // ascending order (lo may start before `first`; its rows before `first` are not written).
    // Software-pipelined: window i's products are added while window i + 1's are formed in the
    // other product buffer, and the rows window i finished are rounded in the next step, so one
    // PipeBarrier separates the steps.
    __aicore__ inline void StreamWindows(const Run &run, uint64_t first, uint64_t last, const Slice &slice)
    {
        const uint64_t lo = nsa::FirstOpenWindow(first, windowLen_, windowStep_);
        const uint64_t started = nsa::LastStartedWindow(last - 1, windowStep_);
        const uint64_t hi = started < run.windows - 1 ? started : run.windows - 1;
        WindowStream stream{lo, hi, lo, lo, 0};
        stream.batch = LoadDyBatch(run, lo, BatchSize(lo, hi), slice);
        OutputRows out{run.gradBase, first, 0, 0};
        uint64_t finished = first;
        FormProducts(run, stream, lo, slice);
        AscendC::PipeBarrier<PIPE_V>();
        for (uint64_t i = lo; i <= hi; ++i) {
            AddToRing(i, i == lo, slice);
            if (i < hi) {
                FormProducts(run, stream, i + 1, slice);
            }
            AscendC::PipeBarrier<PIPE_V>();
            // Rows below the next window's start are final.
            const uint64_t done = i < hi ? (i + 1) * windowStep_ : last;
            if (done > finished) {
                EmitRows(out, finished, done, slice);
                finished = done;
            }
        }
        FlushRows(out, slice);
    }

    // The windows lo..hi of a stream and the dY batch [batchStart, batchEnd) in use; `batch` is
    // the buffer of the batch copied last.
    struct WindowStream {
        uint64_t lo;
        uint64_t hi;
        uint64_t batchStart;
        uint64_t batchEnd;
        uint32_t batch;
    };

    __aicore__ inline AscendC::LocalTensor<float> ProductsOf(uint64_t window)
    {
        return At<float>(igLayout_.productOffset + static_cast<uint32_t>(window % 2) * igLayout_.productBytes);
    }

    // Window i's products into its product buffer; when i opens a dY batch, the batch is widened
    // first and the next one's copy started.
    __aicore__ inline void FormProducts(const Run &run, WindowStream &stream, uint64_t i, const Slice &slice)
    {
        const uint32_t width = slice.Width();
        const AscendC::LocalTensor<float> dy = At<float>(igLayout_.dyFloatOffset);
        if (i == stream.batchEnd) {
            stream.batchStart = i;
            stream.batchEnd = i + BatchSize(i, stream.hi);
            dyStream_.Take(stream.batch);
            AscendC::Cast(dy, At<T>(igLayout_.dyRawOffset + stream.batch * igLayout_.dyRawBytes),
                          AscendC::RoundMode::CAST_NONE, static_cast<uint32_t>(stream.batchEnd - i) * width);
            dyStream_.Release(stream.batch);
            AscendC::PipeBarrier<PIPE_V>();
            if (stream.batchEnd <= stream.hi) {
                stream.batch = LoadDyBatch(run, stream.batchEnd, BatchSize(stream.batchEnd, stream.hi), slice);
            }
        }
        MultiplyWeights(ProductsOf(i), dy[static_cast<uint32_t>(i - stream.batchStart) * width], slice);
    }

    // Adds window i's products to its rows of the ring. Rows an earlier window of the stream
    // reached get the product added; the others start from +0 + product, as the contract's sums
    // start from +0.
    __aicore__ inline void AddToRing(uint64_t i, bool firstOfStream, const Slice &slice)
    {
        const uint32_t width = slice.Width();
        const AscendC::LocalTensor<float> products = ProductsOf(i);
        const uint64_t start = i * windowStep_;
        const uint64_t fresh = firstOfStream ? start : start + windowLen_ - windowStep_;
        ForRingSpans(start, fresh, [&](uint32_t ringRow, uint32_t rows, uint32_t offset) {
            const AscendC::LocalTensor<float> acc = At<float>(igLayout_.ringOffset)[ringRow * width];
            AscendC::Add(acc, acc, products[offset * width], static_cast<int32_t>(rows * width));
        });
        ForRingSpans(fresh, start + windowLen_, [&](uint32_t ringRow, uint32_t rows, uint32_t offset) {
            AscendC::Adds(At<float>(igLayout_.ringOffset)[ringRow * width],
                          products[static_cast<uint32_t>(fresh - start + offset) * width], 0.0f,
                          static_cast<int32_t>(rows * width));
        });
    }

    __aicore__ inline uint32_t BatchSize(uint64_t first, uint64_t hi) const
    {
        return static_cast<uint32_t>(hi - first + 1 < kDyBatch ? hi - first + 1 : kDyBatch);
    }

    // Calls fn(ringRow, rows, offset) for the pieces of run rows [from, to) in the ring, `offset`
    // counting rows from `from`.
    template <typename Fn>
    __aicore__ inline void ForRingSpans(uint64_t from, uint64_t to, Fn fn)
    {
        uint32_t offset = 0;
        while (from < to) {
            const uint32_t ringRow = static_cast<uint32_t>(from % igLayout_.ringRows);
            const uint64_t room = igLayout_.ringRows - ringRow;
            const uint32_t rows = static_cast<uint32_t>(to - from < room ? to - from : room);
            fn(ringRow, rows, offset);
            from += rows;
            offset += rows;
        }
    }

    // The output tile being filled: rows [start, start + count) of a run.
    struct OutputRows {
        uint64_t gradBase;
        uint64_t start;
        uint32_t count;
        uint32_t buffer;
    };

    // Rounds final rows [from, to) of the ring into the output tile, writing the tile first when
    // they do not fit.
    __aicore__ inline void EmitRows(OutputRows &out, uint64_t from, uint64_t to, const Slice &slice)
    {
        const uint32_t width = slice.Width();
        if (out.count > 0 && out.count + (to - from) > igLayout_.tileRows) {
            FlushRows(out, slice);
        }
        if (out.count == 0) {
            out.start = from;
            out.buffer = outStream_.Acquire();
        }
        const AscendC::LocalTensor<T> tile = At<T>(igLayout_.outOffset + out.buffer * igLayout_.outBytes);
        const uint32_t base = out.count;
        ForRingSpans(from, to, [&](uint32_t ringRow, uint32_t rows, uint32_t offset) {
            AscendC::Cast(tile[(base + offset) * width], At<float>(igLayout_.ringOffset)[ringRow * width],
                          AscendC::RoundMode::CAST_RINT, rows * width);
        });
        out.count += static_cast<uint32_t>(to - from);
    }

    __aicore__ inline void FlushRows(OutputRows &out, const Slice &slice)
    {
        if (out.count == 0) {
            return;
        }
        outStream_.Fill(out.buffer);
        outStream_.Take(out.buffer);
        CopyOut(inputGradGm_, out.gradBase + out.start * gradRows_.rowStride + SliceOffset(slice, gradRows_),
                At<T>(igLayout_.outOffset + out.buffer * igLayout_.outBytes), out.count, gradRows_, slice);
        outStream_.Release(out.buffer);
        out.start += out.count;
        out.count = 0;
    }

    // products[j] = w[j, h] * dy for every position j of a window: per head and 64-column part,
    // one Mul whose repeats walk j.
    __aicore__ inline void MultiplyWeights(const AscendC::LocalTensor<float> &products,
                                           const AscendC::LocalTensor<float> &dy, const Slice &slice)
    {
        const AscendC::LocalTensor<float> brcb = At<float>(igLayout_.weightBrcbOffset);
        const AscendC::BinaryRepeatParams params(1, 1, 0, static_cast<uint8_t>(slice.Width() / nsa::kFloatsPerBlock),
                                                 0, static_cast<uint8_t>(slice.heads));
        for (uint32_t h = 0; h < slice.heads; ++h) {
            for (uint32_t c = 0; c < slice.columns; c += kFloatsPerRepeat) {
                const uint32_t column = h * slice.columns + c;
                const uint64_t mask = slice.columns - c < kFloatsPerRepeat ? slice.columns - c : kFloatsPerRepeat;
                AscendC::Mul(products[column], dy[column], brcb[h * nsa::kFloatsPerBlock], mask,
                             static_cast<uint8_t>(windowLen_), params);
            }
        }
    }

    // +0 into inputGrad rows [first, last) of `run`: slots no window covers.
    __aicore__ inline void WriteZeroRows(const Run &run, uint64_t first, uint64_t last, const Slice &slice)
    {
        if (first >= last) {
            return;
        }
        const uint32_t b = outStream_.Acquire();
        const AscendC::LocalTensor<T> tile = At<T>(igLayout_.outOffset + b * igLayout_.outBytes);
        AscendC::Duplicate(tile, static_cast<T>(0.0f), static_cast<int32_t>(igLayout_.tileRows * slice.Width()));
        outStream_.Fill(b);
        outStream_.Take(b);
        for (uint64_t row = first; row < last; row += igLayout_.tileRows) {
            const uint64_t rows = last - row < igLayout_.tileRows ? last - row : igLayout_.tileRows;
            CopyOut(inputGradGm_, run.gradBase + row * gradRows_.rowStride + SliceOffset(slice, gradRows_), tile,
                    static_cast<uint32_t>(rows), gradRows_, slice);
        }
        outStream_.Release(b);
    }

    // ---- Phase 2: weightGrad partials ----

    // One step of phase 2: a batch of consecutive windows of one run inside a unit of work, the
    // lane sums of one group for one chunk of positions j and one slice. The token rows of the
    // next step are copied while this one is computed.
    struct WeightStep {
        bool valid;
        uint64_t group;        // the unit's windows [group, groupEnd)
        uint64_t groupEnd;
        Run groupRun;          // where the group starts
        uint64_t groupIndex;
        uint32_t j0;
        SliceWalk walk;
        Run run;               // the batch: windows [index, index + windows) of run
        uint64_t index;
        uint32_t windows;
        uint32_t done;         // windows of the group before the batch
        uint32_t xBuffer;
        uint32_t dyBuffer;
    };

    __aicore__ inline void WeightGradPartials()
    {
        const NsaCompressGradTilingData &t = *tiling_;
        if (t.coreWindowCount[core_] == 0) {
            return;
        }
        WeightStep step{};
        step.valid = true;
        step.group = t.coreWindowStart[core_];
        step.groupRun = runs_.Read(t.coreWindowRun[core_], t.coreWindowStart[core_] - t.coreWindowInRun[core_]);
        step.groupIndex = t.coreWindowInRun[core_];
        StartGroup(step);
        LoadStep(step);
        while (step.valid) {
            WeightStep next = step;
            AdvanceStep(next);
            if (next.valid) {
                LoadStep(next);
            }
            ComputeStep(step);
            step = next;
        }
        xStream_.Drain();
        groupDyStream_.Drain();
    }

    __aicore__ inline void StartGroup(WeightStep &step)
    {
        const NsaCompressGradTilingData &t = *tiling_;
        const uint64_t end = t.coreWindowStart[core_] + t.coreWindowCount[core_];
        step.groupEnd = end - step.group < kGroupWindows ? end : step.group + kGroupWindows;
        step.j0 = 0;
        step.walk.Start(t.coreHeadStart[core_], t.headGroupSize, headDim_, t.weightGradSliceHeads,
                        t.weightGradSliceColumns);
        StartUnit(step);
    }

    __aicore__ inline void StartUnit(WeightStep &step)
    {
        step.run = step.groupRun;
        step.index = step.groupIndex;
        step.done = 0;
        step.windows = BatchWindows(step);
    }

    // The windows of the batch at (run, index): the rest of the run, of the group and of a batch.
    __aicore__ inline uint32_t BatchWindows(const WeightStep &step) const
    {
        uint64_t windows = step.run.windows - step.index;
        windows = windows < wgLayout_.batchWindows ? windows : wgLayout_.batchWindows;
        const uint64_t left = step.groupEnd - step.group - step.done;
        return static_cast<uint32_t>(windows < left ? windows : left);
    }

    // Moves (run, index) on by `windows` windows, past runs without windows.
    __aicore__ inline void SkipWindows(Run &run, uint64_t &index, uint64_t windows) const
    {
        while (windows >= run.windows - index && runs_.HasNext(run)) {
            windows -= run.windows - index;
            run = runs_.WithWindows(runs_.Next(run));
            index = 0;
        }
        index += windows;
    }

    __aicore__ inline void AdvanceStep(WeightStep &step)
    {
        if (step.done + step.windows < step.groupEnd - step.group) {
            step.done += step.windows;
            SkipWindows(step.run, step.index, step.windows);
            step.windows = BatchWindows(step);
            return;
        }
        step.walk.Next();
        if (step.walk.Valid()) {
            StartUnit(step);
            return;
        }
        const NsaCompressGradTilingData &t = *tiling_;
        step.j0 += t.weightGradJChunk;
        if (step.j0 < windowLen_) {
            step.walk.Start(t.coreHeadStart[core_], t.headGroupSize, headDim_, t.weightGradSliceHeads,
                            t.weightGradSliceColumns);
            StartUnit(step);
            return;
        }
        if (step.groupEnd == t.coreWindowStart[core_] + t.coreWindowCount[core_]) {
            step.valid = false;
            return;
        }
        SkipWindows(step.groupRun, step.groupIndex, step.groupEnd - step.group);
        step.group = step.groupEnd;
        StartGroup(step);
    }

    // Copies the step's token rows (and, for a unit's first step, the group's dY rows).
    __aicore__ inline void LoadStep(WeightStep &step)
    {
        const Slice &slice = step.walk.slice;
        if (step.done == 0) {
            step.dyBuffer = groupDyStream_.Acquire();
            CopyIn(At<T>(wgLayout_.dyRawOffset + step.dyBuffer * wgLayout_.dyRawBytes), dyGm_,
                   step.group * dyRows_.rowStride + SliceOffset(slice, dyRows_),
                   static_cast<uint32_t>(step.groupEnd - step.group), dyRows_, slice);
            groupDyStream_.Fill(step.dyBuffer);
        }
        const uint32_t xRows = (step.windows - 1) * windowStep_ + wgLayout_.jChunk;
        step.xBuffer = xStream_.Acquire();
        CopyIn(At<T>(wgLayout_.xRawOffset + step.xBuffer * wgLayout_.xRawBytes), inputGm_,
               step.run.inputBase + (step.index * windowStep_ + step.j0) * inputRows_.rowStride +
                   SliceOffset(slice, inputRows_),
               xRows, inputRows_, slice);
        xStream_.Fill(step.xBuffer);
    }

    // Adds the step's windows' products to the lane sums, block-major; a unit's last step
    // reduces them (and, for a head's last slice, writes the partials).
    __aicore__ inline void ComputeStep(const WeightStep &step)
    {
        const Slice &slice = step.walk.slice;
        const uint32_t width = slice.Width();
        const AscendC::LocalTensor<float> dy = At<float>(wgLayout_.dyFloatOffset);
        const AscendC::LocalTensor<float> x = At<float>(wgLayout_.xFloatOffset);
        const AscendC::LocalTensor<float> products = At<float>(wgLayout_.productOffset);
        const AscendC::LocalTensor<float> otherProducts = At<float>(wgLayout_.productOffset + wgLayout_.productBytes);
        const AscendC::LocalTensor<float> sums = At<float>(wgLayout_.sumOffset);
        // Whole regions, the gap block after each region's pairs included, so that an Add over
        // them reads only written blocks; no Mul writes the gaps.
        const int32_t pairFloats = static_cast<int32_t>(slice.columns * wgLayout_.pitch);
        if (step.done == 0) {
            groupDyStream_.Take(step.dyBuffer);
            AscendC::Cast(dy, At<T>(wgLayout_.dyRawOffset + step.dyBuffer * wgLayout_.dyRawBytes),
                          AscendC::RoundMode::CAST_NONE, static_cast<uint32_t>(step.groupEnd - step.group) * width);
            groupDyStream_.Release(step.dyBuffer);
            AscendC::Duplicate(sums, 0.0f, pairFloats);
            AscendC::Duplicate(products, 0.0f, pairFloats);
            AscendC::Duplicate(otherProducts, 0.0f, pairFloats);
        }
        const uint32_t xRows = (step.windows - 1) * windowStep_ + wgLayout_.jChunk;
        xStream_.Take(step.xBuffer);
        AscendC::Cast(x, At<T>(wgLayout_.xRawOffset + step.xBuffer * wgLayout_.xRawBytes),
                      AscendC::RoundMode::CAST_NONE, xRows * width);
        xStream_.Release(step.xBuffer);
        AscendC::PipeBarrier<PIPE_V>();
        // Software-pipelined as phase 1: window b's products are added while window b + 1's are
        // formed in the other buffer.
        MultiplyTokens(products, x, dy[step.done * width], slice);
        AscendC::PipeBarrier<PIPE_V>();
        for (uint32_t b = 0; b < step.windows; ++b) {
            AscendC::Add(sums, sums, b % 2 == 0 ? products : otherProducts, pairFloats);
            if (b + 1 < step.windows) {
                MultiplyTokens(b % 2 == 0 ? otherProducts : products, x[(b + 1) * windowStep_ * width],
                               dy[(step.done + b + 1) * width], slice);
            }
            AscendC::PipeBarrier<PIPE_V>();
        }
        if (step.done + step.windows == step.groupEnd - step.group) {
            ReduceBlocks(slice, step.walk.First());
            if (step.walk.Last()) {
                WritePartials(step.group / kGroupWindows, step.j0, slice);
            }
        }
    }

    // products of pair r = j * heads + h, block k at (k * pitch + r) * 8: x[j, h, :] * dy[h, :],
    // per head and 64-column part one Mul whose repeats walk j.
    __aicore__ inline void MultiplyTokens(const AscendC::LocalTensor<float> &products,
                                          const AscendC::LocalTensor<float> &x, const AscendC::LocalTensor<float> &dy,
                                          const Slice &slice)
    {
        const uint32_t pitch = wgLayout_.pitch;
        const AscendC::BinaryRepeatParams params(static_cast<uint8_t>(pitch), 1, 1, static_cast<uint8_t>(slice.heads),
                                                 static_cast<uint8_t>(slice.Width() / nsa::kFloatsPerBlock), 0);
        for (uint32_t h = 0; h < slice.heads; ++h) {
            for (uint32_t c = 0; c < slice.columns; c += kFloatsPerRepeat) {
                const uint32_t column = h * slice.columns + c;
                const uint64_t mask = slice.columns - c < kFloatsPerRepeat ? slice.columns - c : kFloatsPerRepeat;
                const uint32_t block = c / nsa::kFloatsPerBlock;
                AscendC::Mul(products[(block * pitch + h) * nsa::kFloatsPerBlock], x[column], dy[column], mask,
                             static_cast<uint8_t>(wgLayout_.jChunk), params);
            }
        }
    }

    // Adds every block of the slice's lane sums into the pairs' block 0, in column order
    // (contract step 3, first part). A head's first slice starts the carried blocks, its later
    // slices add to them.
    __aicore__ inline void ReduceBlocks(const Slice &slice, bool firstOfHead)
    {
        const uint32_t pairBlock = wgLayout_.rows * nsa::kFloatsPerBlock;
        const uint32_t region = wgLayout_.pitch * nsa::kFloatsPerBlock;
        const AscendC::LocalTensor<float> sums = At<float>(wgLayout_.sumOffset);
        const AscendC::LocalTensor<float> lanes = At<float>(wgLayout_.laneOffset);
        const uint32_t blocks = slice.columns / nsa::kFloatsPerBlock;
        uint32_t k = 0;
        if (firstOfHead) {
            AscendC::Add(lanes, sums, sums[region], static_cast<int32_t>(pairBlock));
            AscendC::PipeBarrier<PIPE_V>();
            k = 2;
        }
        for (; k < blocks; ++k) {
            AscendC::Add(lanes, lanes, sums[k * region], static_cast<int32_t>(pairBlock));
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
            AscendC::Add(tree, tree, tree[half * nsa::kFloatsPerBlock], half * nsa::kFloatsPerBlock,
                         static_cast<uint8_t>(rows), params);
            AscendC::PipeBarrier<PIPE_V>();
        }
        HandOver<AscendC::HardEvent::V_MTE3>();
        const uint32_t headNum = tiling_->headNum;
        const uint64_t base = (group * windowLen_ + j0) * headNum + slice.head;
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
                                 tree[j * slice.heads * kTreeRepeatBlocks * nsa::kFloatsPerBlock], copy);
        }
    }

    // ---- Phase 3: combining ----

    // Rows j of weightGrad, split evenly over the cores: the partials summed in group order from
    // +0, rounded once.
    __aicore__ inline void Combine()
    {
        const NsaCompressGradTilingData &t = *tiling_;
        const CombineLayout plan = MakeCombineLayout(t.headNum, sizeof(T), t.ubBytes);
        const uint32_t perCore = (windowLen_ + t.usedCoreNum - 1) / t.usedCoreNum;
        const uint32_t firstRow = core_ * perCore;
        const uint32_t lastRow = firstRow + perCore < windowLen_ ? firstRow + perCore : windowLen_;
        const AscendC::LocalTensor<float> sum = At<float>(plan.sumOffset);
        const AscendC::LocalTensor<T> out = At<T>(plan.outOffset);
        const AscendC::LocalTensor<float> partials = At<float>(plan.partialOffset);
        const uint32_t headNum = t.headNum;
        const uint64_t groupStride = uint64_t{windowLen_} * headNum;
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
    uint32_t windowLen_ = 0;
    uint32_t windowStep_ = 0;
    Rows dyRows_;
    Rows inputRows_;
    Rows gradRows_;
    RunReader runs_;
    CopyInStream<1> dyStream_;        // phase 1's dY batches
    CopyOutStream outStream_;
    CopyInStream<1> xStream_;         // phase 2's token batches
    CopyInStream<3> groupDyStream_;   // phase 2's dY rows of a group
    InputGradLayout igLayout_{};
    WeightGradLayout wgLayout_{};
    AscendC::GlobalTensor<T> dyGm_;
    AscendC::GlobalTensor<T> inputGm_;
    AscendC::GlobalTensor<T> weightGm_;
    AscendC::GlobalTensor<int64_t> endsGm_;
    AscendC::GlobalTensor<T> inputGradGm_;
    AscendC::GlobalTensor<T> weightGradGm_;
    AscendC::GlobalTensor<float> partialsGm_;
    AscendC::TBuf<AscendC::TPosition::VECCALC> ub_;
};

}  // namespace nsa::compress_grad::kernel

#endif
