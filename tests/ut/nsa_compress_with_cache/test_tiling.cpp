// The decode op's tiling through the registered entry: the launch depends on shapes only (the
// same tiling data for any length values), the split and plan it records, the strides of views,
// and its refusals of what the kernel could not run safely. Needs the simulator, which builds the
// gert::TilingContext.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "nsa_compress_with_cache_split.h"
#include "nsa_compress_with_cache_tiling_data.h"
#include "nsa_compress_with_cache_tiling_key.h"
#include "op_def_checks.h"
#include "sim/op_impl.h"
#include "sim/soc_spec.h"

namespace {

using nsa_test::Arg;

struct Args {
    gert::Shape input{8, 16, 2, 32};
    gert::Shape weight{32, 2};
    gert::Shape slots{3};
    gert::Shape cache{5, 2, 32};
    gert::Shape table{3, 4};
    bool withTable = true;
    std::vector<int64_t> seq{48, 40, 64};
    int64_t l = 32, d = 16, seqType = 1, pageSize = 16;
    std::string layout = "TND";
    ge::DataType dtype = ge::DT_FLOAT16;
};

class WithCacheTiling : public ::testing::Test {
protected:
    ge::graphStatus Run(const Args &a)
    {
        args_ = a;
        sim::OpCall call;
        call.opType = "NsaCompressWithCache";
        call.inputs = {Arg(a.input, a.dtype), Arg(a.weight, a.dtype), Arg(a.slots, ge::DT_INT32), Arg(a.cache, a.dtype),
                       Arg({static_cast<int64_t>(args_.seq.size())}, ge::DT_INT64, args_.seq.data()),
                       a.withTable ? Arg(a.table, ge::DT_INT32) : sim::TensorArg{}};
        call.outputs = {Arg(a.cache, a.dtype)};
        call.attrs.Append(a.layout);
        call.attrs.Append(a.l);
        call.attrs.Append(a.d);
        call.attrs.Append(a.seqType);
        call.attrs.Append(a.pageSize);
        call_ = call;
        const sim::OpImpl *impl = sim::FindOpImpl("NsaCompressWithCache");
        EXPECT_NE(impl, nullptr);
        context_ = std::make_unique<gert::TilingContext>(call_, *sim::FindSoc("ascend910b"), impl->maxTilingDataSize);
        const ge::graphStatus status = impl->tiling(context_.get());
        if (status == ge::GRAPH_SUCCESS) {
            std::memcpy(&tiling_, context_->GetRawTilingData()->GetData(), sizeof(tiling_));
        }
        return status;
    }

    Args args_;
    sim::OpCall call_;
    std::unique_ptr<gert::TilingContext> context_;
    NsaCompressWithCacheTilingData tiling_{};
};

TEST_F(WithCacheTiling, RecordsThePoolTheCacheAndTheSplit)
{
    ASSERT_EQ(Run(Args{}), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.paged, 1u);
    EXPECT_EQ(tiling_.inputPages, 8u);
    EXPECT_EQ(tiling_.inputTokens, 16u);
    EXPECT_EQ(tiling_.inputPageStride, 16u * 2 * 32);
    EXPECT_EQ(tiling_.inputTokenStride, 64u);
    EXPECT_EQ(tiling_.inputHeadStride, 32u);
    EXPECT_EQ(tiling_.cacheRows, 5u);
    EXPECT_EQ(tiling_.cacheRowStride, 64u);
    EXPECT_EQ(tiling_.tableWidth, 4u);
    EXPECT_EQ(tiling_.batchNum, 3u);
    EXPECT_EQ(tiling_.seqIsEnds, 0u);
    // Both heads fit one chunk, but with about one window expected a head per chunk does half the
    // work on each core.
    EXPECT_EQ(tiling_.headChunk, 1u);
    EXPECT_EQ(tiling_.chunkNum, 2u);
    const auto split = nsa::with_cache::SplitWork(3, tiling_.chunkNum, 48);
    EXPECT_EQ(tiling_.usedCoreNum, split.usedCores);
    EXPECT_EQ(tiling_.batchLanes, split.batchLanes);
    EXPECT_EQ(context_->GetBlockDim(), split.usedCores);
    EXPECT_EQ(context_->GetTilingKey(), static_cast<uint64_t>(NSA_COMPRESS_WITH_CACHE_TILING_KEY_FLOAT16));
}

TEST_F(WithCacheTiling, TheLaunchDependsOnShapesNotOnLengthValues)
{
    Args a;
    ASSERT_EQ(Run(a), ge::GRAPH_SUCCESS);
    const NsaCompressWithCacheTilingData first = tiling_;
    const uint32_t blockDim = context_->GetBlockDim();
    for (const std::vector<int64_t> &seq : std::vector<std::vector<int64_t>>{{0, 0, 0}, {32, 48, 64}, {33, 1, 63}}) {
        a.seq = seq;
        ASSERT_EQ(Run(a), ge::GRAPH_SUCCESS);
        EXPECT_EQ(std::memcmp(&first, &tiling_, sizeof(tiling_)), 0);
        EXPECT_EQ(context_->GetBlockDim(), blockDim);
    }
}

TEST_F(WithCacheTiling, TndInputTakesCumulativeEnds)
{
    Args a;
    a.input = {88, 2, 32};
    a.withTable = false;
    a.seq = {48, 88};
    a.slots = {2};
    a.seqType = 0;
    ASSERT_EQ(Run(a), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.paged, 0u);
    EXPECT_EQ(tiling_.seqIsEnds, 1u);
    EXPECT_EQ(tiling_.inputTokens, 88u);
    a.seqType = 1;
    a.seq = {48, 40};
    EXPECT_EQ(Run(a), ge::GRAPH_FAILED) << "TND reaches the kernel as cumulative ends";
}

TEST_F(WithCacheTiling, RefusesWhatTheKernelCannotRun)
{
    const auto refused = [this](auto change) {
        Args a;
        change(a);
        return Run(a) == ge::GRAPH_FAILED;
    };
    EXPECT_TRUE(refused([](Args &a) { a.pageSize = 32; }));
    EXPECT_TRUE(refused([](Args &a) { a.d = 0; }));
    EXPECT_TRUE(refused([](Args &a) { a.slots = {2}; }));
    EXPECT_TRUE(refused([](Args &a) { a.table = {2, 4}; }));
    EXPECT_TRUE(refused([](Args &a) { a.withTable = false; }));
    EXPECT_TRUE(refused([](Args &a) { a.seq = {48, -1, 64}; }));
    EXPECT_TRUE(refused([](Args &a) { a.seq = {80, 40, 64}; }));
    EXPECT_TRUE(refused([](Args &a) { a.cache = {5, 2, 16}; }));
    EXPECT_TRUE(refused([](Args &a) { a.cache = {0, 2, 32}; }));
    EXPECT_TRUE(refused([](Args &a) { a.weight = {32, 3}; }));
    EXPECT_TRUE(refused([](Args &a) { a.layout = "XYZ"; }));
    EXPECT_TRUE(refused([](Args &a) { a.seqType = 2; }));
    EXPECT_TRUE(refused([](Args &a) { a.input = {0, 16, 2, 32}; }));
    EXPECT_FALSE(refused([](Args &a) { a.layout = "SBH"; }));
    EXPECT_FALSE(refused([](Args &a) { a.seq = {48, 100001, 64}; })) << "a batch that is not due is not read";
}

}  // namespace
