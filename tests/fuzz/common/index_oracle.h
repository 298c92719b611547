// libFuzzer oracle the decode examples' argument targets share: an index tensor's byte count the
// planner accepted is its element count times 4 (INT32) or 8 (INT64), counted in 128 bits.
#ifndef NSA_FUZZ_INDEX_ORACLE_H
#define NSA_FUZZ_INDEX_ORACLE_H

#include <algorithm>
#include <cstdint>
#include <string>

#include "extent_oracle.h"
#include "index_args.h"

namespace nsa_fuzz {

inline void CheckIndexBytes(const IndexTensorArgs &tensor, int64_t bytes)
{
    // A zero extent anywhere empties the tensor, however large the others (and their product,
    // which 128 bits would not hold either).
    const bool empty = std::count(tensor.shape.begin(), tensor.shape.end(), 0) > 0;
    __int128 elements = tensor.given && !empty ? 1 : 0;
    for (int64_t size : tensor.shape) {
        if (elements > (static_cast<__int128>(1) << 64)) {
            break;  // already past any byte count an int64 holds: the comparison below fails
        }
        elements *= size;
    }
    if (bytes != elements * (tensor.int64 ? 8 : 4)) {
        Fail("an index tensor's bytes differ from its shape's", std::to_string(bytes));
    }
}

}  // namespace nsa_fuzz

#endif  // NSA_FUZZ_INDEX_ORACLE_H
