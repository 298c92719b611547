// ShapeInfo and the LocalTensor calls that carry it (SetShapeInfo, GetShapeInfo, SetSize).
#include <gtest/gtest.h>

#include "kernel_test_util.h"

namespace {

using AscendC::DataFormat;
using AscendC::ShapeInfo;

TEST(KernelShapeInfo, ConstructorsFillShapeAndOriginalShape)
{
    const uint32_t shape[] = {4, 64};
    const ShapeInfo nd(2, shape);
    EXPECT_EQ(nd.shapeDim, 2);
    EXPECT_EQ(nd.originalShapeDim, 2);
    EXPECT_EQ(nd.shape[0], 4u);
    EXPECT_EQ(nd.shape[1], 64u);
    EXPECT_EQ(nd.originalShape[1], 64u);
    EXPECT_EQ(nd.dataFormat, DataFormat::ND);
    const uint32_t original[] = {3, 5, 60};
    const ShapeInfo both(2, shape, 3, original, DataFormat::NZ);
    EXPECT_EQ(both.originalShapeDim, 3);
    EXPECT_EQ(both.originalShape[2], 60u);
    EXPECT_EQ(both.dataFormat, DataFormat::NZ);
    EXPECT_EQ(static_cast<int>(DataFormat::FRACTAL_Z_3D), 7);
}

TEST(KernelShapeInfo, LocalTensorKeepsItsShapeAndSize)
{
    ShapeInfo got;
    uint32_t sizeAfter = 0;
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        AscendC::TPipe pipe;
        AscendC::TBuf<> buf;
        pipe.InitBuffer(buf, 1024);
        auto tensor = buf.Get<half>();
        const uint32_t shape[] = {8, 32};
        tensor.SetShapeInfo(ShapeInfo(2, shape, DataFormat::ND));
        tensor.SetSize(8 * 32);
        got = tensor.GetShapeInfo();
        sizeAfter = tensor.GetSize();
    });
    ASSERT_TRUE(launch.ok) << launch.error;
    EXPECT_EQ(got.shapeDim, 2);
    EXPECT_EQ(got.shape[0], 8u);
    EXPECT_EQ(got.shape[1], 32u);
    EXPECT_EQ(sizeAfter, 256u);
}

TEST(KernelShapeInfo, SetSizePastTheUnifiedBufferFaults)
{
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        AscendC::TPipe pipe;
        AscendC::TBuf<> buf;
        pipe.InitBuffer(buf, 1024);
        buf.Get<float>().SetSize(1u << 20);
    });
    ASSERT_FALSE(launch.ok);
    EXPECT_NE(launch.error.find("LocalTensor::SetSize: 4194304 bytes at UB offset 0"), std::string::npos)
        << launch.error;
}

TEST(KernelShapeInfo, MoreDimensionsThanCannAllowsFault)
{
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        const uint32_t shape[9] = {};
        ShapeInfo tooMany(9, shape);
    });
    ASSERT_FALSE(launch.ok);
    EXPECT_NE(launch.error.find("ShapeInfo: 9 dimensions exceed 8"), std::string::npos) << launch.error;
}

}  // namespace
