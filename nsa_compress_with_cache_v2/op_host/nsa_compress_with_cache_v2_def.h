// Positions of NsaCompressWithCacheV2's inputs, outputs and attributes in its OpDef
// (nsa_compress_with_cache_v2_def.cpp), for infershape and the tiling function. The V inputs are
// optional and come before required ones: the tiling reads every input by its OpDef (IR) index.
#ifndef NSA_COMPRESS_WITH_CACHE_V2_DEF_H
#define NSA_COMPRESS_WITH_CACHE_V2_DEF_H

#include <cstddef>

namespace nsa::with_cache_v2 {

constexpr size_t kInputIndex = 0;
constexpr size_t kWeightIndex = 1;
constexpr size_t kValueInputIndex = 2;
constexpr size_t kValueWeightIndex = 3;
constexpr size_t kSlotMappingIndex = 4;
constexpr size_t kPrevSeqLenIndex = 5;
constexpr size_t kActSeqLenIndex = 6;
constexpr size_t kBlockTableIndex = 7;
constexpr size_t kCacheInputIndex = 8;        // output_cache as an input: updated in place
constexpr size_t kValueCacheInputIndex = 9;   // value_cache as an input: updated in place
constexpr size_t kCacheOutputIndex = 0;
constexpr size_t kValueCacheOutputIndex = 1;
constexpr size_t kWindowLenAttr = 0;
constexpr size_t kWindowStepAttr = 1;
constexpr size_t kPageSizeAttr = 2;

}  // namespace nsa::with_cache_v2

#endif
