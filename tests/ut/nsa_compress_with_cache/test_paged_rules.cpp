// The decode op's host rules (nsa_common/op_host/nsa_paged_rules.h): each refusal names the
// parameter, the value and the rule; each accepted value passes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "nsa_paged_rules.h"

namespace {

TEST(PagedRules, BatchLengthsFromEitherListType)
{
    std::vector<int64_t> lengths;
    EXPECT_EQ(nsa::BatchLengths({48, 0, 64}, 1, &lengths), "");
    EXPECT_EQ(lengths, (std::vector<int64_t>{48, 0, 64}));
    EXPECT_EQ(nsa::BatchLengths({48, 48, 112}, 0, &lengths), "");
    EXPECT_EQ(lengths, (std::vector<int64_t>{48, 0, 64}));
    EXPECT_EQ(nsa::BatchLengths({}, 1, &lengths), "");
    EXPECT_TRUE(lengths.empty());
    EXPECT_EQ(nsa::BatchLengths({4, -1}, 1, &lengths), "actSeqLen[1] is -1, it must not be negative.");
    EXPECT_EQ(nsa::BatchLengths({4, 3}, 0, &lengths),
              "actSeqLen[1] is 3, less than actSeqLen[0]=4; cumulative ends must be non-decreasing.");
}

TEST(PagedRules, PagedPool)
{
    EXPECT_EQ(nsa::CheckPagedPool(4, 16, 16), "");
    EXPECT_EQ(nsa::CheckPagedPool(4, 5, 5), "");
    EXPECT_EQ(nsa::CheckPagedPool(0, 16, 16),
              "input page count (input.shape[0]) is 0, the paged pool must hold at least 1 page.");
    EXPECT_EQ(nsa::CheckPagedPool(4, 64, 128),
              "pageBlockSize is 64, it must equal the input page size P (input.shape[1]) = 128.");
    EXPECT_NE(nsa::CheckPagedPool(4, 0, 16), "");
}

TEST(PagedRules, TablesCoverTheBatches)
{
    EXPECT_EQ(nsa::CheckCoversBatches("slotMapping length", 3, 3), "");
    EXPECT_EQ(nsa::CheckCoversBatches("slotMapping length", 5, 3), "");
    EXPECT_EQ(nsa::CheckCoversBatches("slotMapping length", 2, 3),
              "slotMapping length is 2, it must be at least the batch count B=3 (the length of actSeqLen).");
}

TEST(PagedRules, DueBatchesLieWithinTheirTableRow)
{
    // l = 32, d = 16, 3 pages of 16: 48 tokens fit; 64 is due and does not; 70 is not due.
    EXPECT_EQ(nsa::CheckTableCapacity({48, 70, 0}, 32, 16, 3, 16), "");
    EXPECT_EQ(nsa::CheckTableCapacity({48, 64}, 32, 16, 3, 16),
              "actSeqLen gives batch 1 a length of 64, past the 48 tokens its blockTable row holds "
              "(blockTable.shape[1]=3 pages of pageBlockSize=16).");
    EXPECT_EQ(nsa::CheckTableCapacity({INT64_MAX - 15}, 16, 16, INT64_MAX, 2), "");
    EXPECT_EQ(nsa::DueBatches({31, 32, 40, 48, 0}, 32, 16), 2);
}

}  // namespace
