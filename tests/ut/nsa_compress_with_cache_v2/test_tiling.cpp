// NsaCompressWithCacheV2's tiling through the registered entry: what it records for each pool,
// the plan and the lanes, a launch from shapes alone (no length has host data here), and its
// refusals of what the kernel could not address safely. Needs the simulator, which builds the
// gert::TilingContext.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <vector>

#include "../../../nsa_compress_with_cache/op_kernel/nsa_compress_with_cache_tiling_key.h"
#include "nsa_compress_with_cache_v2_plan.h"
#include "nsa_compress_with_cache_v2_tiling_data.h"
#include "op_def_checks.h"
#include "sim/op_impl.h"
#include "sim/soc_spec.h"

namespace {

using nsa_test::Arg;

struct Args {
    gert::Shape input{8, 16, 2, 32};
    gert::Shape weight{32, 2};
    gert::Shape slots{3, 2};
    gert::Shape prev{3};
    gert::Shape act{3};
    gert::Shape table{3, 4};
    gert::Shape cache{5, 2, 32};
    bool withValue = false;
    gert::Shape valueCache{5, 2, 32};
    int64_t l = 32, d = 16, pageSize = 16;
    ge::DataType dtype = ge::DT_FLOAT16;
};

class WithCacheV2Tiling : public ::testing::Test {
protected:
    ge::graphStatus Run(const Args &a)
    {
        const sim::TensorArg none{};
        sim::OpCall call;
        call.opType = "NsaCompressWithCacheV2";
        call.inputs = {Arg(a.input, a.dtype), Arg(a.weight, a.dtype),
                       a.withValue ? Arg(a.input, a.dtype) : none, a.withValue ? Arg(a.weight, a.dtype) : none,
                       Arg(a.slots, ge::DT_INT32), Arg(a.prev, ge::DT_INT64), Arg(a.act, ge::DT_INT64),
                       Arg(a.table, ge::DT_INT32), Arg(a.cache, a.dtype),
                       a.withValue ? Arg(a.valueCache, a.dtype) : none};
        call.outputs = {Arg(a.cache, a.dtype), a.withValue ? Arg(a.valueCache, a.dtype) : none};
        call.attrs.Append(a.l);
        call.attrs.Append(a.d);
        call.attrs.Append(a.pageSize);
        call_ = call;
        const sim::OpImpl *impl = sim::FindOpImpl("NsaCompressWithCacheV2");
        EXPECT_NE(impl, nullptr);
        context_ = std::make_unique<gert::TilingContext>(call_, *sim::FindSoc("ascend910b"), impl->maxTilingDataSize);
        const ge::graphStatus status = impl->tiling(context_.get());
        if (status == ge::GRAPH_SUCCESS) {
            std::memcpy(&tiling_, context_->GetRawTilingData()->GetData(), sizeof(tiling_));
        }
        return status;
    }

    sim::OpCall call_;
    std::unique_ptr<gert::TilingContext> context_;
    NsaCompressWithCacheV2TilingData tiling_{};
};

TEST_F(WithCacheV2Tiling, RecordsThePoolTheCacheAndThePlan)
{
    ASSERT_EQ(Run(Args{}), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.pages, 8u);
    EXPECT_EQ(tiling_.pageSize, 16u);
    EXPECT_EQ(tiling_.key.pageStride, 16u * 2 * 32);
    EXPECT_EQ(tiling_.key.tokenStride, 64u);
    EXPECT_EQ(tiling_.key.headStride, 32u);
    EXPECT_EQ(tiling_.key.cacheRowStride, 64u);
    EXPECT_EQ(tiling_.key.cacheHeadStride, 32u);
    EXPECT_EQ(tiling_.key.weightRowStride, 2u);
    EXPECT_EQ(tiling_.cacheRows, 5u);
    EXPECT_EQ(tiling_.slotColumns, 2u);
    EXPECT_EQ(tiling_.slotExtent, 6u);
    EXPECT_EQ(tiling_.tableWidth, 4u);
    EXPECT_EQ(tiling_.batchNum, 3u);
    EXPECT_EQ(tiling_.withValue, 0u);
    nsa::with_cache_v2::V2Plan plan;
    ASSERT_TRUE(nsa::with_cache_v2::PlanV2(2, 32, 32, 2, 196608, false, 48, &plan));
    EXPECT_EQ(tiling_.headChunk, plan.headChunk);
    EXPECT_EQ(tiling_.lanes, plan.lanes);
    EXPECT_EQ(context_->GetBlockDim(), plan.usedCores);
    EXPECT_EQ(context_->GetTilingKey(), static_cast<uint64_t>(NSA_COMPRESS_WITH_CACHE_TILING_KEY_FLOAT16));
}

TEST_F(WithCacheV2Tiling, RecordsTheValuePool)
{
    Args a;
    a.withValue = true;
    a.dtype = ge::DT_BF16;
    ASSERT_EQ(Run(a), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.withValue, 1u);
    EXPECT_EQ(tiling_.value.tokenStride, 64u);
    EXPECT_EQ(tiling_.value.cacheExtent, 5u * 2 * 32);
    EXPECT_EQ(context_->GetTilingKey(), static_cast<uint64_t>(NSA_COMPRESS_WITH_CACHE_TILING_KEY_BFLOAT16));
}

TEST_F(WithCacheV2Tiling, RefusesWhatTheKernelCannotAddress)
{
    const auto refused = [this](auto change) {
        Args a;
        change(a);
        return Run(a) == ge::GRAPH_FAILED;
    };
    EXPECT_TRUE(refused([](Args &a) { a.pageSize = 32; }));
    EXPECT_TRUE(refused([](Args &a) { a.d = 0; }));
    EXPECT_TRUE(refused([](Args &a) { a.slots = {2, 2}; }));
    EXPECT_TRUE(refused([](Args &a) { a.slots = {3, 0}; }));
    EXPECT_TRUE(refused([](Args &a) { a.slots = {3}; }));
    EXPECT_TRUE(refused([](Args &a) { a.table = {2, 4}; }));
    EXPECT_TRUE(refused([](Args &a) { a.prev = {2}; }));
    EXPECT_TRUE(refused([](Args &a) { a.cache = {5, 2, 16}; }));
    EXPECT_TRUE(refused([](Args &a) { a.cache = {0, 2, 32}; }));
    EXPECT_TRUE(refused([](Args &a) { a.weight = {32, 3}; }));
    EXPECT_TRUE(refused([](Args &a) { a.input = {0, 16, 2, 32}; }));
    EXPECT_TRUE(refused([](Args &a) {
        a.withValue = true;
        a.valueCache = {6, 2, 32};
    }));
    EXPECT_FALSE(refused([](Args &a) { a.slots = {7, 2}; })) << "slot rows past B are ignored";
}

}  // namespace
