// Positions of NsaCompressGrad's inputs, outputs and attributes in its OpDef
// (nsa_compress_grad_def.cpp), for infershape and the tiling function. The attributes are in the
// vendor's order: compressBlockSize, compressStride, actSeqLenType, layoutOptional.
#ifndef NSA_COMPRESS_GRAD_DEF_H
#define NSA_COMPRESS_GRAD_DEF_H

#include <cstddef>

#include "nsa_front_positions.h"

namespace nsa::compress_grad {

constexpr size_t kOutputGradIndex = 0;
constexpr size_t kInputIndex = 1;
constexpr size_t kWeightIndex = 2;
constexpr size_t kSeqLenIndex = 3;
constexpr size_t kInputGradIndex = 0;
constexpr size_t kWeightGradIndex = 1;
constexpr size_t kWindowLenAttr = 0;
constexpr size_t kWindowStepAttr = 1;
constexpr size_t kSeqLenTypeAttr = 2;
constexpr size_t kLayoutAttr = 3;

// What the tiling front reads, for infershape and the tiling function alike.
constexpr nsa::FrontPositions kFrontPositions{kInputIndex,    kWeightIndex,    kSeqLenIndex, kWindowLenAttr,
                                              kWindowStepAttr, kSeqLenTypeAttr, kLayoutAttr};

}  // namespace nsa::compress_grad

#endif
