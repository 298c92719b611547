// libFuzzer oracles every example-argument target shares: the tensor extents an example's planner
// accepted must be exactly what their shapes, strides and offsets say, in 128-bit arithmetic.
#ifndef NSA_FUZZ_EXTENT_ORACLE_H
#define NSA_FUZZ_EXTENT_ORACLE_H

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tensor_extent.h"

namespace nsa_fuzz {

inline void Fail(const char *what, const std::string &detail)
{
    std::fprintf(stderr, "fuzz oracle: %s: %s\n", what, detail.c_str());
    std::abort();
}

// The storage of the view, in 128 bits: 0 for an empty view.
inline __int128 StorageOf(const TensorExtent &extent)
{
    if (std::count(extent.shape.begin(), extent.shape.end(), 0) > 0) {
        return 0;
    }
    __int128 farthest = extent.offset;
    for (size_t i = 0; i < extent.shape.size(); ++i) {
        farthest += static_cast<__int128>(extent.shape[i] - 1) * extent.strides[i];
    }
    return farthest + 1;
}

inline void CheckExtent(const TensorExtent &extent, bool ownStorage)
{
    // A zero size makes the count 0 whatever the other sizes are, whose product may not even fit
    // 128 bits; otherwise a product that passes 128 bits cannot be an accepted count either.
    __int128 elements = std::count(extent.shape.begin(), extent.shape.end(), 0) > 0 ? 0 : 1;
    for (int64_t dim : extent.shape) {
        if (elements != 0 && __builtin_mul_overflow(elements, static_cast<__int128>(dim), &elements)) {
            Fail("an extent was accepted whose sizes multiply past 128 bits", Describe(extent));
        }
    }
    if (elements != extent.elements || extent.strides.size() != extent.shape.size() || extent.offset < 0) {
        Fail("extent counts differ from the shape's product, or strides from its rank", Describe(extent));
    }
    for (int64_t stride : extent.strides) {
        if (stride < 0) {
            Fail("a negative stride was accepted", Describe(extent));
        }
    }
    // The planner accepted it, so every partial sum fit int64: none overflows 128 bits here.
    const __int128 storage = StorageOf(extent);
    if ((ownStorage && storage != extent.storageElements) || storage > extent.storageElements ||
        static_cast<__int128>(extent.storageElements) * ElementBytes(extent.type) != extent.storageBytes) {
        Fail("the storage is not the view's extent", Describe(extent));
    }
}

}  // namespace nsa_fuzz

#endif  // NSA_FUZZ_EXTENT_ORACLE_H
