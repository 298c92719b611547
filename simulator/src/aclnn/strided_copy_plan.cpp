// Host side of the strided copy (sim/strided_copy.h): from a view's dims and the two sides'
// strides to the rows the kernel moves and each core's share of them.
#include <algorithm>

#include "sim/strided_copy.h"

namespace sim {
namespace {

constexpr uint64_t kBlockBytes = 32;
constexpr uint64_t kMaxCopyRows = 4095;   // DataCopyPad's blockCount limit
// A core is given at least this much to copy, so that a small copy does not start every core.
constexpr uint64_t kMinBytesPerCore = 16 * 1024;

struct Dim {
    uint64_t size;
    uint64_t src;   // bytes
    uint64_t dst;
};

uint64_t PaddedRowBytes(uint64_t bytes)
{
    return (bytes + kBlockBytes - 1) / kBlockBytes * kBlockBytes;
}

bool ToBytes(int64_t stride, uint64_t elementBytes, uint64_t *bytes)
{
    return stride >= 0 && !__builtin_mul_overflow(static_cast<uint64_t>(stride), elementBytes, bytes) &&
           *bytes <= static_cast<uint64_t>(INT64_MAX);
}

// Innermost first: the element (stride 1 on both sides), then each dim of size > 1, merged into
// the one inside it when it steps exactly over it on both sides.
bool MergedDims(const std::vector<int64_t> &dims, const std::vector<int64_t> &srcStrides,
                const std::vector<int64_t> &dstStrides, uint64_t elementBytes, std::vector<Dim> *merged,
                std::string *error)
{
    merged->push_back({elementBytes, 1, 1});
    for (size_t i = dims.size(); i-- > 0;) {
        if (dims[i] == 1) {
            continue;
        }
        Dim dim{static_cast<uint64_t>(dims[i]), 0, 0};
        if (!ToBytes(srcStrides[i], elementBytes, &dim.src) || !ToBytes(dstStrides[i], elementBytes, &dim.dst)) {
            *error = "stride " + std::to_string(srcStrides[i]) + " / " + std::to_string(dstStrides[i]) + " of dim " +
                     std::to_string(i) + " is negative or its byte offset exceeds int64";
            return false;
        }
        Dim &inner = merged->back();
        uint64_t srcExtent = 0;
        uint64_t dstExtent = 0;
        if (!__builtin_mul_overflow(inner.size, inner.src, &srcExtent) &&
            !__builtin_mul_overflow(inner.size, inner.dst, &dstExtent) && dim.src == srcExtent &&
            dim.dst == dstExtent) {
            inner.size *= dim.size;
        } else {
            merged->push_back(dim);
        }
    }
    return true;
}

}  // namespace

bool PlanStridedCopy(const std::vector<int64_t> &dims, const std::vector<int64_t> &srcStrides,
                     const std::vector<int64_t> &dstStrides, uint64_t elementBytes, const SocSpec &soc,
                     StridedCopyPlan *plan, std::string *error)
{
    *plan = StridedCopyPlan{};
    StridedCopyTiling &t = plan->tiling;
    if (std::find(dims.begin(), dims.end(), 0) != dims.end()) {
        return true;
    }
    std::vector<Dim> merged;
    if (!MergedDims(dims, srcStrides, dstStrides, elementBytes, &merged, error)) {
        return false;
    }
    // merged[0] is the row, merged[1] (if any) the batch its rows come in, the rest outer dims.
    if (merged.size() > 2 + kStridedCopyMaxOuterDims) {
        *error = std::to_string(merged.size() - 2) + " outer dims after merging; the copy kernel takes " +
                 std::to_string(kStridedCopyMaxOuterDims);
        return false;
    }
    t.rowBytes = merged[0].size;
    t.rowsPerBatch = merged.size() > 1 ? merged[1].size : 1;
    t.srcRowPitch = merged.size() > 1 ? merged[1].src : 0;
    t.dstRowPitch = merged.size() > 1 ? merged[1].dst : 0;
    t.outerDims = merged.size() > 2 ? static_cast<uint32_t>(merged.size() - 2) : 0;
    uint64_t rows = t.rowsPerBatch;
    bool overflow = false;
    for (uint32_t i = 0; i < t.outerDims; ++i) {
        const Dim &dim = merged[merged.size() - 1 - i];
        t.outerSizes[i] = dim.size;
        t.srcOuterStrides[i] = dim.src;
        t.dstOuterStrides[i] = dim.dst;
        overflow |= __builtin_mul_overflow(rows, dim.size, &rows);
    }
    // Two buffers fill the Unified Buffer.
    t.bufferBytes = soc.ubBytes / 2 / kBlockBytes * kBlockBytes;
    if (t.rowBytes > t.bufferBytes) {
        t.chunkBytes = t.bufferBytes;
        t.chunksPerRow = (t.rowBytes + t.chunkBytes - 1) / t.chunkBytes;
        t.rowsPerCopy = 1;
    } else {
        t.chunkBytes = t.rowBytes;
        t.chunksPerRow = 1;
        t.rowsPerCopy = std::min({t.rowsPerBatch, kMaxCopyRows, t.bufferBytes / PaddedRowBytes(t.rowBytes)});
    }
    uint64_t totalBytes = 0;
    overflow |= __builtin_mul_overflow(rows, t.chunksPerRow, &t.units);
    overflow |= __builtin_mul_overflow(rows, t.rowBytes, &totalBytes);
    if (overflow) {
        *error = "the view has more bytes than 64 bits count";
        return false;
    }
    const uint64_t wanted = (totalBytes + kMinBytesPerCore - 1) / kMinBytesPerCore;
    plan->blockDim = static_cast<uint32_t>(std::max<uint64_t>(1, std::min({wanted, t.units, uint64_t{soc.vectorCoreNum}})));
    return true;
}

}  // namespace sim
