// Positions of NsaCompress's inputs, output and attributes in its OpDef (nsa_compress_def.cpp),
// for infershape and the tiling function; the layout attribute is position 0.
#ifndef NSA_COMPRESS_DEF_H
#define NSA_COMPRESS_DEF_H

#include <cstddef>

#include "nsa_front_positions.h"

namespace nsa::compress {

constexpr size_t kInputIndex = 0;
constexpr size_t kWeightIndex = 1;
constexpr size_t kSeqLenIndex = 2;
constexpr size_t kOutputIndex = 0;
constexpr size_t kLayoutAttr = 0;
constexpr size_t kWindowLenAttr = 1;
constexpr size_t kWindowStepAttr = 2;
constexpr size_t kSeqLenTypeAttr = 3;

// What the tiling front reads, for infershape and the tiling function alike.
constexpr nsa::FrontPositions kFrontPositions{kInputIndex,    kWeightIndex,    kSeqLenIndex, kWindowLenAttr,
                                              kWindowStepAttr, kSeqLenTypeAttr, kLayoutAttr};

}  // namespace nsa::compress

#endif
