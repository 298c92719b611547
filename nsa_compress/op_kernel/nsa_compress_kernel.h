// NsaCompress vector kernel. Each core owns a head group and a contiguous range of outputs
// (across sequence boundaries), placed by the host tiling. For each chunk of heads that fits the
// Unified Buffer it streams the tokens its windows cover once, in tiles of rows, widens them to
// fp32 and adds w[j, n] * x into every open window in ascending j, two roundings per step as the
// bit-exact contract requires; a finished window is rounded to T (nearest-even) and written out.
#ifndef NSA_COMPRESS_KERNEL_H
#define NSA_COMPRESS_KERNEL_H

#include "kernel_operator.h"
#include "nsa_compress_tiling_data.h"

namespace nsa_compress_kernel {

constexpr uint32_t kBlockBytes = 32;
constexpr uint32_t kFloatsPerBlock = kBlockBytes / sizeof(float);
constexpr uint32_t kFloatsPerRepeat = 64;
constexpr uint32_t kMaxRepeatStride = 255;  // repeat strides are 8-bit, in 32-byte blocks
constexpr uint32_t kWeightRowAlign = 16;
constexpr uint32_t kBrcbSpareBlocks = 8;
constexpr int32_t kDepth = 2;

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
        headNum_ = tiling.headNum;
        headDim_ = tiling.headDim;
        blockSize_ = tiling.blockSize;
        stride_ = tiling.stride;
        slots_ = tiling.windowSlots;
        seqNum_ = tiling.seqNum;
        headGroup_ = tiling.headGroupSize;
        headChunk_ = tiling.headChunkSize;
        tileRows_ = tiling.tileRows;
        headStart_ = tiling.coreHeadStart[core];
        seqIndex_ = tiling.coreSeqIndex[core];
        windowIndex_ = tiling.coreWindowIndex[core];
        outputStart_ = tiling.coreOutputStart[core];
        outputCount_ = tiling.coreOutputCount[core];

        const uint64_t rowsPerToken = static_cast<uint64_t>(headNum_) * headDim_;
        inputGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(input), tiling.tokenNum * rowsPerToken);
        weightGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(weight), static_cast<uint64_t>(blockSize_) * headNum_);
        seqEndsGm_.SetGlobalBuffer(reinterpret_cast<__gm__ int64_t *>(seqEnds), seqNum_);
        outputGm_.SetGlobalBuffer(reinterpret_cast<__gm__ T *>(output), tiling.outputRows * rowsPerToken);

        // Buffer sizes must match nsa::KernelUbBytes, which the tiling budgets with.
        const uint32_t rowElements = headChunk_ * headDim_;
        const uint32_t tileElements = tileRows_ * rowElements;
        const uint32_t weightRow = AlignUp(headChunk_, kWeightRowAlign);
        pipe->InitBuffer(inQueue_, kDepth, tileElements * sizeof(T));
        pipe->InitBuffer(outQueue_, kDepth, rowElements * sizeof(T));
        pipe->InitBuffer(tileFloatBuf_, tileElements * sizeof(float));
        pipe->InitBuffer(productBuf_, tileElements * slots_ * sizeof(float));
        pipe->InitBuffer(accBuf_, slots_ * rowElements * sizeof(float));
        pipe->InitBuffer(weightRawBuf_, blockSize_ * weightRow * sizeof(T));
        pipe->InitBuffer(weightFloatBuf_, blockSize_ * weightRow * sizeof(float));
        pipe->InitBuffer(weightBrcbBuf_, (blockSize_ * headChunk_ + kBrcbSpareBlocks) * kBlockBytes);
    }

    __aicore__ inline void Process()
    {
        if (!active_) {
            return;
        }
        for (uint32_t head = headStart_; head < headStart_ + headGroup_; head += headChunk_) {
            LoadWeights(head);
            uint32_t seq = seqIndex_;
            uint64_t window = windowIndex_;
            uint64_t output = outputStart_;
            uint64_t left = outputCount_;
            while (left > 0 && seq < seqNum_) {
                const int64_t start = seq == 0 ? 0 : seqEndsGm_.GetValue(seq - 1);
                const int64_t length = seqEndsGm_.GetValue(seq) - start;
                const uint64_t windows =
                    length < static_cast<int64_t>(blockSize_) ? 0 : (length - blockSize_) / stride_ + 1;
                if (window < windows) {
                    const uint64_t count = windows - window < left ? windows - window : left;
                    ProcessWindows(static_cast<uint64_t>(start) + window * stride_, count, output, head);
                    output += count;
                    left -= count;
                }
                ++seq;
                window = 0;
            }
        }
    }

