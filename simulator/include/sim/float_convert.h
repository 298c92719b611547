// Bit-exact conversions between fp32 and the two 16-bit float formats, round-to-nearest-even,
// shared by aclFloatToFloat16 and the vector core's Cast so both round the same way.
#ifndef SIM_FLOAT_CONVERT_H
#define SIM_FLOAT_CONVERT_H

#include <cstdint>

namespace sim {

uint16_t FloatToHalfBits(float value);      // IEEE binary16; overflow gives inf, NaN stays NaN
float HalfBitsToFloat(uint16_t bits);       // exact
uint16_t FloatToBf16Bits(float value);      // upper 16 bits of fp32, RNE; NaN stays quiet NaN
float Bf16BitsToFloat(uint16_t bits);       // exact

}  // namespace sim

#endif
