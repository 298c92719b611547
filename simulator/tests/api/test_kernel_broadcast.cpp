// BroadCast<T, dim, axis> against a scalar model: a source dimension of 1 is repeated to the
// destination's size.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "kernel_test_util.h"

namespace {

template <typename T, int32_t dim, int32_t axis>
std::vector<float> RunBroadcast(const std::vector<float> &source, const uint32_t (&dstShape)[dim],
                                const uint32_t (&srcShape)[dim], sim::LaunchReport *report = nullptr)
{
    uint32_t count = 1;
    for (uint32_t size : dstShape) count *= size;
    std::vector<float> out;
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        AscendC::TPipe pipe;
        AscendC::TBuf<> src, dst;
        pipe.InitBuffer(src, static_cast<uint32_t>(source.size() * sizeof(T)));
        pipe.InitBuffer(dst, count * sizeof(T));
        for (size_t i = 0; i < source.size(); ++i) src.Get<T>().SetValue(static_cast<uint32_t>(i), T(source[i]));
        AscendC::BroadCast<T, dim, axis>(dst.Get<T>(), src.Get<T>(), dstShape, srcShape);
        for (uint32_t i = 0; i < count; ++i) out.push_back(static_cast<float>(dst.Get<T>().GetValue(i)));
    });
    EXPECT_TRUE(launch.ok) << launch.error;
    if (report != nullptr) *report = launch.report;
    return out;
}

std::vector<float> Sequence(size_t n)
{
    std::vector<float> values(n);
    for (size_t i = 0; i < n; ++i) values[i] = 0.5f * static_cast<float>(i) - 3.0f;
    return values;
}

TEST(KernelBroadcast, LastAxisOfFloatsAsTheVendorKernelUsesIt)
{
    // [M, 1] -> [M, 8]: one 32-byte block per weight.
    const auto source = Sequence(40);
    sim::LaunchReport report;
    const auto out = RunBroadcast<float, 2, 1>(source, {40, 8}, {40, 1}, &report);
    ASSERT_EQ(out.size(), 320u);
    for (size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], source[i / 8]) << i;
    // Brcb of 8 rows per repeat (5 repeats), then one copy repeat per row (40).
    EXPECT_EQ(report.total.vectorRepeats, 5u + 40u);
}

TEST(KernelBroadcast, LastAxisOfHalvesOverSeveralBlocks)
{
    const auto source = Sequence(6);
    const auto out = RunBroadcast<half, 2, 1>(source, {6, 48}, {6, 1});
    for (size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], source[i / 48]) << i;
}

TEST(KernelBroadcast, FirstAxisRepeatsTheRow)
{
    const auto source = Sequence(16);
    const auto out = RunBroadcast<float, 2, 0>(source, {5, 16}, {1, 16});
    for (size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], source[i % 16]) << i;
}

TEST(KernelBroadcast, OneElementFillsAndEqualShapesCopy)
{
    const auto one = RunBroadcast<float, 1, 0>({2.5f}, {24}, {1});
    EXPECT_EQ(one, std::vector<float>(24, 2.5f));
    const auto source = Sequence(32);
    EXPECT_EQ((RunBroadcast<float, 2, 1>(source, {4, 8}, {4, 8})), source);
}

// A 2-D float BroadCast along `axis` of 16 ones into a 1 KiB buffer, for the shape checks.
template <int axis>
auto LaunchBroadcast2d(std::array<uint32_t, 2> dstShape, std::array<uint32_t, 2> srcShape)
{
    return simtest::RunKernel([&](const sim::GmAddr *) {
        AscendC::TPipe pipe;
        AscendC::TBuf<> src, dst;
        pipe.InitBuffer(src, 64);
        pipe.InitBuffer(dst, 1024);
        AscendC::Duplicate(src.Get<float>(), 1.0f, 16);
        AscendC::BroadCast<float, 2, axis>(dst.Get<float>(), src.Get<float>(), dstShape.data(), srcShape.data());
    });
}

TEST(KernelBroadcast, ShapesThatDoNotBroadcastFault)
{
    auto launch = LaunchBroadcast2d<1>({8, 16}, {4, 1});
    ASSERT_FALSE(launch.ok);
    EXPECT_NE(launch.error.find("BroadCast: source shape [4, 1] does not broadcast to [8, 16]"), std::string::npos)
        << launch.error;
}

TEST(KernelBroadcast, FirstAxisNeedsWholeBlockRows)
{
    auto launch = LaunchBroadcast2d<0>({4, 6}, {1, 6});
    ASSERT_FALSE(launch.ok);
    EXPECT_NE(launch.error.find("whole 32-byte blocks, not 24 bytes"), std::string::npos) << launch.error;
}

}  // namespace
