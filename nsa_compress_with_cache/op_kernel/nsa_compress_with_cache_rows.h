// The window arithmetic both entry points of the decode op share (docs/design.md, "Kernel
// design"): a window's l token rows of a head chunk copied from a pool into a window buffer, page
// segment by page segment, then each row treated in three steps as the forward op does:
//   widen      the row to fp32;
//   multiply   it by w[j, head] (j its position in the window);
//   accumulate the products into the window's fp32 sum, ascending j, starting from +0;
// and the sum rounded once to T (nearest-even) into a cache row. Row j is widened, row j-1
// multiplied and row j-2 accumulated together, then one PipeBarrier makes their results visible.
// The pool, weights and cache are arguments, so one instance serves the K and the V pool.
#ifndef NSA_COMPRESS_WITH_CACHE_ROWS_H
#define NSA_COMPRESS_WITH_CACHE_ROWS_H

#include "kernel_operator.h"
#include "nsa_compress_with_cache_ub_layout.h"
#include "nsa_ub.h"
#include "nsa_weights.h"

namespace nsa::with_cache::kernel {

// The head chunk's shape, as the UB layout was planned for it.
struct RowShape {
    uint32_t headDim;
    uint32_t headChunk;
    uint32_t windowLen;
};

// Where a pool's token rows lie, in elements: a head's D elements are contiguous.
struct PoolStrides {
    uint64_t page;
    uint64_t token;
    uint64_t head;
};

// Where a cache's rows lie, in elements.
struct CacheStrides {
    uint64_t row;
    uint64_t head;
};

// A head chunk's weight buffers in `area` from byte `rawOffset`, spaced as in the layout's vector
// area: the second pool's weights take the same shape in an area of their own.
template <typename T>
__aicore__ inline nsa::WeightBuffers<T> LayoutWeights(AscendC::TBuf<AscendC::TPosition::VECCALC> &area,
                                                      const UbLayout &layout, uint32_t rawOffset)
{
    const AscendC::LocalTensor<float> floats = area.Get<float>();
    nsa::WeightBuffers<T> weights;
    weights.raw = area.Get<T>()[rawOffset / sizeof(T)];
    weights.widened = floats[(rawOffset + layout.weightFloatOffset - layout.weightRawOffset) / sizeof(float)];
    weights.brcb = floats[(rawOffset + layout.weightBrcbOffset - layout.weightRawOffset) / sizeof(float)];
    return weights;
}

template <typename T>
class WindowRows {
public:
    // The fp32 rows and the accumulator in the layout's vector area; two output rows from `pipe`.
    __aicore__ inline void Init(const RowShape &shape, const UbLayout &layout,
                                AscendC::TBuf<AscendC::TPosition::VECCALC> &vectorArea, AscendC::TPipe *pipe)
    {
        headDim_ = shape.headDim;
        headChunk_ = shape.headChunk;
        windowLen_ = shape.windowLen;
        rowElements_ = layout.rowElements;
        pipe->InitBuffer(outQueue_, 2, layout.outputBytes);
        const AscendC::LocalTensor<float> area = vectorArea.Get<float>();
        widened_ = area[layout.widenedOffset / sizeof(float)];
        products_ = area[layout.productOffset / sizeof(float)];
        acc_ = area[layout.accOffset / sizeof(float)];
    }

    // The window of `batch` starting at token `start`, heads from `head`, into the tile: one copy
    // per page segment, the pages from `pages.Page(batch, token)` (checked by the caller).
    template <typename Pages>
    __aicore__ inline void CopyPagedWindow(const AscendC::LocalTensor<T> &tile, const AscendC::GlobalTensor<T> &pool,
                                           const PoolStrides &strides, const Pages &pages, uint32_t batch,
                                           uint64_t start, uint64_t pageSize, uint32_t head) const
    {
        for (uint32_t row = 0; row < windowLen_;) {
            const uint64_t token = start + row;
            const uint64_t inPage = token % pageSize;
            const uint64_t left = pageSize - inPage;
            const uint32_t rows = left < windowLen_ - row ? static_cast<uint32_t>(left) : windowLen_ - row;
            const uint64_t first = pages.Page(batch, token) * strides.page + inPage * strides.token;
            CopyRows(tile, row, pool, strides, first + head * strides.head, rows);
            row += rows;
        }
    }

    // `rows` token rows from pool element `first` into the tile from row `row`: one copied run
    // when the rows follow each other, one copy when the chunk's heads lie together in a row, else
    // one per head into its columns.
    __aicore__ inline void CopyRows(const AscendC::LocalTensor<T> &tile, uint32_t row,
                                    const AscendC::GlobalTensor<T> &pool, const PoolStrides &strides, uint64_t first,
                                    uint32_t rows) const
    {
        const AscendC::DataCopyPadExtParams<T> noPad{false, 0, 0, static_cast<T>(0.0f)};
        const AscendC::LocalTensor<T> dst = tile[row * rowElements_];
        if (strides.token == rowElements_) {
            const AscendC::DataCopyExtParams copy{1, static_cast<uint32_t>(rows * rowElements_ * sizeof(T)), 0, 0, 0};
            AscendC::DataCopyPad(dst, pool[first], copy, noPad);
        } else if (headChunk_ == 1 || strides.head == headDim_) {
            const AscendC::DataCopyExtParams copy{static_cast<uint16_t>(rows),
                                                  static_cast<uint32_t>(rowElements_ * sizeof(T)),
                                                  static_cast<uint32_t>((strides.token - rowElements_) * sizeof(T)),
                                                  0, 0};
            AscendC::DataCopyPad(dst, pool[first], copy, noPad);
        } else {
            const AscendC::DataCopyExtParams copy{
                static_cast<uint16_t>(rows), static_cast<uint32_t>(headDim_ * sizeof(T)),
                static_cast<uint32_t>((strides.token - headDim_) * sizeof(T)),
                static_cast<uint32_t>((rowElements_ - headDim_) * sizeof(T) / nsa::kBlockBytes), 0};
            for (uint32_t h = 0; h < headChunk_; ++h) {
                AscendC::DataCopyPad(dst[h * headDim_], pool[first + h * strides.head], copy, noPad);
            }
        }
    }

