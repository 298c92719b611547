// The shape rules of the NSA compression operators' tensor arguments beyond their rank: what the
// geometry read from the input and the sequence list asks of the other tensors. Each check
// returns an empty string when the rule holds, else a sentence naming the tensor, its shape and
// the rule, for OP_LOGE.
#ifndef NSA_COMMON_SHAPE_CHECKS_H
#define NSA_COMMON_SHAPE_CHECKS_H

#include <cstdint>
#include <string>

#include "opdev/common_types.h"

namespace nsa {

// [compressBlockSize, N].
std::string CheckWeightShape(const char *name, const aclTensor *weight, int64_t blockSize, int64_t headNum);
// [K, N, D]: one row per window.
std::string CheckWindowsShape(const char *name, const aclTensor *windows, int64_t rows, int64_t headNum,
                              int64_t headDim);
// [R, N, D] with R >= 1: rows a slot addresses (the decode op's cache).
std::string CheckCacheShape(const char *name, const aclTensor *cache, int64_t headNum, int64_t headDim);
// A gradient has the shape of the tensor it is the gradient of.
std::string CheckSameShape(const char *name, const aclTensor *grad, const char *ofName, const aclTensor *of);

}  // namespace nsa

#endif
