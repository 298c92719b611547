// DataCopyPad with the 16-bit DataCopyParams and DataCopyPadParams, against a scalar model of
// its units: blockLen and the GM gap in bytes, the UB gap in 32-byte blocks, each UB row padded to
// whole blocks.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "kernel_test_util.h"
#include "sim/device_memory.h"

namespace {

constexpr uint32_t kRows = 3;
constexpr uint32_t kDataElements = 10;          // 20 bytes of halves per row
constexpr uint32_t kGmGapBytes = 12;            // 6 halves skipped between GM rows
constexpr uint32_t kUbGapBlocks = 1;
constexpr uint32_t kLeft = 2;
constexpr uint32_t kRight = 3;
constexpr uint16_t kPadBits = 0x4700;            // 7.0 as a half
constexpr uint32_t kFilled = kLeft + kDataElements + kRight;
constexpr uint32_t kRowElements = 16;            // the 15 filled halves, rounded up to one block
constexpr uint32_t kUbPitch = kRowElements + kUbGapBlocks * 16;

TEST(KernelDataCopyPad, ParamsConstructorsMatchTheFields)
{
    const AscendC::DataCopyParams defaults;
    EXPECT_EQ(defaults.blockCount, 1);
    EXPECT_EQ(defaults.blockLen, 0);
    EXPECT_EQ(defaults.srcStride, 0);
    EXPECT_EQ(defaults.dstStride, 0);
    const AscendC::DataCopyParams given(3, 20, 12, 1);
    EXPECT_EQ(given.blockCount, 3);
    EXPECT_EQ(given.blockLen, 20);
    EXPECT_EQ(given.srcStride, 12);
    EXPECT_EQ(given.dstStride, 1);
    const AscendC::DataCopyPadParams pad{true, 2, 3, 0x4700};
    EXPECT_TRUE(pad.isPad);
    EXPECT_EQ(pad.leftPadding, 2);
    EXPECT_EQ(pad.rightPadding, 3);
    EXPECT_EQ(pad.paddingValue, 0x4700u);
}

TEST(KernelDataCopyPad, GmToUbPadsRowsAndUbToGmWritesThemBack)
{
    // GM rows of 10 halves, 6 halves apart; element i holds the bits i + 1.
    const uint32_t gmElements = kRows * (kDataElements + kGmGapBytes / 2);
    auto *gm = static_cast<uint16_t *>(sim::DeviceAlloc(gmElements * 2));
    auto *out = static_cast<uint16_t *>(sim::DeviceAlloc(gmElements * 2));
    for (uint32_t i = 0; i < gmElements; ++i) gm[i] = static_cast<uint16_t>(i + 1);
    std::memset(out, 0, gmElements * 2);
    std::vector<uint16_t> ub(kRows * kUbPitch);
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        AscendC::TPipe pipe;
        AscendC::TBuf<> buf;
        pipe.InitBuffer(buf, kRows * kUbPitch * 2);
        AscendC::GlobalTensor<half> src, dst;
        src.SetGlobalBuffer(reinterpret_cast<half *>(gm), gmElements);
        dst.SetGlobalBuffer(reinterpret_cast<half *>(out), gmElements);
        const auto local = buf.Get<half>();
        // High bits beyond the element's two bytes are not part of the pad value.
        const AscendC::DataCopyPadParams pad{true, kLeft, kRight, 0xABCD000000000000ull | kPadBits};
        AscendC::DataCopyPad(local, src, AscendC::DataCopyParams(kRows, kDataElements * 2, kGmGapBytes, kUbGapBlocks),
                             pad);
        for (uint32_t r = 0; r < kRows; ++r)
            for (uint32_t e = 0; e < kFilled; ++e) ub[r * kUbPitch + e] = local.GetValue(r * kUbPitch + e).bits;
        // Back to GM from the data part of each row (left padding skipped: the rows start one
        // block apart, at the UB row start, so the copy takes the padding's 2 halves first).
        AscendC::DataCopyPad(dst, local, AscendC::DataCopyParams(kRows, kDataElements * 2, kUbGapBlocks, kGmGapBytes));
    });
    ASSERT_TRUE(launch.ok) << launch.error;
    for (uint32_t r = 0; r < kRows; ++r) {
        for (uint32_t e = 0; e < kFilled; ++e) {
            const bool data = e >= kLeft && e < kLeft + kDataElements;
            const uint16_t expected =
                data ? static_cast<uint16_t>(r * (kDataElements + kGmGapBytes / 2) + (e - kLeft) + 1) : kPadBits;
            EXPECT_EQ(ub[r * kUbPitch + e], expected) << "row " << r << " element " << e;
        }
    }
    for (uint32_t r = 0; r < kRows; ++r) {
        for (uint32_t e = 0; e < kDataElements + kGmGapBytes / 2; ++e) {
            const uint32_t at = r * (kDataElements + kGmGapBytes / 2) + e;
            const uint16_t expected = e < kDataElements ? ub[r * kUbPitch + e] : 0;
            EXPECT_EQ(out[at], expected) << "GM row " << r << " element " << e;
        }
    }
    // One MTE2 and one MTE3 copy, each counting only the data bytes.
    EXPECT_EQ(launch.report.total.gmToUbCopies, 1u);
    EXPECT_EQ(launch.report.total.ubToGmCopies, 1u);
    EXPECT_EQ(launch.report.total.gmToUbBytes, kRows * kDataElements * 2);
    EXPECT_EQ(launch.report.total.ubToGmBytes, kRows * kDataElements * 2);
    sim::DeviceFree(gm);
    sim::DeviceFree(out);
}

TEST(KernelDataCopyPad, WithoutIsPadThePaddingIsNotWritten)
{
    auto *gm = static_cast<uint16_t *>(sim::DeviceAlloc(64));
    std::memset(gm, 0, 64);
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        AscendC::TPipe pipe;
        AscendC::TBuf<> buf;
        pipe.InitBuffer(buf, 64);
        AscendC::GlobalTensor<half> src;
        src.SetGlobalBuffer(reinterpret_cast<half *>(gm), 32);
        const auto local = buf.Get<half>();
        AscendC::DataCopyPad(local, src, AscendC::DataCopyParams(1, 10, 0, 0), AscendC::DataCopyPadParams{false, 0, 3, 1});
        local.GetValue(4);   // data
        local.GetValue(5);   // past the 5 copied halves: never written
    });
    ASSERT_FALSE(launch.ok);
    EXPECT_NE(launch.error.find("LocalTensor::GetValue: reads UB offset 10"), std::string::npos) << launch.error;
    sim::DeviceFree(gm);
}

}  // namespace
