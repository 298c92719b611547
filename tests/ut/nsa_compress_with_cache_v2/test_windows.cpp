// V2's window enumeration (nsa_compress_with_cache_v2_windows.h) against the contract's
// definition: the windows i whose end i*d + l lies in (prev, L], found by trying every i (small
// lengths) or by 128-bit arithmetic (lengths near 2^63, where the 64-bit formula could overflow).
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "nsa_compress_with_cache_v2_windows.h"

namespace {

using nsa::with_cache_v2::EmittedWindows;
using nsa::with_cache_v2::EmitWindows;

// The emitted windows by trying every start up to `length`.
EmittedWindows ByTrying(int64_t prev, int64_t length, int64_t l, int64_t d)
{
    EmittedWindows found;
    for (int64_t i = 0; i * d + l <= length; ++i) {
        if (i * d + l > prev) {
            found.first = found.count == 0 ? static_cast<uint64_t>(i) : found.first;
            ++found.count;
        }
    }
    return found;
}

TEST(WithCacheV2Windows, EveryWindowEndingInTheStepAndNoOther)
{
    for (int64_t l : {16, 32, 48}) {
        for (int64_t d = 16; d <= l; d += 16) {
            for (int64_t length = 0; length <= 200; ++length) {
                for (int64_t prev = 0; prev <= length; ++prev) {
                    EmittedWindows got;
                    ASSERT_TRUE(EmitWindows(prev, length, l, d, &got));
                    const EmittedWindows want = ByTrying(prev, length, l, d);
                    ASSERT_EQ(got.count, want.count) << prev << " " << length << " " << l << " " << d;
                    if (want.count > 0) {
                        ASSERT_EQ(got.first, want.first) << prev << " " << length << " " << l << " " << d;
                    }
                }
            }
        }
    }
}

TEST(WithCacheV2Windows, BrokenPairsEmitNothing)
{
    EmittedWindows got{7, 7};
    EXPECT_FALSE(EmitWindows(-1, 64, 16, 16, &got));
    EXPECT_EQ(got.count, 0u);
    EXPECT_FALSE(EmitWindows(65, 64, 16, 16, &got));
    EXPECT_FALSE(EmitWindows(std::numeric_limits<int64_t>::min(), 0, 16, 16, &got));
    EXPECT_TRUE(EmitWindows(64, 64, 16, 16, &got));
    EXPECT_EQ(got.count, 0u);
}

TEST(WithCacheV2Windows, LengthsNearTheTopOfInt64)
{
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    for (int64_t l : {16, 128}) {
        for (int64_t d : {16, 48}) {
            if (d > l) {
                continue;
            }
            for (int64_t prev : {kMax - 1000, kMax - 1, kMax}) {
                EmittedWindows got;
                ASSERT_TRUE(EmitWindows(prev, kMax, l, d, &got));
                const __int128 from = static_cast<__int128>(prev) + 1 - l;
                const __int128 first = (from + d - 1) / d;
                const __int128 last = (static_cast<__int128>(kMax) - l) / d;
                const __int128 count = last >= first ? last - first + 1 : 0;
                EXPECT_EQ(static_cast<__int128>(got.count), count) << prev << " " << l << " " << d;
                if (count > 0) {
                    EXPECT_EQ(static_cast<__int128>(got.first), first);
                }
            }
        }
    }
}

}  // namespace
