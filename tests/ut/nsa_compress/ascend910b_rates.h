// The ascend910b platform as the tiling reads it from PlatformAscendC (vector cores, UB bytes,
// one core's HBM read rate), written out so that the split and UB plan tests need no platform:
// the numbers of CANN's Ascend910B ini, which the simulator's SoC table models too
// (test_tiling.cpp checks that the two agree).
#ifndef NSA_TESTS_UT_COMPRESS_ASCEND910B_RATES_H
#define NSA_TESTS_UT_COMPRESS_ASCEND910B_RATES_H

#include <cstdint>

#include "nsa_compress_ub_plan.h"

namespace nsa_test {

constexpr uint32_t kCores910b = 48;
constexpr uint64_t kUb910b = 192 * 1024;
constexpr uint64_t kHbmReadBytesPerCycle910b = 32;

inline nsa::compress::CoreRates Rates910b()
{
    return nsa::compress::MakeCoreRates(kCores910b, kUb910b, kHbmReadBytesPerCycle910b);
}

}  // namespace nsa_test

#endif
