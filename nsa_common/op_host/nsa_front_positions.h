// Where an op's OpDef puts what the tiling front (nsa_tiling_front.h) reads: each op's definition
// header gives its own, so that its infershape and tiling read the same positions.
#ifndef NSA_COMMON_FRONT_POSITIONS_H
#define NSA_COMMON_FRONT_POSITIONS_H

#include <cstddef>

namespace nsa {

// The input, weight and sequence-list inputs, and the attributes (compressBlockSize is the window
// length, compressStride the window step).
struct FrontPositions {
    size_t input = 0;
    size_t weight = 0;
    size_t seqLen = 0;
    size_t windowLenAttr = 0;
    size_t windowStepAttr = 0;
    size_t seqLenTypeAttr = 0;
    size_t layoutAttr = 0;
};

}  // namespace nsa

#endif
