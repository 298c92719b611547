// l0op::Contiguous and l0op::ViewCopy (aclnn_kernels/contiguous.h) against a scalar model of
// views: a copy holds exactly the view's elements in row-major order, a ViewCopy writes exactly
// the view's elements and no other storage byte; the copies are launches whose traffic is
// counted and whose temporaries are in the workspace the executor reports.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "acl/acl.h"
#include "aclnn_kernels/contiguous.h"
#include "opdev/op_errno.h"
#include "opdev/op_executor.h"
#include "opdev/tensor_view_utils.h"
#include "sim/run_reports.h"
#include "view_test_util.h"

namespace {

using simtest::DeviceStorage;
using simtest::Gather;
using simtest::Scatter;
using simtest::View;

std::string TakeMessage()
{
    const char *message = aclGetRecentErrMsg();
    return message == nullptr ? "" : message;
}

// Runs the executor's second phase with a workspace of the size it reports, and returns the
// workspace's bytes afterwards.
std::vector<uint8_t> RunAndReadWorkspace(aclOpExecutor &executor)
{
    const uint64_t size = executor.GetWorkspaceSize();
    auto *workspace = static_cast<uint8_t *>(sim::DeviceAlloc(size));
    EXPECT_EQ(executor.Run(workspace, size), ACLNN_SUCCESS) << TakeMessage();
    std::vector<uint8_t> bytes(workspace, workspace + size);
    sim::DeviceFree(workspace);
    return bytes;
}

struct ViewCase {
    const char *name;
    op::DataType dtype;
    std::vector<int64_t> dims;
    std::vector<int64_t> strides;
    int64_t offset;
    int64_t storageElements;
};

// Views Contiguous must gather: transposed, padded rows, offset, broadcast (stride 0) inner and
// outer, a permuted rank-8 view, rows longer than a UB buffer, more rows than one copy moves.
const std::vector<ViewCase> kGatherCases = {
    {"transposed fp16", ge::DT_FLOAT16, {6, 4}, {1, 6}, 0, 24},
    {"transposed fp32", ge::DT_FLOAT, {6, 4}, {1, 6}, 0, 24},
    {"padded fp16", ge::DT_FLOAT16, {5, 7}, {10, 1}, 0, 50},
    {"padded offset fp32", ge::DT_FLOAT, {3, 4}, {6, 1}, 2, 20},
    {"offset column fp16", ge::DT_FLOAT16, {5}, {3}, 1, 16},
    {"outer broadcast fp16", ge::DT_FLOAT16, {3, 5}, {0, 1}, 0, 5},
    {"inner broadcast fp32", ge::DT_FLOAT, {4, 3}, {1, 0}, 0, 4},
    {"mixed broadcast fp32", ge::DT_FLOAT, {2, 3, 4}, {0, 4, 0}, 1, 13},
    {"int8 transposed 3-d", ge::DT_INT8, {3, 4, 5}, {1, 15, 3}, 0, 60},
    {"int16 padded", ge::DT_INT16, {4, 9}, {16, 1}, 3, 64},
    {"int64 transposed", ge::DT_INT64, {5, 3}, {1, 5}, 0, 15},
    {"double padded", ge::DT_DOUBLE, {3, 3}, {4, 1}, 0, 12},
    {"rank 8 permuted fp16", ge::DT_FLOAT16, {2, 3, 2, 2, 3, 2, 2, 2}, {1, 576, 2, 288, 4, 96, 48, 12}, 0, 1704},
    {"rows longer than a buffer fp32", ge::DT_FLOAT, {2, 40000}, {50000, 1}, 7, 100000},
    {"more rows than one copy fp16", ge::DT_FLOAT16, {5000, 3}, {4, 1}, 0, 20000},
};

TEST(Contiguous, GathersEveryViewIntoANewWorkspaceTensor)
{
    for (const ViewCase &c : kGatherCases) {
        SCOPED_TRACE(c.name);
        const uint64_t elementBytes = ge::DataTypeSize(c.dtype);
        DeviceStorage storage(c.storageElements, elementBytes);
        aclTensor x = View(storage, c.dtype, c.dims, c.strides, c.offset, c.storageElements);
        ASSERT_FALSE(op::IsContiguous(&x));
        aclOpExecutor executor("aclnnContiguousTest");
        const aclTensor *copy = l0op::Contiguous(&x, &executor);
        ASSERT_NE(copy, nullptr) << TakeMessage();
        ASSERT_NE(copy, &x);
        EXPECT_TRUE(op::IsContiguous(copy));
        EXPECT_EQ(copy->GetViewShape(), x.GetViewShape());
        EXPECT_EQ(copy->GetDataType(), c.dtype);
        const std::vector<uint8_t> expected = Gather(storage.Bytes(), x);
        // The copy is the executor's only temporary, so it starts the workspace.
        ASSERT_EQ(executor.GetWorkspaceSize(), expected.size());
        const std::vector<uint8_t> before = storage.Bytes();
        EXPECT_EQ(RunAndReadWorkspace(executor), expected);
        EXPECT_EQ(storage.Bytes(), before);
    }
}

TEST(Contiguous, AContiguousViewIsReturnedAsItIsWithNoCopy)
{
    DeviceStorage storage(40, 2);
    aclTensor offsetRows = View(storage, ge::DT_FLOAT16, {3, 4}, {4, 1}, 5, 40);
    aclTensor sizeOneDims = View(storage, ge::DT_FLOAT16, {1, 6, 1}, {99, 1, 7}, 0, 40);
    aclTensor empty = View(storage, ge::DT_FLOAT16, {0, 3}, {1, 9}, 0, 40);
    for (const aclTensor *x : {&offsetRows, &sizeOneDims, &empty}) {
        aclOpExecutor executor("aclnnContiguousTest");
        EXPECT_EQ(l0op::Contiguous(x, &executor), x);
        EXPECT_EQ(executor.GetWorkspaceSize(), 0u);
        sim::RecordRunReports({sim::LaunchReport{}});
        EXPECT_EQ(executor.Run(nullptr, 0), ACLNN_SUCCESS);
        EXPECT_TRUE(sim::LastRunReports().empty());
    }
}

TEST(Contiguous, RefusesAViewThatReachesPastItsStorage)
{
    DeviceStorage storage(8, 4);
    aclTensor x = View(storage, ge::DT_FLOAT, {2, 3}, {10, 30}, 0, 8);
    aclOpExecutor executor("aclnnContiguousTest");
    TakeMessage();
    EXPECT_EQ(l0op::Contiguous(&x, &executor), nullptr);
    const std::string message = TakeMessage();
    EXPECT_NE(message.find("Contiguous: x: view [2, 3] strides [10, 30] offset 0 in storage [8] reaches elements 0 .. 70"),
              std::string::npos) << message;
    EXPECT_EQ(executor.GetWorkspaceSize(), 0u);
    EXPECT_EQ(l0op::Contiguous(nullptr, &executor), nullptr);
    EXPECT_EQ(l0op::Contiguous(&x, nullptr), nullptr);
}

TEST(Contiguous, EachTemporaryStartsOnA512ByteBoundaryOfTheWorkspace)
{
    DeviceStorage storage(24, 2);
    aclTensor x = View(storage, ge::DT_FLOAT16, {6, 4}, {1, 6}, 0, 24);
    aclTensor y = View(storage, ge::DT_FLOAT16, {4, 5}, {6, 1}, 0, 24);
    aclOpExecutor executor("aclnnContiguousTest");
    ASSERT_NE(l0op::Contiguous(&x, &executor), nullptr);
    ASSERT_NE(l0op::Contiguous(&y, &executor), nullptr);
    ASSERT_EQ(executor.GetWorkspaceSize(), 512u + 40u);
    const std::vector<uint8_t> workspace = RunAndReadWorkspace(executor);
    const std::vector<uint8_t> first = Gather(storage.Bytes(), x);
    const std::vector<uint8_t> second = Gather(storage.Bytes(), y);
    EXPECT_EQ(std::vector<uint8_t>(workspace.begin(), workspace.begin() + 48), first);
    EXPECT_EQ(std::vector<uint8_t>(workspace.begin() + 512, workspace.end()), second);
}

TEST(Contiguous, TheCopyIsALaunchWithItsTrafficCountedAndTimed)
{
    // 64 rows of 256 fp32 elements, 512 apart: one copy in and one copy out of 64 KiB.
    DeviceStorage storage(64 * 512, 4);
    aclTensor x = View(storage, ge::DT_FLOAT, {64, 256}, {512, 1}, 0, 64 * 512);
    aclOpExecutor executor("aclnnContiguousTest");
    ASSERT_NE(l0op::Contiguous(&x, &executor), nullptr);
    RunAndReadWorkspace(executor);
    const std::vector<sim::LaunchReport> reports = sim::LastRunReports();
    ASSERT_EQ(reports.size(), 1u);
    EXPECT_EQ(reports[0].opType, "StridedCopy");
    EXPECT_GT(reports[0].blockDim, 1u);
    EXPECT_EQ(reports[0].total.gmToUbBytes, 64u * 256 * 4);
    EXPECT_EQ(reports[0].total.ubToGmBytes, 64u * 256 * 4);
    EXPECT_GT(reports[0].modeledSeconds, 0.0);
    EXPECT_EQ(reports[0].ToJson(), sim::LastLaunchReport().ToJson());
}

// Destination views ViewCopy must fill: transposed, padded with an offset, a rank-3 view with
// gaps in two dims, for several element sizes.
const std::vector<ViewCase> kScatterCases = {
    {"transposed fp16", ge::DT_FLOAT16, {6, 4}, {1, 6}, 0, 24},
    {"padded offset fp32", ge::DT_FLOAT, {3, 4}, {6, 1}, 2, 20},
    {"gaps in two dims fp16", ge::DT_FLOAT16, {2, 3, 4}, {40, 12, 2}, 1, 80},
    {"int8 columns", ge::DT_INT8, {7, 2}, {1, 9}, 4, 30},
    {"int64 padded", ge::DT_INT64, {3, 2}, {5, 1}, 0, 15},
    {"rank 8 permuted fp32", ge::DT_FLOAT, {2, 3, 2, 2, 3, 2, 2, 2}, {1, 576, 2, 288, 4, 96, 48, 12}, 0, 1704},
};

TEST(ViewCopy, WritesExactlyTheViewsElementsAndNoOtherStorageByte)
{
    for (const ViewCase &c : kScatterCases) {
        SCOPED_TRACE(c.name);
        const uint64_t elementBytes = ge::DataTypeSize(c.dtype);
        int64_t elements = 1;
        for (const int64_t dim : c.dims) {
            elements *= dim;
        }
        DeviceStorage source(elements, elementBytes, 100);
        std::vector<int64_t> dense(c.dims.size(), 1);
        for (size_t d = c.dims.size() - 1; d > 0; --d) {
            dense[d - 1] = dense[d] * c.dims[d];
        }
        aclTensor x = View(source, c.dtype, c.dims, dense, 0, elements);
        DeviceStorage target(c.storageElements, elementBytes, 3);
        aclTensor y = View(target, c.dtype, c.dims, c.strides, c.offset, c.storageElements);
        const std::vector<uint8_t> expected = Scatter(target.Bytes(), y, source.Bytes());

        aclOpExecutor executor("aclnnViewCopyTest");
        ASSERT_EQ(l0op::ViewCopy(&x, &y, &executor), &y) << TakeMessage();
        EXPECT_EQ(executor.GetWorkspaceSize(), 0u);
        RunAndReadWorkspace(executor);
        EXPECT_EQ(target.Bytes(), expected);
    }
}

TEST(ViewCopy, FromAContiguousCopyMovesAStridedViewIntoAnother)
{
    DeviceStorage source(50, 4, 9);
    aclTensor from = View(source, ge::DT_FLOAT, {4, 5}, {1, 10}, 3, 50);
    DeviceStorage target(60, 4, 1);
    aclTensor to = View(target, ge::DT_FLOAT, {4, 5}, {12, 2}, 5, 60);
    const std::vector<uint8_t> expected = Scatter(target.Bytes(), to, Gather(source.Bytes(), from));
    aclOpExecutor executor("aclnnViewCopyTest");
    const aclTensor *temporary = l0op::Contiguous(&from, &executor);
    ASSERT_NE(temporary, nullptr);
    ASSERT_EQ(l0op::ViewCopy(temporary, &to, &executor), &to) << TakeMessage();
    EXPECT_EQ(executor.GetWorkspaceSize(), 80u);
    RunAndReadWorkspace(executor);
    EXPECT_EQ(target.Bytes(), expected);
    EXPECT_EQ(sim::LastRunReports().size(), 2u);
}

TEST(ViewCopy, RefusesWhatHasNoDefinedResultAndWritesNothing)
{
    DeviceStorage source(12, 2, 50);
    DeviceStorage target(40, 2, 7);
    aclTensor x = View(source, ge::DT_FLOAT16, {3, 4}, {4, 1}, 0, 12);
    aclTensor xStrided = View(source, ge::DT_FLOAT16, {3, 4}, {1, 3}, 0, 12);
    aclTensor xFloat = View(source, ge::DT_FLOAT, {3, 2}, {2, 1}, 0, 6);
    aclTensor y = View(target, ge::DT_FLOAT16, {3, 4}, {8, 1}, 0, 40);
    aclTensor yOther = View(target, ge::DT_FLOAT16, {4, 3}, {8, 1}, 0, 40);
    aclTensor yFloat = View(target, ge::DT_FLOAT, {3, 2}, {8, 1}, 0, 20);
    aclTensor yBroadcast = View(target, ge::DT_FLOAT16, {3, 4}, {0, 1}, 0, 40);
    aclTensor yInterleaved = View(target, ge::DT_FLOAT16, {3, 4}, {2, 1}, 0, 40);
    aclTensor yPastStorage = View(target, ge::DT_FLOAT16, {3, 4}, {20, 1}, 0, 40);
    aclTensor ySharing = View(source, ge::DT_FLOAT16, {3, 4}, {1, 3}, 0, 12);
    struct Refusal {
        const aclTensor *x;
        const aclTensor *y;
        const char *why;
    };
    const Refusal refusals[] = {
        {&xStrided, &y, "x must be contiguous"},
        {&x, &yOther, "one dtype, view shape and format"},
        {&xFloat, &y, "one dtype, view shape and format"},
        {&xFloat, &yFloat, nullptr},   // accepted: checks the table is not refusing everything
        {&x, &yBroadcast, "may reach one storage element twice"},
        {&x, &yInterleaved, "may reach one storage element twice"},
        {&x, &yPastStorage, "reaches elements 0 .. 43"},
        {&x, &ySharing, "share storage bytes"},
        {nullptr, &y, "x is nullptr"},
        {&x, nullptr, "y is nullptr"},
    };
    const std::vector<uint8_t> before = target.Bytes();
    for (const Refusal &r : refusals) {
        SCOPED_TRACE(r.why == nullptr ? "accepted" : r.why);
        aclOpExecutor executor("aclnnViewCopyTest");
        TakeMessage();
        const aclTensor *result = l0op::ViewCopy(r.x, r.y, &executor);
        if (r.why == nullptr) {
            EXPECT_EQ(result, r.y);
            continue;
        }
        EXPECT_EQ(result, nullptr);
        const std::string message = TakeMessage();
        EXPECT_NE(message.find(r.why), std::string::npos) << message;
        RunAndReadWorkspace(executor);
        EXPECT_TRUE(sim::LastRunReports().empty());
    }
    EXPECT_EQ(target.Bytes(), before);
    EXPECT_EQ(l0op::ViewCopy(&x, &y, nullptr), nullptr);
}

TEST(ViewCopy, AnEmptyViewTouchesNoStorageAndIsReturnedWithNoLaunch)
{
    // x and y are views of one storage with strides that would overlap if they had elements.
    DeviceStorage storage(8, 4);
    aclTensor x = View(storage, ge::DT_FLOAT, {0, 4}, {1, 1}, 0, 8);
    aclTensor y = View(storage, ge::DT_FLOAT, {0, 4}, {1, 1}, 0, 8);
    aclOpExecutor executor("aclnnViewCopyTest");
    EXPECT_EQ(l0op::ViewCopy(&x, &y, &executor), &y) << TakeMessage();
    RunAndReadWorkspace(executor);
    EXPECT_TRUE(sim::LastRunReports().empty());
}

}  // namespace
