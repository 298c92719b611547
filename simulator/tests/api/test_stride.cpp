// gert::Stride with the semantics of metadef's exe_graph/runtime/stride.h, quirks included.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "exe_graph/runtime/stride.h"

namespace {

TEST(Stride, LimitsAreCanns)
{
    EXPECT_EQ(gert::Stride::kMaxDimNum, 25u);
    EXPECT_EQ(gert::Stride::kInvalidStrideValue, std::numeric_limits<int64_t>::min());
}

TEST(Stride, ConstructedFromValuesOrEmpty)
{
    EXPECT_EQ(gert::Stride().GetDimNum(), 0u);
    const gert::Stride stride({12, 4, 1});
    ASSERT_EQ(stride.GetDimNum(), 3u);
    EXPECT_EQ(stride.GetStride(0), 12);
    EXPECT_EQ(stride[1], 4);
    EXPECT_EQ(stride.GetStride(2), 1);
}

TEST(Stride, MoreValuesThanTheLimitGiveAnEmptyStride)
{
    const gert::Stride stride({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
                               25, 26});
    EXPECT_EQ(stride.GetDimNum(), 0u);
}

TEST(Stride, GetStridePastTheLimitIsTheInvalidValue)
{
    const gert::Stride stride({3, 1});
    EXPECT_EQ(stride.GetStride(24), 0);   // inside the storage, outside the dims: CANN answers too
    EXPECT_EQ(stride.GetStride(25), gert::Stride::kInvalidStrideValue);
    EXPECT_EQ(stride.GetStride(1000), gert::Stride::kInvalidStrideValue);
}

TEST(Stride, SetStrideRaisesTheDimCountToTheIndexNotPastIt)
{
    gert::Stride stride;
    stride.SetStride(2, 9);
    EXPECT_EQ(stride.GetDimNum(), 2u);
    EXPECT_EQ(stride.GetStride(2), 9);
    stride.SetStride(0, 5);
    EXPECT_EQ(stride.GetDimNum(), 2u);
    stride.SetStride(25, 1);   // ignored
    EXPECT_EQ(stride.GetDimNum(), 2u);
    stride.SetDimNum(3);
    EXPECT_EQ(stride, gert::Stride({5, 0, 9}));
}

TEST(Stride, AppendStrideStopsAtTheLimit)
{
    gert::Stride stride;
    for (int64_t i = 0; i < 30; ++i) {
        stride.AppendStride(i);
    }
    EXPECT_EQ(stride.GetDimNum(), gert::Stride::kMaxDimNum);
    EXPECT_EQ(stride.GetStride(24), 24);
    EXPECT_EQ(&stride.AppendStride(1), &stride);
}

TEST(Stride, MutableIndexingAndEquality)
{
    gert::Stride stride({6, 2, 1});
    stride[1] = 3;
    EXPECT_EQ(stride, gert::Stride({6, 3, 1}));
    EXPECT_NE(stride, gert::Stride({6, 3}));
    EXPECT_NE(stride, gert::Stride({6, 2, 1}));
    // Strides past the dim count do not take part.
    gert::Stride longer({6, 3, 1, 7});
    longer.SetDimNum(3);
    EXPECT_EQ(stride, longer);
}

}  // namespace
