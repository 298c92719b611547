// NsaCompressWithCacheV2's Unified Buffer: the first entry point's layout
// (nsa_compress_with_cache_ub_layout.h) with one window buffer (a window is copied for the K pool
// and then for the V pool, so the copy of the next window cannot overlap), and, when the V pool is
// given, a second weight area shaped as the first. The plan (host) and the kernel size the buffers
// from these functions, so the two cannot disagree. Plain integer arithmetic (NSA_HOST_KERNEL_FN).
#ifndef NSA_COMPRESS_WITH_CACHE_V2_UB_LAYOUT_H
#define NSA_COMPRESS_WITH_CACHE_V2_UB_LAYOUT_H

#include <cstdint>

#include "../../nsa_compress_with_cache/op_kernel/nsa_compress_with_cache_ub_layout.h"

namespace nsa::with_cache_v2 {

constexpr uint32_t kTileBuffers = 1;

// The bytes a head chunk's weights take in UB: as loaded, widened and broadcast.
NSA_HOST_KERNEL_FN uint32_t WeightAreaBytes(const nsa::with_cache::UbLayout &layout)
{
    return layout.vectorBytes - layout.weightRawOffset;
}

// The layout of a head chunk, and whether it fits `ubBytes` with the V weights when `withValue`.
NSA_HOST_KERNEL_FN nsa::with_cache::UbLayout MakeV2Layout(uint32_t headDim, uint32_t windowLen, uint32_t headChunk,
                                                          uint32_t elementBytes, uint32_t ubBytes, bool withValue)
{
    nsa::with_cache::UbLayout layout =
        nsa::with_cache::MakeUbLayout(headDim, windowLen, headChunk, elementBytes, ubBytes, kTileBuffers);
    const uint64_t total = uint64_t{layout.totalBytes} + (withValue ? WeightAreaBytes(layout) : 0);
    layout.fits = layout.fits && total <= ubBytes;
    return layout;
}

}  // namespace nsa::with_cache_v2

#endif
