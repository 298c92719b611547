// aclnnNsaCompressWithCacheV2 end to end on the simulator: both phases and the kernel, for a decode
// step, a prefill from prev = 0, K and V, duplicate rows, a -1 slot and a bad page id, each cache
// compared bit for bit with a reference computed here by the contract's loop
// (docs/aclnnNsaCompressWithCacheV2.md, "What it computes"): every window ending in (prev, L],
// the k-th into row slotMapping[b, k], the last in (batch, k) order taking a row, fp32 products and
// sums in ascending j from +0, one round to nearest even. Rows no window writes keep their bits.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "acl_fixture.h"
#include "aclnn_call.h"
#include "aclnn_nsa_compress_with_cache_v2.h"
#include "dtype_bits.h"

namespace {

using nsa_test::DeviceBuffer;
using nsa_test::FromBits;
using nsa_test::Tensor;
using nsa_test::ToBits;

struct Step {
    aclDataType dtype = ACL_FLOAT16;
    int64_t heads = 2;
    int64_t dim = 16;
    int64_t l = 32;
    int64_t d = 16;
    int64_t pageSize = 16;
    int64_t pages = 16;
    int64_t width = 6;   // W, block-table columns
    int64_t rows = 12;   // R, cache rows
    int64_t columns = 1; // S, slot columns
    std::vector<int64_t> prev;
    std::vector<int64_t> act;
    std::vector<int32_t> slots;   // [B, S]
    std::vector<int32_t> table;   // [B, W]; empty: page b * W + c, wrapped into the pool
    bool withValue = false;
};

// Values that are exact in both dtypes' neighbourhoods: random fp32 rounded to the dtype.
std::vector<uint16_t> RandomBits(size_t count, aclDataType dtype, std::mt19937 *rng)
{
    std::uniform_real_distribution<float> value(-2.0f, 2.0f);
    std::vector<uint16_t> bits(count);
    for (auto &b : bits) {
        b = ToBits(value(*rng), dtype);
    }
    return bits;
}

std::vector<int32_t> TableOf(const Step &step)
{
    if (!step.table.empty()) {
        return step.table;
    }
    std::vector<int32_t> table(step.act.size() * step.width);
    for (size_t i = 0; i < table.size(); ++i) {
        table[i] = static_cast<int32_t>((i * 5 + 3) % step.pages);   // pages out of order
    }
    return table;
}

// A writing window: batch, first token, cache row.
struct Writer {
    size_t batch;
    int64_t start;
    int64_t row;
};

// The windows the contract says write, found by trying every window of every batch.
std::vector<Writer> Writers(const Step &step, const std::vector<int32_t> &table)
{
    std::vector<Writer> named;
    for (size_t b = 0; b < step.act.size(); ++b) {
        if (step.prev[b] < 0 || step.act[b] < step.prev[b]) {
            continue;
        }
        int64_t k = 0;
        for (int64_t i = 0; i * step.d + step.l <= step.act[b]; ++i) {
            if (i * step.d + step.l <= step.prev[b]) {
                continue;
            }
            const int64_t slot = k < step.columns ? step.slots[b * step.columns + k] : -1;
            if (slot >= 0 && slot < step.rows) {
                named.push_back({b, i * step.d, slot});
            }
            ++k;
        }
    }
    std::map<int64_t, size_t> lastOfRow;
    for (size_t n = 0; n < named.size(); ++n) {
        lastOfRow[named[n].row] = n;
    }
    std::vector<Writer> writers;
    for (size_t n = 0; n < named.size(); ++n) {
        bool inside = true;
        for (int64_t t = named[n].start; t < named[n].start + step.l; ++t) {
            const int64_t column = t / step.pageSize;
            const int64_t page = column < step.width ? table[named[n].batch * step.width + column] : -1;
            inside = inside && page >= 0 && page < step.pages;
        }
        if (lastOfRow[named[n].row] == n && inside) {
            writers.push_back(named[n]);
        }
    }
    return writers;
}

// The cache after the step, by the contract's loop.
std::vector<uint16_t> Reference(const Step &step, const std::vector<int32_t> &table, const std::vector<uint16_t> &pool,
                                const std::vector<uint16_t> &weight, std::vector<uint16_t> cache)
{
    const int64_t rowElements = step.heads * step.dim;
    for (const Writer &w : Writers(step, table)) {
        for (int64_t n = 0; n < step.heads; ++n) {
            for (int64_t e = 0; e < step.dim; ++e) {
                float acc = 0.0f;
                for (int64_t j = 0; j < step.l; ++j) {
                    const int64_t t = w.start + j;
                    const int64_t page = table[w.batch * step.width + t / step.pageSize];
                    const size_t at = ((page * step.pageSize + t % step.pageSize) * step.heads + n) * step.dim + e;
                    const float product =
                        FromBits(weight[j * step.heads + n], step.dtype) * FromBits(pool[at], step.dtype);
                    acc = acc + product;
                }
                cache[w.row * rowElements + n * step.dim + e] = ToBits(acc, step.dtype);
            }
        }
    }
    return cache;
}

class NsaCompressWithCacheV2Run : public AclFixture {
protected:
    // Runs `step` on random pools, weights and caches and compares each cache with the reference;
    // returns what the run printed to stderr (the kernel's skip reports).
    std::string Check(const Step &step)
    {
        std::mt19937 rng(static_cast<unsigned>(step.act.size() * 7 + step.columns));
        const int64_t batches = static_cast<int64_t>(step.act.size());
        const std::vector<int64_t> poolShape{step.pages, step.pageSize, step.heads, step.dim};
        const size_t poolElements = static_cast<size_t>(step.pages * step.pageSize * step.heads * step.dim);
        const size_t cacheElements = static_cast<size_t>(step.rows * step.heads * step.dim);
        const std::vector<int32_t> table = TableOf(step);
        const int pools = step.withValue ? 2 : 1;
        std::vector<std::vector<uint16_t>> poolBits, weightBits, cacheBits;
        for (int p = 0; p < pools; ++p) {
            poolBits.push_back(RandomBits(poolElements, step.dtype, &rng));
            weightBits.push_back(RandomBits(static_cast<size_t>(step.l * step.heads), step.dtype, &rng));
            cacheBits.push_back(RandomBits(cacheElements, step.dtype, &rng));
        }
        std::vector<std::unique_ptr<DeviceBuffer>> buffers;
        std::vector<std::unique_ptr<Tensor>> pool, weight, cache;
        for (int p = 0; p < pools; ++p) {
            buffers.push_back(std::make_unique<DeviceBuffer>(poolBits[p]));
            pool.push_back(std::make_unique<Tensor>(poolShape, step.dtype, buffers.back()->get()));
            buffers.push_back(std::make_unique<DeviceBuffer>(weightBits[p]));
            weight.push_back(std::make_unique<Tensor>(std::vector<int64_t>{step.l, step.heads}, step.dtype,
                                                      buffers.back()->get()));
            buffers.push_back(std::make_unique<DeviceBuffer>(cacheBits[p]));
            cache.push_back(std::make_unique<Tensor>(std::vector<int64_t>{step.rows, step.heads, step.dim}, step.dtype,
                                                     buffers.back()->get()));
        }
        DeviceBuffer slotData(step.slots), prevData(step.prev), actData(step.act), tableData(table);
        Tensor slots({batches, step.columns}, ACL_INT32, slotData.get());
        Tensor prev({batches}, ACL_INT64, prevData.get());
        Tensor act({batches}, ACL_INT64, actData.get());
        Tensor blockTable({batches, step.width}, ACL_INT32, tableData.get());
        const auto plan = [&](uint64_t *workspaceSize, aclOpExecutor **executor) {
            return aclnnNsaCompressWithCacheV2GetWorkspaceSize(
                pool[0]->get(), weight[0]->get(), step.withValue ? pool[1]->get() : nullptr,
                step.withValue ? weight[1]->get() : nullptr, slots.get(), prev.get(), act.get(), blockTable.get(),
                step.l, step.d, step.pageSize, cache[0]->get(), step.withValue ? cache[1]->get() : nullptr,
                workspaceSize, executor);
        };
        testing::internal::CaptureStderr();
        const nsa_test::CallResult result = nsa_test::RunTwoPhases(plan, aclnnNsaCompressWithCacheV2, stream_);
        const aclError synchronized = aclrtSynchronizeStream(stream_);
        const std::string printed = testing::internal::GetCapturedStderr();
        EXPECT_EQ(result.status, ACLNN_SUCCESS) << result.message;
        EXPECT_EQ(synchronized, ACL_SUCCESS);
        EXPECT_FALSE(Writers(step, table).empty()) << "a case must write something";
        for (int p = 0; p < pools; ++p) {
            const std::vector<uint16_t> want = Reference(step, table, poolBits[p], weightBits[p], cacheBits[p]);
            const size_t bufferOfCache = static_cast<size_t>(p) * 3 + 2;
            EXPECT_EQ(buffers[bufferOfCache]->Read<uint16_t>(cacheElements), want) << "pool " << p;
        }
        return printed;
    }
};

// How often `text` occurs in `printed`.
size_t Occurrences(const std::string &printed, const std::string &text)
{
    size_t count = 0;
    for (size_t at = printed.find(text); at != std::string::npos; at = printed.find(text, at + 1)) {
        ++count;
    }
    return count;
}

TEST_F(NsaCompressWithCacheV2Run, DecodeStep)
{
    Step step;
    step.prev = {31, 47, 39, 63};
    step.act = {32, 48, 40, 64};   // batch 2 completes no window
    step.slots = {3, 0, 5, 7};
    Check(step);
}

TEST_F(NsaCompressWithCacheV2Run, PrefillFromZeroBf16)
{
    Step step;
    step.dtype = ACL_BF16;
    step.heads = 3;
    step.dim = 32;
    step.l = 48;
    step.d = 32;
    step.columns = 4;
    step.prev = {0, 0};
    step.act = {96, 140};   // windows ending at 48, 80 (batch 0); 48, 80, 112 (batch 1)
    step.slots = {0, 1, 2, 3, 4, 5, 6, 7};
    step.width = 9;
    Check(step);
}

TEST_F(NsaCompressWithCacheV2Run, KeyAndValueIntoTheSameRows)
{
    Step step;
    step.withValue = true;
    step.columns = 3;
    step.prev = {20, 60};
    step.act = {70, 96};   // ends 32, 48, 64 (batch 0); 64, 80, 96 (batch 1)
    step.slots = {1, 2, 3, 4, 5, 6};
    Check(step);
}

TEST_F(NsaCompressWithCacheV2Run, DuplicateRowsNegativeSlotsAndABadPage)
{
    Step step;
    step.columns = 3;
    step.prev = {0, 0, 0, -1, 50};
    step.act = {64, 64, 48, 64, 40};   // batch 3 has a broken pair, batch 4 too (L < prev)
    // Batch 0 names row 2 twice, then row 9; batch 1 row 9 again (it takes it), -1, and row 11
    // with a bad page (the row keeps its bits); batch 2 rows 4 and 2 (it takes row 2 from batch 0).
    step.slots = {2, 2, 9, 9, -1, 11, 4, 2, 0, 1, 1, 1, 3, 3, 3};
    std::vector<int32_t> table(5 * step.width);
    for (size_t i = 0; i < table.size(); ++i) {
        table[i] = static_cast<int32_t>(i % step.pages);
    }
    table[1 * step.width + 3] = static_cast<int32_t>(step.pages);   // batch 1's last window: a bad page
    step.table = table;
    const std::string printed = Check(step);
    // Each skip reported once; a negative slot and a claimed row are not reported.
    EXPECT_EQ(Occurrences(printed, "batch 3 skipped: prevSeqLen[3] = -1 and actSeqLen[3] = 64"), 1u) << printed;
    EXPECT_EQ(Occurrences(printed, "batch 4 skipped: prevSeqLen[4] = 50 and actSeqLen[4] = 40"), 1u) << printed;
    EXPECT_EQ(Occurrences(printed, "blockTable[1][3] = 16 is not a page of the pool [0, 16)"), 1u) << printed;
    EXPECT_EQ(Occurrences(printed, "skipped"), 3u) << printed;
}

TEST_F(NsaCompressWithCacheV2Run, ManyBatchesThroughSeveralLengthChunks)
{
    // 300 decode batches: the kernel reads the lengths a chunk of batches at a time, so the walk
    // and the row claims cross chunk boundaries; rows named twice far apart go to the later batch.
    Step step;
    step.width = 4;
    step.rows = 400;
    for (int32_t b = 0; b < 300; ++b) {
        const int64_t length = b % 2 == 0 ? 48 : 40;   // the even batches complete a window (l = 32, d = 16)
        step.prev.push_back(length - 1);
        step.act.push_back(length);
        step.slots.push_back(b % 40 == 0 ? 7 : b + 20);   // row 7: batches 0, 40, ..., 280 (280 takes it)
    }
    Check(step);
}

TEST_F(NsaCompressWithCacheV2Run, ALaterWindowOfTheBatchTakesTheRowOnAnyLane)
{
    // 50 windows, more than a head chunk has lanes, so windows 1 and 48 lie on different cores:
    // window 48 names window 1's row and takes it, whichever core runs first.
    Step step;
    step.l = 16;
    step.d = 16;
    step.pages = 52;
    step.width = 50;
    step.rows = 60;
    step.columns = 50;
    step.prev = {0};
    step.act = {800};
    for (int32_t k = 0; k < 50; ++k) {
        step.slots.push_back(k == 48 ? 1 : k + 2);
    }
    Check(step);
}

TEST_F(NsaCompressWithCacheV2Run, MoreWindowsThanColumnsAndATableTooNarrow)
{
    Step step;
    step.columns = 2;
    step.width = 3;   // 48 tokens of pages: windows past them skip
    step.prev = {40, 0};
    step.act = {64, 64};   // batch 0: its second window is past W; batch 1 (the last): its third has no column
    step.slots = {0, 1, 2, 3};
    const std::string printed = Check(step);
    EXPECT_EQ(Occurrences(printed, "batch 1: windows k = 2 .. 2 skipped: slotMapping has 2 columns"), 1u) << printed;
    EXPECT_EQ(Occurrences(printed, "it needs blockTable[0][3], past the table's 3 columns"), 1u) << printed;
    EXPECT_EQ(Occurrences(printed, "skipped"), 2u) << printed;
}

// Tensors of one small step, for the entry's own answers (no kernel result is compared).
struct SmallStep {
    Step step;
    DeviceBuffer poolData{static_cast<size_t>(16 * 16 * 2 * 16) * 2};
    DeviceBuffer weightData{static_cast<size_t>(32 * 2) * 2};
    DeviceBuffer cacheData{static_cast<size_t>(12 * 2 * 16) * 2};
    DeviceBuffer indexData{64};
    Tensor pool{{16, 16, 2, 16}, ACL_FLOAT16, poolData.get()};
    Tensor weight{{32, 2}, ACL_FLOAT16, weightData.get()};
    Tensor cache{{12, 2, 16}, ACL_FLOAT16, cacheData.get()};

