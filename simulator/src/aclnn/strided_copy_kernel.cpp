// Device side of the strided copy (sim/strided_copy.h), written against the simulator's Ascend C
// API as an op kernel is, so that the launcher checks, counts and times it like one.
#include <algorithm>

#include "kernel_operator.h"
#include "sim/strided_copy.h"

namespace sim {
namespace {

constexpr uint64_t kBlockBytes = 32;
constexpr int32_t kBuffers = 2;

uint64_t PaddedRowBytes(uint64_t bytes)
{
    return (bytes + kBlockBytes - 1) / kBlockBytes * kBlockBytes;
}

class StridedCopy {
public:
    StridedCopy(GM_ADDR src, GM_ADDR dst, const StridedCopyTiling &tiling) : t_(tiling)
    {
        src_.SetGlobalBuffer(src);
        dst_.SetGlobalBuffer(dst);
        for (auto &buffer : buffers_) {
            pipe_.InitBuffer(buffer, static_cast<uint32_t>(t_.bufferBytes));
        }
    }

    // This core's even share of the (row, chunk) units, in order; each step copies a buffer's
    // worth in while the other buffer's copy-out may still run.
    void Process()
    {
        const auto core = static_cast<unsigned __int128>(AscendC::GetBlockIdx());
        const auto cores = static_cast<unsigned __int128>(AscendC::GetBlockNum());
        uint64_t unit = static_cast<uint64_t>(t_.units * core / cores);
        const uint64_t end = static_cast<uint64_t>(t_.units * (core + 1) / cores);
        for (int32_t id = 0; id < kBuffers; ++id) {
            AscendC::SetFlag<AscendC::HardEvent::MTE3_MTE2>(id);
        }
        for (uint64_t step = 0; unit < end; ++step) {
            const uint64_t row = unit / t_.chunksPerRow;
            const uint64_t chunk = unit % t_.chunksPerRow;
            const uint64_t inBatch = row % t_.rowsPerBatch;
            uint64_t rows = 1;
            uint64_t bytes = std::min(t_.chunkBytes, t_.rowBytes - chunk * t_.chunkBytes);
            if (t_.chunksPerRow == 1) {
                rows = std::min({t_.rowsPerCopy, t_.rowsPerBatch - inBatch, end - unit});
            }
            uint64_t src = 0;
            uint64_t dst = 0;
            OuterOffsets(row / t_.rowsPerBatch, &src, &dst);
            src += inBatch * t_.srcRowPitch + chunk * t_.chunkBytes;
            dst += inBatch * t_.dstRowPitch + chunk * t_.chunkBytes;

            const auto id = static_cast<int32_t>(step % kBuffers);
            const AscendC::LocalTensor<uint8_t> buffer = buffers_[id].Get<uint8_t>();
            AscendC::WaitFlag<AscendC::HardEvent::MTE3_MTE2>(id);
            CopyIn(buffer, src, rows, bytes);
            AscendC::SetFlag<AscendC::HardEvent::MTE2_MTE3>(id);
            AscendC::WaitFlag<AscendC::HardEvent::MTE2_MTE3>(id);
            CopyOut(dst, buffer, rows, bytes);
            AscendC::SetFlag<AscendC::HardEvent::MTE3_MTE2>(id);
            unit += rows;
        }
        for (int32_t id = 0; id < kBuffers; ++id) {
            AscendC::WaitFlag<AscendC::HardEvent::MTE3_MTE2>(id);
        }
    }

private:
    // Byte offsets, on each side, of the first row of outer index `outer` (row-major).
    void OuterOffsets(uint64_t outer, uint64_t *src, uint64_t *dst) const
    {
        for (uint32_t i = t_.outerDims; i-- > 0;) {
            const uint64_t index = outer % t_.outerSizes[i];
            outer /= t_.outerSizes[i];
            *src += index * t_.srcOuterStrides[i];
            *dst += index * t_.dstOuterStrides[i];
        }
    }

    // One DataCopyPad moves `rows` rows `pitch` apart when the gap between them is one it can
    // express (0 .. 2^32 - 1 bytes); otherwise, as for the overlapping rows of a broadcast, each
    // row is a copy of its own. Rows sit in UB on whole 32-byte blocks.
    static bool OneCopy(uint64_t rows, uint64_t pitch, uint64_t bytes)
    {
        return rows == 1 || (pitch >= bytes && pitch - bytes <= UINT32_MAX);
    }

    void CopyIn(const AscendC::LocalTensor<uint8_t> &buffer, uint64_t src, uint64_t rows, uint64_t bytes)
    {
        const AscendC::DataCopyPadExtParams<uint8_t> noPadding;
        if (OneCopy(rows, t_.srcRowPitch, bytes)) {
            const uint32_t gap = rows == 1 ? 0 : static_cast<uint32_t>(t_.srcRowPitch - bytes);
            AscendC::DataCopyPad(buffer, src_[src],
                                 AscendC::DataCopyExtParams(static_cast<uint16_t>(rows), static_cast<uint32_t>(bytes),
                                                            gap, 0, 0),
                                 noPadding);
            return;
        }
        for (uint64_t r = 0; r < rows; ++r) {
            AscendC::DataCopyPad(buffer[static_cast<uint32_t>(r * PaddedRowBytes(bytes))], src_[src + r * t_.srcRowPitch],
                                 AscendC::DataCopyExtParams(1, static_cast<uint32_t>(bytes), 0, 0, 0), noPadding);
        }
    }

    void CopyOut(uint64_t dst, const AscendC::LocalTensor<uint8_t> &buffer, uint64_t rows, uint64_t bytes)
    {
        if (OneCopy(rows, t_.dstRowPitch, bytes)) {
            const uint32_t gap = rows == 1 ? 0 : static_cast<uint32_t>(t_.dstRowPitch - bytes);
            AscendC::DataCopyPad(dst_[dst], buffer,
                                 AscendC::DataCopyExtParams(static_cast<uint16_t>(rows), static_cast<uint32_t>(bytes),
                                                            0, gap, 0));
            return;
        }
        for (uint64_t r = 0; r < rows; ++r) {
            AscendC::DataCopyPad(dst_[dst + r * t_.dstRowPitch], buffer[static_cast<uint32_t>(r * PaddedRowBytes(bytes))],
                                 AscendC::DataCopyExtParams(1, static_cast<uint32_t>(bytes), 0, 0, 0));
        }
    }

    const StridedCopyTiling &t_;
    AscendC::GlobalTensor<uint8_t> src_;
    AscendC::GlobalTensor<uint8_t> dst_;
    AscendC::TPipe pipe_;
    AscendC::TBuf<AscendC::TPosition::VECCALC> buffers_[kBuffers];
};

}  // namespace

void StridedCopyKernel(const GmAddr *args)
{
    StridedCopyTiling tiling;
    ReadTilingData(&tiling, sizeof(tiling), args[3]);
    StridedCopy copy(args[0], args[1], tiling);
    copy.Process();
}

}  // namespace sim
