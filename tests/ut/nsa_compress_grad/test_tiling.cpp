// NsaCompressGrad's tiling function through the registered entry: the views' strides, the
// geometry, the work split (nsa::compress_grad::SplitGroups), the block dim, the key and the workspace
// (library share, then the fp32 partials [ceil(K/G), l, N]); and its refusals. Needs the simulator,
// which builds the gert::TilingContext; the split alone is tested in test_split.cpp.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "nsa_compress_grad_tiling_data.h"
#include "nsa_compress_grad_tiling_key.h"
#include "nsa_compress_grad_split.h"
#include "register/op_def_registry.h"
#include "sim/op_impl.h"
#include "sim/soc_spec.h"

namespace {

struct Shapes {
    gert::Shape outputGrad, input, weight, inputGrad, weightGrad;
};

class GradTiling : public ::testing::Test {
protected:
    ge::graphStatus Run(const Shapes &s, std::vector<int64_t> seq, int64_t l, int64_t d, const std::string &layout,
                        ge::DataType dtype = ge::DT_FLOAT16, int64_t seqType = 0)
    {
        seq_ = std::move(seq);
        auto arg = [](gert::Shape shape, ge::DataType dt, const void *data) {
            sim::TensorArg a;
            a.present = true;
            a.tensor = gert::Tensor(gert::StorageShape(shape, shape), dt, ge::FORMAT_ND, data);
            return a;
        };
        sim::OpCall call;
        call.opType = "NsaCompressGrad";
        call.inputs = {arg(s.outputGrad, dtype, nullptr), arg(s.input, dtype, nullptr), arg(s.weight, dtype, nullptr),
                       arg({static_cast<int64_t>(seq_.size())}, ge::DT_INT64, seq_.data())};
        call.outputs = {arg(s.inputGrad, dtype, nullptr), arg(s.weightGrad, dtype, nullptr)};
        call.attrs.Append(l);
        call.attrs.Append(d);
        call.attrs.Append(seqType);
        call.attrs.Append(layout);
        call_ = call;
        const sim::OpImpl *impl = sim::FindOpImpl("NsaCompressGrad");
        EXPECT_NE(impl, nullptr);
        context_ = std::make_unique<gert::TilingContext>(call_, *sim::FindSoc("ascend910b"), impl->maxTilingDataSize);
        const ge::graphStatus status = impl->tiling(context_.get());
        if (status == ge::GRAPH_SUCCESS) {
            std::memcpy(&tiling_, context_->GetRawTilingData()->GetData(), sizeof(tiling_));
        }
        return status;
    }

    void ExpectSplit(const std::vector<int64_t> &ends, bool batched, uint64_t slots, uint32_t cores)
    {
        const uint32_t headGroups = tiling_.headNum / tiling_.headGroupSize;
        const auto ranges = nsa::compress_grad::SplitGroups(nsa::compress_grad::RunsOf(ends, batched, slots), tiling_.windowLen,
                                                  tiling_.windowStep, tiling_.headNum, headGroups, cores / headGroups);
        ASSERT_EQ(tiling_.usedCoreNum, ranges.size());
        for (size_t c = 0; c < ranges.size(); ++c) {
            EXPECT_EQ(tiling_.coreHeadStart[c], ranges[c].headStart);
            EXPECT_EQ(tiling_.coreWindowStart[c], ranges[c].windowStart);
            EXPECT_EQ(tiling_.coreWindowCount[c], ranges[c].windowCount);
            EXPECT_EQ(tiling_.coreWindowRun[c], ranges[c].windowRun);
            EXPECT_EQ(tiling_.coreWindowInRun[c], ranges[c].windowInRun);
            EXPECT_EQ(tiling_.coreSlotRun[c], ranges[c].slotRun);
            EXPECT_EQ(tiling_.coreSlotRow[c], ranges[c].slotRow);
            EXPECT_EQ(tiling_.coreSlotCount[c], ranges[c].slotCount);
        }
    }

