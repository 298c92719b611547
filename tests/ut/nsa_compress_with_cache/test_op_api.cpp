// aclnnNsaCompressWithCacheGetWorkspaceSize's null-pointer and mode checks, and a whole call on
// the simulator: the due batch's row is the ordered sum, every other row untouched; nothing due
// plans no launch. The system tests cover every other rule and the golden.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "acl_fixture.h"
#include "aclnn_call.h"
#include "aclnn_nsa_compress_with_cache.h"
#include "opdev/op_errno.h"

namespace {

using nsa_test::DeviceBuffer;
using nsa_test::IntArray;
using nsa_test::Tensor;

// Pool [4, 16, 2, 16] of ones, weight [32, 2] of 1/32, cache [3, 2, 16] of 2.0, slots {1, 0},
// table {{2, 0, 3}, {1, 1, 1}}: batch 0 (48 tokens) is due into row 1, batch 1 (40) is not.
struct DemoCall {
    DemoCall()
        : pool(std::vector<aclFloat16>(4 * 16 * 2 * 16, aclFloatToFloat16(1.0f))),
          weight(std::vector<aclFloat16>(32 * 2, aclFloatToFloat16(1.0f / 32))),
          cache(std::vector<aclFloat16>(3 * 2 * 16, aclFloatToFloat16(2.0f))),
          slots(std::vector<int32_t>{1, 0}),
          table(std::vector<int32_t>{2, 0, 3, 1, 1, 1}),
          poolTensor({4, 16, 2, 16}, ACL_FLOAT16, pool.get()),
          weightTensor({32, 2}, ACL_FLOAT16, weight.get()),
          cacheTensor({3, 2, 16}, ACL_FLOAT16, cache.get()),
          slotTensor({2}, ACL_INT32, slots.get()),
          tableTensor({2, 3}, ACL_INT32, table.get())
    {
    }
    DeviceBuffer pool, weight, cache, slots, table;
    Tensor poolTensor, weightTensor, cacheTensor, slotTensor, tableTensor;
};

class NsaCompressWithCacheApi : public AclFixture {
protected:
    static nsa_test::CallResult Plan(const aclTensor *input, const aclTensor *weight, const aclTensor *slots,
                                     const aclIntArray *seq, const aclTensor *table, aclTensor *cache,
                                     const char *layout = "TND")
    {
        std::string text = layout == nullptr ? "" : layout;
        return nsa_test::PlanOnly([&](uint64_t *workspace, aclOpExecutor **executor) {
            return aclnnNsaCompressWithCacheGetWorkspaceSize(input, weight, slots, seq, table,
                                                             layout == nullptr ? nullptr : text.data(), 32, 16, 1, 16,
                                                             cache, workspace, executor);
        });
    }
};

TEST_F(NsaCompressWithCacheApi, NullPointersAreRefusedNamingTheParameter)
{
    DemoCall c;
    const IntArray seq({48, 40});
    struct Case {
        const aclTensor *input, *weight, *slots, *table;
        aclTensor *cache;
        const aclIntArray *seq;
        std::string words;
    } cases[] = {
        {nullptr, c.weightTensor.get(), c.slotTensor.get(), c.tableTensor.get(), c.cacheTensor.get(), seq.get(),
         "input must not be a null pointer."},
        {c.poolTensor.get(), nullptr, c.slotTensor.get(), c.tableTensor.get(), c.cacheTensor.get(), seq.get(),
         "weight must not be a null pointer."},
        {c.poolTensor.get(), c.weightTensor.get(), nullptr, c.tableTensor.get(), c.cacheTensor.get(), seq.get(),
         "slotMapping must not be a null pointer."},
        {c.poolTensor.get(), c.weightTensor.get(), c.slotTensor.get(), c.tableTensor.get(), nullptr, seq.get(),
         "outputCache must not be a null pointer."},
        {c.poolTensor.get(), c.weightTensor.get(), c.slotTensor.get(), c.tableTensor.get(), c.cacheTensor.get(),
         nullptr, "actSeqLenOptional must not be a null pointer"},
        {c.poolTensor.get(), c.weightTensor.get(), c.slotTensor.get(), nullptr, c.cacheTensor.get(), seq.get(),
         "blockTableOptional must not be a null pointer"},
    };
    for (const Case &k : cases) {
        const auto result = Plan(k.input, k.weight, k.slots, k.seq, k.table, k.cache);
        EXPECT_EQ(result.status, ACLNN_ERR_PARAM_NULLPTR) << k.words;
        EXPECT_NE(result.message.find(k.words), std::string::npos) << result.message;
    }
    uint64_t workspace = 0;
    aclOpExecutor *executor = nullptr;
    EXPECT_EQ(aclnnNsaCompressWithCacheGetWorkspaceSize(c.poolTensor.get(), c.weightTensor.get(), c.slotTensor.get(),
                                                        seq.get(), c.tableTensor.get(), nullptr, 32, 16, 1, 16,
                                                        c.cacheTensor.get(), nullptr, &executor),
              ACLNN_ERR_PARAM_NULLPTR);
    EXPECT_EQ(aclnnNsaCompressWithCacheGetWorkspaceSize(c.poolTensor.get(), c.weightTensor.get(), c.slotTensor.get(),
                                                        seq.get(), c.tableTensor.get(), nullptr, 32, 16, 1, 16,
                                                        c.cacheTensor.get(), &workspace, nullptr),
              ACLNN_ERR_PARAM_NULLPTR);
}

TEST_F(NsaCompressWithCacheApi, ANullLayoutIsTndAndAPagedInputIgnoresIt)
{
    DemoCall c;
    const IntArray seq({48, 40});
    for (const char *layout : {static_cast<const char *>(nullptr), "TND", "BSND", "BNSD", "BSH", "SBH"}) {
        const auto result = Plan(c.poolTensor.get(), c.weightTensor.get(), c.slotTensor.get(), seq.get(),
                                 c.tableTensor.get(), c.cacheTensor.get(), layout);
        EXPECT_EQ(result.status, ACLNN_SUCCESS) << (layout ? layout : "null") << ": " << result.message;
    }
}

TEST_F(NsaCompressWithCacheApi, WritesTheDueRowAndNothingElse)
{
    DemoCall c;
    const IntArray seq({48, 40});
    const auto result = nsa_test::RunTwoPhases(
        [&](uint64_t *workspace, aclOpExecutor **executor) {
            return aclnnNsaCompressWithCacheGetWorkspaceSize(c.poolTensor.get(), c.weightTensor.get(),
                                                             c.slotTensor.get(), seq.get(), c.tableTensor.get(),
                                                             nullptr, 32, 16, 1, 16, c.cacheTensor.get(), workspace,
                                                             executor);
        },
        aclnnNsaCompressWithCache, stream_);
    ASSERT_EQ(result.status, ACLNN_SUCCESS) << result.message;
    ASSERT_EQ(aclrtSynchronizeStream(stream_), ACL_SUCCESS);
    const std::vector<aclFloat16> cache = c.cache.Read<aclFloat16>(3 * 2 * 16);
    for (size_t i = 0; i < cache.size(); ++i) {
        EXPECT_EQ(aclFloat16ToFloat(cache[i]), i / 32 == 1 ? 1.0f : 2.0f) << "element " << i;
    }
}

TEST_F(NsaCompressWithCacheApi, NothingDuePlansNoLaunchAndNoWorkspace)
{
    DemoCall c;
    for (const std::vector<int64_t> &values : {std::vector<int64_t>{47, 40}, std::vector<int64_t>{}}) {
        const IntArray seq(values);
        const auto result = Plan(c.poolTensor.get(), c.weightTensor.get(), c.slotTensor.get(), seq.get(),
                                 c.tableTensor.get(), c.cacheTensor.get());
        EXPECT_EQ(result.status, ACLNN_SUCCESS) << result.message;
        EXPECT_EQ(result.workspace, 0u);
    }
}

}  // namespace