    aclnnStatus Plan(const Tensor &slots, const Tensor &lengths, const Tensor &table, const aclTensor *valueWeight,
                     uint64_t *workspace, aclOpExecutor **executor) const
    {
        return aclnnNsaCompressWithCacheV2GetWorkspaceSize(pool.get(), weight.get(), nullptr, valueWeight, slots.get(),
                                                           lengths.get(), lengths.get(), table.get(), step.l, step.d,
                                                           step.pageSize, cache.get(), nullptr, workspace, executor);
    }
};

TEST_F(NsaCompressWithCacheV2Run, NoBatchLaunchesNothing)
{
    SmallStep call;
    Tensor slots({0, 1}, ACL_INT32, call.indexData.get());
    Tensor lengths({0}, ACL_INT64, call.indexData.get());
    Tensor table({0, 2}, ACL_INT32, call.indexData.get());
    uint64_t workspace = 7;
    aclOpExecutor *executor = nullptr;
    ASSERT_EQ(call.Plan(slots, lengths, table, nullptr, &workspace, &executor), ACLNN_SUCCESS)
        << nsa_test::TakeMessage();
    EXPECT_EQ(workspace, 0u);
    EXPECT_EQ(aclnnNsaCompressWithCacheV2(nullptr, 0, executor, stream_), ACLNN_SUCCESS);
}

TEST_F(NsaCompressWithCacheV2Run, RefusalsNameTheParameter)
{
    SmallStep call;
    Tensor slots({1, 1}, ACL_INT32, call.indexData.get());
    Tensor lengths({1}, ACL_INT64, call.indexData.get());
    Tensor table({1, 2}, ACL_INT32, call.indexData.get());
    uint64_t workspace = 0;
    aclOpExecutor *executor = nullptr;
    nsa_test::TakeMessage();
    // The null output pointers: the framework's phase-one check (L2_DFX_PHASE_1), before the op's.
    EXPECT_EQ(call.Plan(slots, lengths, table, nullptr, &workspace, nullptr), ACLNN_ERR_PARAM_NULLPTR);
    EXPECT_NE(nsa_test::TakeMessage().find("executor"), std::string::npos);
    EXPECT_EQ(call.Plan(slots, lengths, table, nullptr, nullptr, &executor), ACLNN_ERR_PARAM_NULLPTR);
    EXPECT_NE(nsa_test::TakeMessage().find("workspaceSize"), std::string::npos);
    // The V weight without the V pool and cache: the phase-one checks' rule.
    EXPECT_EQ(call.Plan(slots, lengths, table, call.weight.get(), &workspace, &executor), ACLNN_ERR_PARAM_INVALID);
    EXPECT_NE(nsa_test::TakeMessage().find("valueInputOptional is a null pointer"), std::string::npos);
}

}  // namespace