    std::vector<int64_t> seq_;
    sim::OpCall call_;
    std::unique_ptr<gert::TilingContext> context_;
    NsaCompressGradTilingData tiling_{};
};

TEST_F(GradTiling, OneLongSequence)
{
    // T = 16384, l = 32, d = 16: K = 1023, 64 groups; ascend910b has 48 vector cores.
    const Shapes s{{1023, 4, 128}, {16384, 4, 128}, {32, 4}, {16384, 4, 128}, {32, 4}};
    ASSERT_EQ(Run(s, {16384}, 32, 16, "TND"), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.outputRows, 1023u);
    EXPECT_EQ(tiling_.groupNum, 64u);
    EXPECT_EQ(tiling_.headGroupSize, 1u);   // four head groups (GradHeadGroups below)
    EXPECT_EQ(tiling_.usedCoreNum, 48u);
    EXPECT_EQ(context_->GetBlockDim(), 48u);
    EXPECT_EQ(context_->GetTilingKey(), static_cast<uint64_t>(NSA_COMPRESS_GRAD_TILING_KEY_FLOAT16));
    EXPECT_EQ(tiling_.inputTokenStride, 512u);
    EXPECT_EQ(tiling_.inputStartStride, 512u);
    EXPECT_EQ(tiling_.inputBatchStride, 0u);
    EXPECT_EQ(tiling_.inputHeadStride, 128u);
    EXPECT_EQ(tiling_.inputGradTokenStride, 512u);
    EXPECT_EQ(tiling_.outputGradRowStride, 512u);
    EXPECT_EQ(tiling_.weightRowStride, 4u);
    // Ascend C's 16 MiB library share, then the fp32 partials [64 groups, l = 32, N = 4].
    EXPECT_EQ(context_->WorkspaceSize(0), (16u << 20) + 64u * 32 * 4 * 4);
    ExpectSplit({16384}, false, 0, 48);
}

TEST_F(GradTiling, FewGroupsSplitTheHeads)
{
    // K = 63: 4 groups; 48 head groups of 2 of N = 96 use all 48 cores.
    const Shapes s{{63, 96, 32}, {1024, 96, 32}, {32, 96}, {1024, 96, 32}, {32, 96}};
    ASSERT_EQ(Run(s, {1024}, 32, 16, "TND", ge::DT_BF16), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.groupNum, 4u);
    EXPECT_EQ(tiling_.headGroupSize, 2u);
    EXPECT_EQ(tiling_.usedCoreNum, 48u);
    EXPECT_EQ(context_->GetTilingKey(), static_cast<uint64_t>(NSA_COMPRESS_GRAD_TILING_KEY_BFLOAT16));
    ExpectSplit({1024}, false, 0, 48);
}

TEST_F(GradTiling, BatchedLayoutWalksEveryBatchSlot)
{
    // BNSD [2, 4, 100, 64], lengths 100 and 40 (l = d = 32): K = 3 + 1.
    const Shapes s{{4, 4, 64}, {2, 4, 100, 64}, {32, 4}, {2, 4, 100, 64}, {32, 4}};
    ASSERT_EQ(Run(s, {100, 40}, 32, 32, "BNSD", ge::DT_FLOAT16, 1), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.batchSlots, 100u);
    EXPECT_EQ(tiling_.inputStartStride, 0u);
    EXPECT_EQ(tiling_.inputBatchStride, 4u * 100 * 64);
    EXPECT_EQ(tiling_.inputTokenStride, 64u);
    EXPECT_EQ(tiling_.inputHeadStride, 100u * 64);
    ExpectSplit({100, 140}, true, 100, 48);
    uint64_t slots = 0;
    for (uint32_t c = 0; c < tiling_.usedCoreNum; ++c) {
        if (tiling_.coreHeadStart[c] == 0) slots += tiling_.coreSlotCount[c];
    }
    EXPECT_EQ(slots, 200u);   // padding included
}

// Strides the kernel only adds to 64-bit offsets take any value: B=2, S=128K, N=128, D=128 puts
// the second batch of input and inputGrad 2^31 elements (2^32 bytes, past DataCopyPad's 32-bit
// gaps) in; BNSD puts heads as far apart.
TEST_F(GradTiling, BatchAndHeadStridesPast32BitGapsAreWalkedInPlace)
{
    const uint64_t twoTo31 = uint64_t{1} << 31;
    const Shapes bsnd{{3, 128, 128}, {2, 131072, 128, 128}, {32, 128}, {2, 131072, 128, 128}, {32, 128}};
    ASSERT_EQ(Run(bsnd, {48, 32}, 32, 16, "BSND", ge::DT_FLOAT16, 1), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.outputRows, 3u);
    EXPECT_EQ(tiling_.inputBatchStride, twoTo31);
    EXPECT_EQ(tiling_.inputGradBatchStride, twoTo31);
    EXPECT_EQ(tiling_.inputGradExtent, 2 * twoTo31);
    const Shapes bnsd{{1, 2, 256}, {1, 2, 8388608, 256}, {128, 2}, {1, 2, 8388608, 256}, {128, 2}};
    ASSERT_EQ(Run(bnsd, {128}, 128, 128, "BNSD", ge::DT_FLOAT16, 1), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.inputHeadStride, twoTo31);
    EXPECT_EQ(tiling_.inputGradHeadStride, twoTo31);
}

TEST_F(GradTiling, NoWindowsStillWritesZeros)
{
    const Shapes s{{0, 2, 32}, {40, 2, 32}, {32, 2}, {40, 2, 32}, {32, 2}};
    ASSERT_EQ(Run(s, {20, 40}, 32, 16, "TND"), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.outputRows, 0u);
    EXPECT_EQ(tiling_.groupNum, 0u);
    EXPECT_GE(tiling_.usedCoreNum, 1u);
    EXPECT_EQ(context_->WorkspaceSize(0), 16u << 20);
    ExpectSplit({20, 40}, false, 0, 48);
}

TEST_F(GradTiling, RefusesWhatTheKernelCannotRun)
{
    const Shapes wrongK{{4, 4, 64}, {100, 4, 64}, {32, 4}, {100, 4, 64}, {32, 4}};
    EXPECT_EQ(Run(wrongK, {100}, 32, 32, "TND"), ge::GRAPH_FAILED);
    const Shapes wrongDx{{3, 4, 64}, {100, 4, 64}, {32, 4}, {100, 4, 48}, {32, 4}};
    EXPECT_EQ(Run(wrongDx, {100}, 32, 32, "TND"), ge::GRAPH_FAILED);
    const Shapes wrongDw{{3, 4, 64}, {100, 4, 64}, {32, 4}, {100, 4, 64}, {4, 32}};
    EXPECT_EQ(Run(wrongDw, {100}, 32, 32, "TND"), ge::GRAPH_FAILED);
    const Shapes ok{{3, 4, 64}, {100, 4, 64}, {32, 4}, {100, 4, 64}, {32, 4}};
    EXPECT_EQ(Run(ok, {90}, 32, 32, "TND"), ge::GRAPH_FAILED);   // does not end at T
    EXPECT_EQ(Run(ok, {100}, 40, 32, "TND"), ge::GRAPH_FAILED);  // l not a multiple of 16
    EXPECT_EQ(Run(ok, {100}, 32, 32, "XYZ"), ge::GRAPH_FAILED);
}

}  // namespace
