// Copy (UB to UB on the vector unit) with CopyRepeatParams, against a scalar model of the
// addressing: element e of repeat r sits at r * repeatSize blocks + (e / perBlock) * stride blocks
// + e % perBlock elements from the operand's start.
#include <gtest/gtest.h>

#include <vector>

#include "kernel_test_util.h"

namespace {

size_t At(size_t r, size_t e, size_t blockStride, size_t repeatSize, size_t perBlock)
{
    return r * repeatSize * perBlock + (e / perBlock) * blockStride * perBlock + e % perBlock;
}

TEST(KernelCopy, RepeatParamsDefaultsAndConstructor)
{
    const AscendC::CopyRepeatParams defaults;
    EXPECT_EQ(defaults.dstStride, 0);
    EXPECT_EQ(defaults.srcStride, 0);
    EXPECT_EQ(defaults.dstRepeatSize, 8);
    EXPECT_EQ(defaults.srcRepeatSize, 8);
    const AscendC::CopyRepeatParams given(1, 2, 3, 4);
    EXPECT_EQ(given.dstStride, 1);
    EXPECT_EQ(given.srcStride, 2);
    EXPECT_EQ(given.dstRepeatSize, 3);
    EXPECT_EQ(given.srcRepeatSize, 4);
}

TEST(KernelCopy, StridedFloatCopyMovesOnlyMaskedElements)
{
    // 3 repeats of 20 floats: the source read with block stride 1 and repeat size 4 blocks, the
    // destination written with block stride 2 and repeat size 8 blocks; the rest stays -1.
    constexpr size_t kPerBlock = 8, kMask = 20, kRepeats = 3, kSrcStride = 1, kSrcRepeat = 4, kDstStride = 2,
                     kDstRepeat = 8, kElements = 256;
    std::vector<float> out;
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        AscendC::TPipe pipe;
        AscendC::TBuf<> src, dst;
        pipe.InitBuffer(src, kElements * 4);
        pipe.InitBuffer(dst, kElements * 4);
        for (uint32_t i = 0; i < kElements; ++i) src.Get<float>().SetValue(i, static_cast<float>(i));
        AscendC::Duplicate(dst.Get<float>(), -1.0f, kElements);
        AscendC::Copy(dst.Get<float>(), src.Get<float>(), kMask, kRepeats,
                      AscendC::CopyRepeatParams(kDstStride, kSrcStride, kDstRepeat, kSrcRepeat));
        for (uint32_t i = 0; i < kElements; ++i) out.push_back(dst.Get<float>().GetValue(i));
    });
    ASSERT_TRUE(launch.ok) << launch.error;
    std::vector<float> expected(kElements, -1.0f);
    for (size_t r = 0; r < kRepeats; ++r)
        for (size_t e = 0; e < kMask; ++e)
            expected[At(r, e, kDstStride, kDstRepeat, kPerBlock)] =
                static_cast<float>(At(r, e, kSrcStride, kSrcRepeat, kPerBlock));
    EXPECT_EQ(out, expected);
    EXPECT_EQ(launch.report.total.vectorInstructions, 2u);   // the Duplicate and the Copy
    EXPECT_EQ(launch.report.total.vectorRepeats, 4u + kRepeats);
}

TEST(KernelCopy, ZeroSourceStrideRepeatsOneBlockOfHalves)
{
    // The BroadCast building block: one 16-half source block into every block of each repeat.
    std::vector<uint16_t> out;
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        AscendC::TPipe pipe;
        AscendC::TBuf<> src, dst;
        pipe.InitBuffer(src, 2 * 32);
        pipe.InitBuffer(dst, 2 * 256);
        for (uint32_t i = 0; i < 32; ++i) {
            half value;
            value.bits = static_cast<uint16_t>(0x100 + i);
            src.Get<half>().SetValue(i, value);
        }
        AscendC::Copy(dst.Get<half>(), src.Get<half>(), 128, 2, AscendC::CopyRepeatParams(1, 0, 8, 1));
        for (uint32_t i = 0; i < 256; ++i) out.push_back(dst.Get<half>().GetValue(i).bits);
    });
    ASSERT_TRUE(launch.ok) << launch.error;
    for (size_t i = 0; i < 256; ++i) EXPECT_EQ(out[i], 0x100 + (i / 128) * 16 + i % 16) << i;
}

TEST(KernelCopy, UnwrittenSourceFaults)
{
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        AscendC::TPipe pipe;
        AscendC::TBuf<> src, dst;
        pipe.InitBuffer(src, 256);
        pipe.InitBuffer(dst, 256);
        AscendC::Copy(dst.Get<float>(), src.Get<float>(), 64, 1, AscendC::CopyRepeatParams(1, 1, 8, 8));
    });
    ASSERT_FALSE(launch.ok);
    EXPECT_NE(launch.error.find("Copy: reads UB offset 0"), std::string::npos) << launch.error;
}

}  // namespace
