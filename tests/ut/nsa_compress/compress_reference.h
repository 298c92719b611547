// The forward's arithmetic contract (docs/design.md) one scalar at a time, for the tests that
// compare the kernel with it: fp32 products, an fp32 sum from +0 in ascending j, one rounding to
// the dtype. Inputs are 16-bit patterns.
#ifndef NSA_UT_COMPRESS_REFERENCE_H
#define NSA_UT_COMPRESS_REFERENCE_H

#include <cstdint>
#include <vector>

#include "acl/acl.h"
#include "dtype_bits.h"

namespace nsa_test {

// The geometry of a call on packed tokens: `lengths` sequences back to back in `x` ([T, n, d]).
struct PackedCall {
    aclDataType dtype = ACL_FLOAT16;
    int64_t n = 0, d = 0, l = 0, s = 0;
    std::vector<int64_t> lengths;
};

// output [K, n, d] of `x` and `w` ([l, n]), windows in sequence order, then window order.
inline std::vector<uint16_t> CompressReference(const PackedCall &c, const std::vector<uint16_t> &x,
                                               const std::vector<uint16_t> &w)
{
    std::vector<uint16_t> out;
    int64_t start = 0;
    for (int64_t len : c.lengths) {
        for (int64_t ws = 0; ws + c.l <= len; ws += c.s) {
            for (int64_t h = 0; h < c.n; ++h) {
                for (int64_t e = 0; e < c.d; ++e) {
                    float acc = 0.0f;
                    for (int64_t j = 0; j < c.l; ++j) {
                        const float wv = FromBits(w[j * c.n + h], c.dtype);
                        const float xv = FromBits(x[((start + ws + j) * c.n + h) * c.d + e], c.dtype);
                        const float product = wv * xv;
                        acc = acc + product;
                    }
                    out.push_back(ToBits(acc, c.dtype));
                }
            }
        }
        start += len;
    }
    return out;
}

}  // namespace nsa_test

#endif
