// fp16 and bf16 values as the 16-bit patterns the tests' host buffers hold.
#ifndef NSA_UT_DTYPE_BITS_H
#define NSA_UT_DTYPE_BITS_H

#include <cstdint>

#include "acl/acl.h"
#include "sim/float_convert.h"

namespace nsa_test {

// `v` rounded to the dtype, to nearest even.
inline uint16_t ToBits(float v, aclDataType dtype)
{
    return dtype == ACL_BF16 ? sim::FloatToBf16Bits(v) : sim::FloatToHalfBits(v);
}

inline float FromBits(uint16_t b, aclDataType dtype)
{
    return dtype == ACL_BF16 ? sim::Bf16BitsToFloat(b) : sim::HalfBitsToFloat(b);
}

}  // namespace nsa_test

#endif
