// aclnnNsaCompressWithCacheV2's phase-one checks (nsa_compress_with_cache_v2_checks.h): a call with
// and without the V pool is accepted, and each broken rule is refused with its documented status
// and a message naming the parameter, its value and the rule.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "acl_fixture.h"
#include "aclnn_call.h"
#include "nsa_compress_with_cache_v2_checks.h"
#include "opdev/op_errno.h"

namespace {

using nsa::with_cache::CheckedV2;
using nsa::with_cache::CheckV2Arguments;
using nsa::with_cache::V2Call;
using nsa_test::DeviceBuffer;
using nsa_test::Tensor;

constexpr size_t kPoolElements = 4 * 16 * 2 * 16;
constexpr size_t kCacheElements = 6 * 2 * 16;

// K and V pools [4, 16, 2, 16], weights [32, 2], caches [6, 2, 16]; two batches, three slot
// columns, a block table [2, 3].
struct V2Demo {
    DeviceBuffer pool{kPoolElements * 2}, weight{32 * 2 * 2}, cache{kCacheElements * 2};
    DeviceBuffer valuePool{kPoolElements * 2}, valueWeight{32 * 2 * 2}, valueCache{kCacheElements * 2};
    DeviceBuffer slots{2 * 3 * 4}, prev{2 * 8}, lengths{2 * 8}, table{2 * 3 * 4};
    Tensor poolTensor{{4, 16, 2, 16}, ACL_FLOAT16, pool.get()};
    Tensor weightTensor{{32, 2}, ACL_FLOAT16, weight.get()};
    Tensor cacheTensor{{6, 2, 16}, ACL_FLOAT16, cache.get()};
    Tensor valuePoolTensor{{4, 16, 2, 16}, ACL_FLOAT16, valuePool.get()};
    Tensor valueWeightTensor{{32, 2}, ACL_FLOAT16, valueWeight.get()};
    Tensor valueCacheTensor{{6, 2, 16}, ACL_FLOAT16, valueCache.get()};
    Tensor slotTensor{{2, 3}, ACL_INT32, slots.get()};
    Tensor prevTensor{{2}, ACL_INT64, prev.get()};
    Tensor lengthTensor{{2}, ACL_INT64, lengths.get()};
    Tensor tableTensor{{2, 3}, ACL_INT32, table.get()};

