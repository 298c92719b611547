// The simulator's copy kernel behind l0op::Contiguous and l0op::ViewCopy: it copies every element
// of one strided view into the same index of another, as an Ascend C kernel on the simulated
// vector cores, so that the copy's traffic, instructions and modeled time are those of a launch
// like any other (sim/kernel_launch.h).
//
// The host plans the copy in bytes: dims of size 1 are dropped, the element becomes an innermost
// dim of stride 1 on both sides, and neighbouring dims that step alike on both sides merge. What
// is left is a set of rows, each `rowBytes` contiguous on both sides: `rowsPerBatch` rows a fixed
// pitch apart inside each index of up to kMaxOuterDims outer dims. Each core moves its share of
// rows (or of row chunks, for rows longer than a UB buffer) through two UB buffers, GM -> UB ->
// GM with DataCopyPad, the copy-in of one buffer overlapping the copy-out of the other.
#ifndef SIM_STRIDED_COPY_H
#define SIM_STRIDED_COPY_H

#include <cstdint>
#include <string>
#include <vector>

#include "sim/kernel_launch.h"
#include "sim/soc_spec.h"

namespace sim {

constexpr uint32_t kStridedCopyMaxOuterDims = 8;

// Strides and pitches in bytes; sizes in rows or indices.
struct StridedCopyTiling {
    uint64_t rowBytes;
    uint64_t rowsPerBatch;
    uint64_t srcRowPitch;
    uint64_t dstRowPitch;
    uint32_t outerDims;
    uint64_t outerSizes[kStridedCopyMaxOuterDims];   // outermost first
    uint64_t srcOuterStrides[kStridedCopyMaxOuterDims];
    uint64_t dstOuterStrides[kStridedCopyMaxOuterDims];
    uint64_t bufferBytes;   // each of the two UB buffers
    uint64_t chunkBytes;    // a row longer than a buffer moves in chunks of this many bytes
    uint64_t chunksPerRow;
    uint64_t rowsPerCopy;   // rows one DataCopyPad moves when a row fits a buffer
    uint64_t units;         // (row, chunk) pairs; the cores split them evenly
};

struct StridedCopyPlan {
    StridedCopyTiling tiling;
    uint32_t blockDim = 0;   // 0: nothing to copy (an empty view)
};

// Plans copying the view `dims` from strides `srcStrides` to strides `dstStrides` (elements,
// >= 0) of `elementBytes`-byte elements on `soc`. False, with the reason in `error`, when the
// copy cannot be described (a byte offset past int64, more outer dims than the tiling holds).
bool PlanStridedCopy(const std::vector<int64_t> &dims, const std::vector<int64_t> &srcStrides,
                     const std::vector<int64_t> &dstStrides, uint64_t elementBytes, const SocSpec &soc,
                     StridedCopyPlan *plan, std::string *error);

// The kernel entry. Arguments: source view start, destination view start, workspace (unused),
// tiling (a StridedCopyTiling).
void StridedCopyKernel(const GmAddr *args);

}  // namespace sim

#endif
