// Layouts, sequences per layout, and which views the kernel strides through
// (nsa_common/op_host/nsa_views.h), against values worked out by hand.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "nsa_views.h"

namespace {

using nsa::InputAxes;
using nsa::Layout;
using Ints = std::vector<int64_t>;

TEST(Layouts, ParseAcceptsTheFiveNamesAndNull)
{
    Layout layout = Layout::kBSH;
    EXPECT_EQ(nsa::ParseLayout(nullptr, &layout), "");
    EXPECT_EQ(layout, Layout::kTND);
    for (Layout expected : {Layout::kTND, Layout::kBSND, Layout::kBNSD, Layout::kBSH, Layout::kSBH}) {
        EXPECT_EQ(nsa::ParseLayout(nsa::LayoutName(expected), &layout), "");
        EXPECT_EQ(layout, expected);
    }
    const std::string error = nsa::ParseLayout("NTD", &layout);
    EXPECT_NE(error.find("layoutOptional is \"NTD\""), std::string::npos) << error;
    EXPECT_NE(error.find("\"SBH\""), std::string::npos) << error;
    EXPECT_NE(nsa::ParseLayout("tnd", &layout), "");
}

void ExpectAxes(const InputAxes &a, const InputAxes &b)
{
    EXPECT_EQ(Ints({a.batches, a.tokens, a.headNum, a.headDim, a.batchStride, a.tokenStride, a.headStride,
                    a.dimStride}),
              Ints({b.batches, b.tokens, b.headNum, b.headDim, b.batchStride, b.tokenStride, b.headStride,
                    b.dimStride}));
}

TEST(Layouts, AxesAndStridesOfEveryLayout)
{
    InputAxes axes;
    // Distinct strides everywhere, so that a swapped pair shows.
    ASSERT_EQ(nsa::ReadInputAxes(Layout::kTND, {10, 4, 32}, {1000, 40, 1}, 4, &axes), "");
    ExpectAxes(axes, {1, 10, 4, 32, 0, 1000, 40, 1});
    ASSERT_EQ(nsa::ReadInputAxes(Layout::kBSND, {2, 10, 4, 32}, {9000, 700, 50, 1}, 4, &axes), "");
    ExpectAxes(axes, {2, 10, 4, 32, 9000, 700, 50, 1});
    ASSERT_EQ(nsa::ReadInputAxes(Layout::kBNSD, {2, 4, 10, 32}, {9000, 700, 50, 1}, 4, &axes), "");
    ExpectAxes(axes, {2, 10, 4, 32, 9000, 50, 700, 1});
    ASSERT_EQ(nsa::ReadInputAxes(Layout::kBSH, {2, 10, 128}, {3000, 200, 1}, 4, &axes), "");
    ExpectAxes(axes, {2, 10, 4, 32, 3000, 200, 32, 1});
    ASSERT_EQ(nsa::ReadInputAxes(Layout::kSBH, {10, 2, 128}, {600, 300, 1}, 4, &axes), "");
    ExpectAxes(axes, {2, 10, 4, 32, 300, 600, 32, 1});
}

TEST(Layouts, HiddenSizeMustHoldWholeHeads)
{
    InputAxes axes;
    const std::string error = nsa::ReadInputAxes(Layout::kBSH, {2, 10, 100}, {1000, 100, 1}, 3, &axes);
    EXPECT_NE(error.find("H (input.shape[2]) is 100"), std::string::npos) << error;
    EXPECT_NE(error.find("N=weight.shape[1]=3"), std::string::npos) << error;
    EXPECT_NE(nsa::ReadInputAxes(Layout::kSBH, {10, 2, 96}, {192, 96, 1}, 0, &axes), "");
}

TEST(Layouts, GeometryNamesTheAxesWhereTheLayoutKeepsThem)
{
    InputAxes axes;
    ASSERT_EQ(nsa::ReadInputAxes(Layout::kBNSD, {2, 4, 0, 32}, nsa::ContiguousStrides({2, 4, 0, 32}), 4, &axes), "");
    const std::string error = nsa::CheckGeometry(nsa::GeometryOf(Layout::kBNSD, axes, 32, 16));
    EXPECT_NE(error.find("S (input.shape[2]) is 0"), std::string::npos) << error;
    ASSERT_EQ(nsa::ReadInputAxes(Layout::kSBH, {8, 0, 64}, nsa::ContiguousStrides({8, 0, 64}), 4, &axes), "");
    EXPECT_NE(nsa::CheckBatches(Layout::kSBH, axes).find("B (input.shape[1]) is 0"), std::string::npos);
    ASSERT_EQ(nsa::ReadInputAxes(Layout::kBSH, {1, 8, 40}, {320, 40, 1}, 4, &axes), "");
    const std::string dim = nsa::CheckGeometry(nsa::GeometryOf(Layout::kBSH, axes, 32, 16));
    EXPECT_NE(dim.find("D (input.shape[2] / N) is 10"), std::string::npos) << dim;
}

TEST(Sequences, BatchedListsGiveEachBatchItsLength)
{
    InputAxes axes{3, 40, 1, 16};
    std::vector<int64_t> ends;
    const Ints lengths{40, 0, 17};
    ASSERT_EQ(nsa::SequenceEnds(Layout::kBSND, &lengths, nsa::kSeqLenTypeLengths, axes, &ends), "");
    EXPECT_EQ(ends, Ints({40, 40, 57}));
    const Ints cumulative{40, 40, 57};
    ASSERT_EQ(nsa::SequenceEnds(Layout::kBSH, &cumulative, nsa::kSeqLenTypeCumulative, axes, &ends), "");
    EXPECT_EQ(ends, Ints({40, 40, 57}));
    ASSERT_EQ(nsa::SequenceEnds(Layout::kSBH, nullptr, nsa::kSeqLenTypeLengths, axes, &ends), "");
    EXPECT_EQ(ends, Ints({40, 80, 120}));
}

TEST(Sequences, BatchedListsAreRefusedWithTheRule)
{
    InputAxes axes{3, 40, 1, 16};
    std::vector<int64_t> ends;
    const Ints tooLong{40, 41, 0};
    std::string error = nsa::SequenceEnds(Layout::kBSND, &tooLong, nsa::kSeqLenTypeLengths, axes, &ends);
    EXPECT_NE(error.find("actSeqLen[1] is 41"), std::string::npos) << error;
    EXPECT_NE(error.find("S=40"), std::string::npos) << error;
    const Ints bigStep{10, 60, 60};
    error = nsa::SequenceEnds(Layout::kBNSD, &bigStep, nsa::kSeqLenTypeCumulative, axes, &ends);
    EXPECT_NE(error.find("actSeqLen[1] is 60 after 10"), std::string::npos) << error;
    const Ints decreasing{10, 5, 20};
    EXPECT_NE(nsa::SequenceEnds(Layout::kBNSD, &decreasing, nsa::kSeqLenTypeCumulative, axes, &ends), "");
    const Ints negative{10, -1, 20};
    EXPECT_NE(nsa::SequenceEnds(Layout::kBSH, &negative, nsa::kSeqLenTypeLengths, axes, &ends), "");
    const Ints two{1, 2};
    error = nsa::SequenceEnds(Layout::kBSH, &two, nsa::kSeqLenTypeLengths, axes, &ends);
    EXPECT_NE(error.find("2 entries"), std::string::npos) << error;
    EXPECT_NE(error.find("B=3"), std::string::npos) << error;
    error = nsa::SequenceEnds(Layout::kTND, nullptr, nsa::kSeqLenTypeLengths, axes, &ends);
    EXPECT_NE(error.find("TND"), std::string::npos) << error;
}

TEST(Views, NonOverlappingViews)
{
    EXPECT_TRUE(nsa::IsNonOverlapping({4, 3, 16}, {48, 16, 1}));        // contiguous
    EXPECT_TRUE(nsa::IsNonOverlapping({4, 3, 16}, {16, 64, 1}));        // T and N transposed
    EXPECT_TRUE(nsa::IsNonOverlapping({4, 3, 16}, {200, 20, 1}));       // padded heads and rows
    EXPECT_TRUE(nsa::IsNonOverlapping({4, 3, 16}, {3 * 3 * 16, 16, 1}));  // K of a fused QKV
    EXPECT_TRUE(nsa::IsNonOverlapping({1, 3, 16}, {0, 16, 1}));         // a one-token dim never steps
    EXPECT_TRUE(nsa::IsNonOverlapping({0, 3, 16}, {0, 0, 0}));          // no elements
    EXPECT_FALSE(nsa::IsNonOverlapping({4, 3, 16}, {0, 16, 1}));        // broadcast tokens
    EXPECT_FALSE(nsa::IsNonOverlapping({4, 3, 16}, {40, 15, 1}));       // heads overlap by one
    EXPECT_FALSE(nsa::IsNonOverlapping({4, 3, 16}, {47, 16, 1}));       // rows overlap by one
    EXPECT_FALSE(nsa::IsNonOverlapping({4, 3, 16}, {48, 16, -1}));
}

TEST(Views, TheKernelStridesRowsOfContiguousElements)
{
    EXPECT_TRUE(nsa::KernelCanStride({4, 3, 16}, {16, 64, 1}, 2, 0));
    EXPECT_FALSE(nsa::KernelCanStride({4, 3, 16}, {96, 32, 2}, 2, 0));  // every other element
    EXPECT_FALSE(nsa::KernelCanStride({4, 3, 16}, {0, 16, 1}, 2, 0));
    // A row stride of 2^31 elements is 2^32 bytes: past DataCopyPad's 32-bit gap.
    const int64_t huge = int64_t{1} << 31;
    EXPECT_FALSE(nsa::KernelCanStride({4, 3, 16}, {huge, 16, 1}, 2, 0));
    EXPECT_TRUE(nsa::KernelCanStride({4, 3, 16}, {huge / 2, 16, 1}, 2, 0));
    // Unless the kernel only adds that axis's stride to an offset.
    EXPECT_TRUE(nsa::KernelCanStride({4, 3, 16}, {huge, 16, 1}, 2, 1u << 0));
    EXPECT_FALSE(nsa::KernelCanStride({4, 3, 16}, {16, huge, 1}, 2, 1u << 0));
    EXPECT_TRUE(nsa::KernelCanStride({4, 3, 16}, {16, huge, 1}, 2, 1u << 1));
}

TEST(Views, TokenTensorsStepBatchesAndHeadsByOffsetsOnly)
{
    EXPECT_EQ(nsa::TokenOffsetAxes(Layout::kTND), 1u << 1);                  // [T, N, D]
    EXPECT_EQ(nsa::TokenOffsetAxes(Layout::kBSND), (1u << 0) | (1u << 2));   // [B, S, N, D]
    EXPECT_EQ(nsa::TokenOffsetAxes(Layout::kBNSD), (1u << 0) | (1u << 1));   // [B, N, S, D]
    EXPECT_EQ(nsa::TokenOffsetAxes(Layout::kBSH), 1u << 0);                  // [B, S, H]
    EXPECT_EQ(nsa::TokenOffsetAxes(Layout::kSBH), 1u << 1);                  // [S, B, H]
}

TEST(Views, SteppingStridesAndExtents)
{
    EXPECT_EQ(nsa::SteppingStrides({1, 3, 16}, {0, 20, 1}), Ints({48, 20, 1}));
    EXPECT_EQ(nsa::ContiguousStrides({2, 0, 5}), Ints({5, 5, 1}));
    int64_t elements = -1;
    ASSERT_TRUE(nsa::ViewElements({4, 3, 16}, {200, 20, 1}, &elements));
    EXPECT_EQ(elements, 3 * 200 + 2 * 20 + 15 + 1);
    ASSERT_TRUE(nsa::ViewElements({4, 0, 16}, {200, 20, 1}, &elements));
    EXPECT_EQ(elements, 0);
    const int64_t max = std::numeric_limits<int64_t>::max();
    EXPECT_FALSE(nsa::ViewElements({3, 1}, {max / 2 + 1, 1}, &elements));
}

}  // namespace