private:
    __aicore__ static inline uint32_t AlignUp(uint32_t value, uint32_t align)
    {
        return (value + align - 1) / align * align;
    }

    // Weights of this chunk's heads, broadcast so that block (j * headChunk + h) holds w[j, h]
    // eight times: one Mul can then pair every (row, head) of a tile with its weight.
    __aicore__ inline void LoadWeights(uint32_t head)
    {
        const uint32_t weightRow = AlignUp(headChunk_, kWeightRowAlign);
        AscendC::LocalTensor<T> raw = weightRawBuf_.Get<T>();
        AscendC::DataCopyExtParams copy{static_cast<uint16_t>(blockSize_),
                                        static_cast<uint32_t>(headChunk_ * sizeof(T)),
                                        static_cast<uint32_t>((headNum_ - headChunk_) * sizeof(T)), 0, 0};
        AscendC::DataCopyPadExtParams<T> pad{true, 0, static_cast<uint8_t>(weightRow - headChunk_),
                                             static_cast<T>(0.0f)};
        AscendC::DataCopyPad(raw, weightGm_[head], copy, pad);
        AscendC::SetFlag<AscendC::HardEvent::MTE2_V>(0);
        AscendC::WaitFlag<AscendC::HardEvent::MTE2_V>(0);

        AscendC::LocalTensor<float> widened = weightFloatBuf_.Get<float>();
        AscendC::Cast(widened, raw, AscendC::RoundMode::CAST_NONE, blockSize_ * weightRow);
        AscendC::PipeBarrier<PIPE_V>();
        AscendC::LocalTensor<float> broadcast = weightBrcbBuf_.Get<float>();
        const uint8_t repeats = static_cast<uint8_t>((headChunk_ + kFloatsPerBlock - 1) / kFloatsPerBlock);
        // Ascending j: each row's whole-repeat overrun is overwritten by the next row.
        for (uint32_t j = 0; j < blockSize_; ++j) {
            AscendC::Brcb(broadcast[j * headChunk_ * kFloatsPerBlock], widened[j * weightRow], repeats, {1, 8});
        }
        AscendC::PipeBarrier<PIPE_V>();
    }

    // Windows [0, count) whose first token is firstToken + k * stride; output row outputStart + k.
    // Window k accumulates in slot k % windowSlots: windows sharing a slot never overlap in rows.
    __aicore__ inline void ProcessWindows(uint64_t firstToken, uint64_t count, uint64_t outputStart, uint32_t head)
    {
        const uint64_t span = (count - 1) * stride_ + blockSize_;
        const uint32_t rowElements = headChunk_ * headDim_;
        for (uint64_t done = 0; done < span; done += tileRows_) {
            const uint32_t rows = static_cast<uint32_t>(span - done < tileRows_ ? span - done : tileRows_);
            CopyInTile(firstToken + done, rows, head);
            AscendC::LocalTensor<T> tile = inQueue_.DeQue<T>();
            AscendC::LocalTensor<float> widened = tileFloatBuf_.Get<float>();
            AscendC::Cast(widened, tile, AscendC::RoundMode::CAST_NONE, rows * rowElements);
            inQueue_.FreeTensor(tile);
            AscendC::PipeBarrier<PIPE_V>();

            const uint64_t first = FirstOpenWindow(done);
            const uint64_t last = LastOpenWindow(done + rows - 1, count);
            for (uint64_t k = first; k <= last; ++k) {
                const uint64_t windowStart = k * stride_;
                const uint64_t rowBegin = done > windowStart ? done : windowStart;
                const uint64_t windowEnd = windowStart + blockSize_;
                const uint64_t rowEnd = done + rows < windowEnd ? done + rows : windowEnd;
                MultiplyByWeights(static_cast<uint32_t>(rowBegin - done), static_cast<uint32_t>(k % slots_),
                                  static_cast<uint32_t>(rowBegin - windowStart), static_cast<uint32_t>(rowEnd - rowBegin));
            }
            AscendC::PipeBarrier<PIPE_V>();
            for (uint32_t row = 0; row < rows; ++row) {
                AccumulateRow(done + row, row, count, outputStart, head);
            }
        }
    }

    __aicore__ inline uint64_t FirstOpenWindow(uint64_t position) const
    {
        return position < blockSize_ ? 0 : (position - blockSize_) / stride_ + 1;
    }

    __aicore__ inline uint64_t LastOpenWindow(uint64_t position, uint64_t count) const
    {
        const uint64_t last = position / stride_;
        return last < count - 1 ? last : count - 1;
    }

    // One row at `position` of the run (row `row` of the tile): open the windows starting here,
    // add the row's products into every open window with one Add per contiguous run of slots,
    // and write out the windows this row completes.
    __aicore__ inline void AccumulateRow(uint64_t position, uint32_t row, uint64_t count, uint64_t outputStart,
                                         uint32_t head)
    {
        const uint32_t rowElements = headChunk_ * headDim_;
        AscendC::LocalTensor<float> acc = accBuf_.Get<float>();
        AscendC::LocalTensor<float> products = productBuf_.Get<float>();
        const uint64_t first = FirstOpenWindow(position);
        const uint64_t last = LastOpenWindow(position, count);
        if (position % stride_ == 0 && position / stride_ == last) {
            AscendC::Duplicate(acc[(last % slots_) * rowElements], 0.0f, rowElements);
            AscendC::PipeBarrier<PIPE_V>();
        }
        // With every slot open the slot order does not matter: one Add covers the whole ring.
        const uint32_t open = static_cast<uint32_t>(last - first + 1);
        const uint32_t firstSlot = open == slots_ ? 0 : static_cast<uint32_t>(first % slots_);
        const uint32_t unwrapped = firstSlot + open <= slots_ ? open : slots_ - firstSlot;
        const uint32_t rowBase = row * slots_ * rowElements;
        AscendC::Add(acc[firstSlot * rowElements], acc[firstSlot * rowElements],
                     products[rowBase + firstSlot * rowElements], unwrapped * rowElements);
        if (unwrapped < open) {
            AscendC::Add(acc, acc, products[rowBase], (open - unwrapped) * rowElements);
        }
        AscendC::PipeBarrier<PIPE_V>();
        if (position + 1 >= blockSize_ && (position + 1 - blockSize_) % stride_ == 0) {
            const uint64_t done = (position + 1 - blockSize_) / stride_;
            WriteWindow(acc[(done % slots_) * rowElements], outputStart + done, head);
        }
    }

    __aicore__ inline void CopyInTile(uint64_t token, uint32_t rows, uint32_t head)
    {
        AscendC::LocalTensor<T> tile = inQueue_.AllocTensor<T>();
        const uint64_t offset = (token * headNum_ + head) * headDim_;
        if (headChunk_ == headNum_) {
            AscendC::DataCopy(tile, inputGm_[offset], rows * headNum_ * headDim_);
        } else {
            AscendC::DataCopyParams copy;
            copy.blockCount = static_cast<uint16_t>(rows);
            copy.blockLen = static_cast<uint16_t>(headChunk_ * headDim_ * sizeof(T) / kBlockBytes);
            copy.srcStride = static_cast<uint16_t>((headNum_ - headChunk_) * headDim_ * sizeof(T) / kBlockBytes);
            copy.dstStride = 0;
            AscendC::DataCopy(tile, inputGm_[offset], copy);
        }
        inQueue_.EnQue(tile);
    }

    // products[row][slot] = w[firstJ + r] * x[row] for the `rows` tile rows from `tileRow`, each
    // product rounded to fp32. With the weights broadcast to one block per (j, head), a Mul walks
    // either the rows of one head (when the row pitch of the product layout fits a repeat
    // stride) or the heads of one row. Either count fits one instruction's 8-bit repeat: a window
    // spans at most compressBlockSize <= 128 rows, a chunk at most N <= 128 heads.
    __aicore__ inline void MultiplyByWeights(uint32_t tileRow, uint32_t slot, uint32_t firstJ, uint32_t rows)
    {
        const uint32_t rowElements = headChunk_ * headDim_;
        const uint32_t productPitch = slots_ * rowElements;
        AscendC::LocalTensor<float> products = productBuf_.Get<float>()[tileRow * productPitch + slot * rowElements];
        AscendC::LocalTensor<float> x = tileFloatBuf_.Get<float>()[tileRow * rowElements];
        AscendC::LocalTensor<float> weights = weightBrcbBuf_.Get<float>()[firstJ * headChunk_ * kFloatsPerBlock];
        AscendC::BinaryRepeatParams params;
        params.dstBlkStride = 1;
        params.src0BlkStride = 1;
        params.src1BlkStride = 0;
        const bool walkRows = productPitch / kFloatsPerBlock <= kMaxRepeatStride;
        for (uint32_t column = 0; column < headDim_; column += kFloatsPerRepeat) {
            const uint64_t mask = headDim_ - column < kFloatsPerRepeat ? headDim_ - column : kFloatsPerRepeat;
            if (walkRows) {
                params.dstRepStride = static_cast<uint8_t>(productPitch / kFloatsPerBlock);
                params.src0RepStride = static_cast<uint8_t>(rowElements / kFloatsPerBlock);
                params.src1RepStride = static_cast<uint8_t>(headChunk_);
                for (uint32_t h = 0; h < headChunk_; ++h) {
                    const uint32_t element = h * headDim_ + column;
                    AscendC::Mul(products[element], x[element], weights[h * kFloatsPerBlock], mask,
                                 static_cast<uint8_t>(rows), params);
                }
            } else {
                params.dstRepStride = static_cast<uint8_t>(headDim_ / kFloatsPerBlock);
                params.src0RepStride = static_cast<uint8_t>(headDim_ / kFloatsPerBlock);
                params.src1RepStride = 1;
                for (uint32_t r = 0; r < rows; ++r) {
                    AscendC::Mul(products[r * productPitch + column], x[r * rowElements + column],
                                 weights[r * headChunk_ * kFloatsPerBlock], mask, static_cast<uint8_t>(headChunk_),
                                 params);
                }
            }
        }
    }

    __aicore__ inline void WriteWindow(const AscendC::LocalTensor<float> &acc, uint64_t outputRow, uint32_t head)
    {
        const uint32_t rowElements = headChunk_ * headDim_;
        AscendC::LocalTensor<T> out = outQueue_.AllocTensor<T>();
        AscendC::Cast(out, acc, AscendC::RoundMode::CAST_RINT, rowElements);
        outQueue_.EnQue(out);
        out = outQueue_.DeQue<T>();
        AscendC::DataCopy(outputGm_[(outputRow * headNum_ + head) * headDim_], out, rowElements);
        outQueue_.FreeTensor(out);
    }

    AscendC::GlobalTensor<T> inputGm_;
    AscendC::GlobalTensor<T> weightGm_;
    AscendC::GlobalTensor<int64_t> seqEndsGm_;
    AscendC::GlobalTensor<T> outputGm_;
    AscendC::TQue<AscendC::TPosition::VECIN, kDepth> inQueue_;
    AscendC::TQue<AscendC::TPosition::VECOUT, kDepth> outQueue_;
    AscendC::TBuf<AscendC::TPosition::VECCALC> tileFloatBuf_;
    AscendC::TBuf<AscendC::TPosition::VECCALC> productBuf_;
    AscendC::TBuf<AscendC::TPosition::VECCALC> accBuf_;
    AscendC::TBuf<AscendC::TPosition::VECCALC> weightRawBuf_;
    AscendC::TBuf<AscendC::TPosition::VECCALC> weightFloatBuf_;
    AscendC::TBuf<AscendC::TPosition::VECCALC> weightBrcbBuf_;
    bool active_ = false;
    uint32_t headNum_ = 0;
    uint32_t headDim_ = 0;
    uint32_t blockSize_ = 0;
    uint32_t stride_ = 0;
    uint32_t slots_ = 0;
    uint32_t seqNum_ = 0;
    uint32_t headGroup_ = 0;
    uint32_t headChunk_ = 0;
    uint32_t tileRows_ = 0;
    uint32_t headStart_ = 0;
    uint32_t seqIndex_ = 0;
    uint64_t windowIndex_ = 0;
    uint64_t outputStart_ = 0;
    uint64_t outputCount_ = 0;
};

}  // namespace nsa_compress_kernel

#endif