    V2Call Call(bool withValue) const
    {
        return V2Call{poolTensor.get(),  weightTensor.get(),
                      withValue ? valuePoolTensor.get() : nullptr,
                      withValue ? valueWeightTensor.get() : nullptr,
                      slotTensor.get(),  prevTensor.get(),
                      lengthTensor.get(), tableTensor.get(),
                      32,                16,
                      16,                cacheTensor.get(),
                      withValue ? valueCacheTensor.get() : nullptr};
    }
};

class NsaCompressWithCacheV2Checks : public AclFixture {};

TEST_F(NsaCompressWithCacheV2Checks, AcceptsTheKPoolAloneAndWithTheVPool)
{
    V2Demo demo;
    for (bool withValue : {false, true}) {
        CheckedV2 checked;
        ASSERT_EQ(CheckV2Arguments(demo.Call(withValue), &checked), ACLNN_SUCCESS) << nsa_test::TakeMessage();
        EXPECT_EQ(checked.batches, 2);
        EXPECT_EQ(checked.slotColumns, 3);
        EXPECT_EQ(checked.withValue, withValue);
    }
    DeviceBuffer empty(8);
    Tensor none({0}, ACL_INT64, empty.get());
    V2Call call = demo.Call(false);
    call.prevSeqLen = none.get();
    call.actSeqLen = none.get();
    CheckedV2 checked;
    EXPECT_EQ(CheckV2Arguments(call, &checked), ACLNN_SUCCESS) << nsa_test::TakeMessage();
    EXPECT_EQ(checked.batches, 0);
}

struct Refusal {
    const char *what;
    std::function<void(V2Call &)> breakCall;
    aclnnStatus status;
    std::string message;
};

void ExpectRefusals(const V2Demo &demo, const std::vector<Refusal> &refusals)
{
    for (const Refusal &refusal : refusals) {
        V2Call call = demo.Call(true);
        refusal.breakCall(call);
        CheckedV2 checked;
        EXPECT_EQ(CheckV2Arguments(call, &checked), refusal.status) << refusal.what;
        const std::string message = nsa_test::TakeMessage();
        EXPECT_NE(message.find(refusal.message), std::string::npos) << refusal.what << ": " << message;
    }
}

TEST_F(NsaCompressWithCacheV2Checks, RefusesMissingTensorsAndAPartialVSet)
{
    V2Demo demo;
    ExpectRefusals(demo, {
        {"no input", [](V2Call &c) { c.input = nullptr; }, ACLNN_ERR_PARAM_NULLPTR,
         "input must not be a null pointer."},
        {"no prevSeqLen", [](V2Call &c) { c.prevSeqLen = nullptr; }, ACLNN_ERR_PARAM_NULLPTR,
         "prevSeqLen must not be a null pointer."},
        {"no blockTable", [](V2Call &c) { c.blockTable = nullptr; }, ACLNN_ERR_PARAM_NULLPTR,
         "blockTable must not be a null pointer."},
        {"no V weight", [](V2Call &c) { c.valueWeightOptional = nullptr; }, ACLNN_ERR_PARAM_INVALID,
         "valueWeightOptional is a null pointer while another V tensor is given"},
        {"no V cache", [](V2Call &c) { c.valueCacheOptional = nullptr; }, ACLNN_ERR_PARAM_INVALID,
         "valueCacheOptional is a null pointer while another V tensor is given"},
    });
}

TEST_F(NsaCompressWithCacheV2Checks, RefusesBrokenDtypesShapesAndBatches)
{
    V2Demo demo;
    Tensor int32Lengths({2}, ACL_INT32, demo.prev.get());
    Tensor slotList({2}, ACL_INT32, demo.slots.get());
    Tensor threeLengths({3}, ACL_INT64, demo.prev.get());
    Tensor noColumns({2, 0}, ACL_INT32, demo.slots.get());
    Tensor oneSlotRow({1, 3}, ACL_INT32, demo.slots.get());
    Tensor oneTableRow({1, 3}, ACL_INT32, demo.table.get());
    Tensor widerValuePool({4, 16, 1, 16}, ACL_FLOAT16, demo.valuePool.get());
    Tensor bf16ValuePool({4, 16, 2, 16}, ACL_BF16, demo.valuePool.get());
    ExpectRefusals(demo, {
        {"INT32 lengths", [&](V2Call &c) { c.prevSeqLen = int32Lengths.get(); }, ACLNN_ERR_PARAM_INVALID,
         "prevSeqLen dtype is"},
        {"V dtype", [&](V2Call &c) { c.valueInputOptional = bf16ValuePool.get(); }, ACLNN_ERR_PARAM_INVALID,
         "valueInputOptional dtype is"},
        {"1-dim slots", [&](V2Call &c) { c.slotMapping = slotList.get(); }, ACLNN_ERR_PARAM_INVALID,
         "slotMapping"},
        {"page size", [](V2Call &c) { c.pageBlockSize = 32; }, ACLNN_ERR_PARAM_INVALID,
         "pageBlockSize is 32, it must equal the input page size P (input.shape[1]) = 16."},
        {"stride 0", [](V2Call &c) { c.compressStride = 0; }, ACLNN_ERR_PARAM_INVALID, "compressStride is 0"},
        {"V pool shape", [&](V2Call &c) { c.valueInputOptional = widerValuePool.get(); }, ACLNN_ERR_PARAM_INVALID,
         "valueInputOptional shape is [4, 16, 1, 16], it must be input's shape [4, 16, 2, 16]."},
        {"prev length", [&](V2Call &c) { c.prevSeqLen = threeLengths.get(); }, ACLNN_ERR_PARAM_INVALID,
         "prevSeqLen length (prevSeqLen.shape[0]) is 3, it must equal the batch count B=2"},
        {"no slot column", [&](V2Call &c) { c.slotMapping = noColumns.get(); }, ACLNN_ERR_PARAM_INVALID,
         "slotMapping columns (slotMapping.shape[1]) is 0, it must be at least 1"},
        {"slot rows", [&](V2Call &c) { c.slotMapping = oneSlotRow.get(); }, ACLNN_ERR_PARAM_INVALID,
         "slotMapping rows (slotMapping.shape[0]) is 1, it must be at least the batch count B=2"},
        {"table rows", [&](V2Call &c) { c.blockTable = oneTableRow.get(); }, ACLNN_ERR_PARAM_INVALID,
         "blockTable rows (blockTable.shape[0]) is 1, it must be at least the batch count B=2"},
    });
}

TEST_F(NsaCompressWithCacheV2Checks, RefusesCachesThatMeetEachOtherOrAnInputOrCannotBeWrittenInPlace)
{
    V2Demo demo;
    Tensor cacheOnKCache({6, 2, 16}, ACL_FLOAT16, demo.cache.get());
    Tensor cacheOnPool({6, 2, 16}, ACL_FLOAT16, demo.valuePool.get());
    Tensor sharedRows({6, 2, 16}, ACL_FLOAT16, demo.valueCache.get(), {0, 16, 1});
    DeviceBuffer spread(6 * 64 * 2);
    Tensor everySecondElement({6, 2, 16}, ACL_FLOAT16, spread.get(), {64, 32, 2}, 0, 6 * 64);
    ExpectRefusals(demo, {
        {"V cache on K cache", [&](V2Call &c) { c.valueCacheOptional = cacheOnKCache.get(); },
         ACLNN_ERR_PARAM_INVALID, "outputCache overlaps valueCacheOptional"},
        {"V cache on V pool", [&](V2Call &c) { c.valueCacheOptional = cacheOnPool.get(); }, ACLNN_ERR_PARAM_INVALID,
         "valueCacheOptional overlaps valueInputOptional"},
        {"V cache rows shared", [&](V2Call &c) { c.valueCacheOptional = sharedRows.get(); },
         ACLNN_ERR_PARAM_INVALID,
         "valueCacheOptional is a view of shape [6, 2, 16] with strides [0, 16, 1] whose elements share addresses"},
        {"V cache innermost stride 2", [&](V2Call &c) { c.valueCacheOptional = everySecondElement.get(); },
         ACLNN_ERR_PARAM_INVALID,
         "valueCacheOptional is a view of shape [6, 2, 16] with strides [64, 32, 2] that the op cannot update in "
         "place"},
    });
}

}  // namespace
