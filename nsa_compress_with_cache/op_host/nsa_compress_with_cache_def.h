// Positions of NsaCompressWithCache's inputs, output and attributes in its OpDef
// (nsa_compress_with_cache_def.cpp), for infershape and the tiling function.
#ifndef NSA_COMPRESS_WITH_CACHE_DEF_H
#define NSA_COMPRESS_WITH_CACHE_DEF_H

#include <cstddef>

#include "nsa_front_positions.h"

namespace nsa::with_cache {

constexpr size_t kInputIndex = 0;
constexpr size_t kWeightIndex = 1;
constexpr size_t kSlotMappingIndex = 2;
constexpr size_t kCacheInputIndex = 3;   // output_cache as an input: the op updates it in place
constexpr size_t kSeqLenIndex = 4;
constexpr size_t kBlockTableIndex = 5;
constexpr size_t kCacheOutputIndex = 0;
constexpr size_t kLayoutAttr = 0;
constexpr size_t kWindowLenAttr = 1;
constexpr size_t kWindowStepAttr = 2;
constexpr size_t kSeqLenTypeAttr = 3;
constexpr size_t kPageSizeAttr = 4;

// What the shared tiling front reads.
constexpr nsa::FrontPositions kFrontPositions{kInputIndex,    kWeightIndex,    kSeqLenIndex, kWindowLenAttr,
                                              kWindowStepAttr, kSeqLenTypeAttr, kLayoutAttr};

}  // namespace nsa::with_cache

#endif