    // The window in `tile` weighted by `weights` and summed into the accumulator. Step s widens row
    // s, multiplies row s-1 and accumulates row s-2; the barrier after each step makes its results
    // visible to the next.
    __aicore__ inline void Sum(const AscendC::LocalTensor<T> &tile, const nsa::WeightBuffers<T> &weights)
    {
        for (uint32_t step = 0; step < windowLen_ + 2; ++step) {
            if (step >= 2) {
                Accumulate(step - 2);
            }
            if (step >= 1 && step - 1 < windowLen_) {
                Multiply(step - 1, weights);
            }
            if (step < windowLen_) {
                AscendC::Cast(widened_[(step % 2) * rowElements_], tile[step * rowElements_],
                              AscendC::RoundMode::CAST_NONE, rowElements_);
            }
            AscendC::PipeBarrier<PIPE_V>();
        }
    }

    // The sum rounded once to T, into the cache from element `offset` (the chunk's first head of a
    // row): one copied run when the chunk's heads lie together in the row, else one block per head.
    __aicore__ inline void WriteRow(const AscendC::GlobalTensor<T> &cache, uint64_t offset, uint64_t headStride)
    {
        AscendC::LocalTensor<T> out = outQueue_.AllocTensor<T>();
        AscendC::Cast(out, acc_, AscendC::RoundMode::CAST_RINT, rowElements_);
        outQueue_.EnQue(out);
        out = outQueue_.DeQue<T>();
        const bool together = headChunk_ == 1 || headStride == headDim_;
        const AscendC::DataCopyExtParams copy{
            static_cast<uint16_t>(together ? 1 : headChunk_),
            static_cast<uint32_t>((together ? rowElements_ : headDim_) * sizeof(T)), 0,
            static_cast<uint32_t>(together ? 0 : (headStride - headDim_) * sizeof(T)), 0};
        AscendC::DataCopyPad(cache[offset], out, copy);
        outQueue_.FreeTensor(out);
    }

    __aicore__ inline uint32_t RowElements() const { return rowElements_; }

private:
    // products[j % 2] = w[j, head] * x[j, head] for the chunk's heads: one Mul per 64-column part
    // walking the heads, or, when there are more whole parts than heads, one Mul per head walking
    // its parts.
    __aicore__ inline void Multiply(uint32_t j, const nsa::WeightBuffers<T> &weightBuffers)
    {
        const AscendC::LocalTensor<float> x = widened_[(j % 2) * rowElements_];
        const AscendC::LocalTensor<float> products = products_[(j % 2) * rowElements_];
        const AscendC::LocalTensor<float> weights = weightBuffers.brcb[j * headChunk_ * nsa::kFloatsPerBlock];
        const uint32_t parts = (headDim_ + nsa::kFloatsPerRepeat - 1) / nsa::kFloatsPerRepeat;
        const bool walkParts = headDim_ % nsa::kFloatsPerRepeat == 0 && parts > headChunk_;
        AscendC::BinaryRepeatParams params;
        params.dstBlkStride = 1;
        params.src0BlkStride = 1;
        params.src1BlkStride = 0;
        params.dstRepStride =
            static_cast<uint8_t>((walkParts ? nsa::kFloatsPerRepeat : headDim_) / nsa::kFloatsPerBlock);
        params.src0RepStride = params.dstRepStride;
        params.src1RepStride = walkParts ? 0 : 1;
        if (walkParts) {
            for (uint32_t h = 0; h < headChunk_; ++h) {
                AscendC::Mul(products[h * headDim_], x[h * headDim_], weights[h * nsa::kFloatsPerBlock],
                             nsa::kFloatsPerRepeat, static_cast<uint8_t>(parts), params);
            }
            return;
        }
        for (uint32_t column = 0; column < headDim_; column += nsa::kFloatsPerRepeat) {
            const uint64_t mask =
                headDim_ - column < nsa::kFloatsPerRepeat ? headDim_ - column : nsa::kFloatsPerRepeat;
            AscendC::Mul(products[column], x[column], weights, mask, static_cast<uint8_t>(headChunk_), params);
        }
    }

    // acc = +0 + products of row 0 (which turns a -0 product into +0, as the sum from +0 does),
    // then acc += products of each later row.
    __aicore__ inline void Accumulate(uint32_t j)
    {
        const AscendC::LocalTensor<float> products = products_[(j % 2) * rowElements_];
        if (j == 0) {
            AscendC::Adds(acc_, products, 0.0f, static_cast<int32_t>(rowElements_));
        } else {
            AscendC::Add(acc_, acc_, products, static_cast<int32_t>(rowElements_));
        }
    }

    AscendC::TQue<AscendC::TPosition::VECOUT, 2> outQueue_;
    AscendC::LocalTensor<float> widened_;
    AscendC::LocalTensor<float> products_;
    AscendC::LocalTensor<float> acc_;
    uint32_t headDim_ = 0;
    uint32_t headChunk_ = 0;
    uint32_t windowLen_ = 0;
    uint32_t rowElements_ = 0;
};

}  // namespace nsa::with_cache::kernel

#endif
