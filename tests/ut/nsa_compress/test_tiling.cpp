// Tiling of NsaCompress as the framework calls it: the registered tiling function on contexts the
// simulator builds (gert::TilingContext from a sim::OpCall on a modeled SoC), and the estimate's
// constants against the simulator's calibration. Needs the simulator; the split and the UB plan
// alone are tested in test_split.cpp and test_ub_plan.cpp.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ascend910b_rates.h"
#include "nsa_compress_tiling.h"
#include "nsa_compress_ub_plan.h"
#include "register/op_impl_registry.h"
#include "sim/op_impl.h"
#include "sim/soc_spec.h"
#include "sim/timing_constants.h"

namespace {

TEST(NsaCompressTiling, EstimateUsesTheCalibratedVectorLatencyAndHbm)
{
    // The rates the split and UB plan tests take for ascend910b are the simulator's.
    const sim::SocSpec &soc = *sim::FindSoc("ascend910b");
    EXPECT_EQ(soc.vectorCoreNum, nsa_test::kCores910b);
    EXPECT_EQ(soc.ubBytes, nsa_test::kUb910b);
    EXPECT_EQ(soc.gmReadBytesPerCycle, static_cast<double>(nsa_test::kHbmReadBytesPerCycle910b));
    EXPECT_EQ(nsa::compress::kVectorResultCycles, sim::FittedTimingConstants().vectorIssueCycles);
    EXPECT_EQ(nsa::compress::kCopyRequestBytes, sim::FittedTimingConstants().hbmBytesPerCopy);
    const sim::SocSpec &b2 = *sim::FindSoc("Ascend910B2");
    const double b2HbmBytesPerCycle = b2.hbmBytesPerSecond * sim::FittedTimingConstants().hbmEfficiency / b2.clockHz;
    EXPECT_NEAR(nsa::compress::kChipHbmBytesPerCycle, b2HbmBytesPerCycle, 1.0);
    // 48 cores share it: less than one core's own rate.
    EXPECT_DOUBLE_EQ(nsa::compress::MakeCoreRates(48, 196608, 32).hbmBytesPerCycle, 888.0 / 48);
    EXPECT_DOUBLE_EQ(nsa::compress::MakeCoreRates(8, 196608, 32).hbmBytesPerCycle, 32.0);
}

// The registered tiling function, called the way the framework calls it.
class TilingFunction : public ::testing::Test {
protected:
    // `capacity` 0: the tiling capacity the op registered.
    ge::graphStatus Run(int64_t t, int64_t n, int64_t d, int64_t l, int64_t s, std::vector<int64_t> seq,
                        int64_t seqType = 0, ge::DataType dtype = ge::DT_FLOAT16, size_t capacity = 0)
    {
        return RunLayout("TND", {t, n, d}, n, d, l, s, std::move(seq), seqType, dtype, capacity);
    }

    // A contiguous input of `inputShape` in `layout`, with N heads of D.
    ge::graphStatus RunLayout(const std::string &layout, gert::Shape inputShape, int64_t n, int64_t d, int64_t l,
                              int64_t s, std::vector<int64_t> seq, int64_t seqType = 0,
                              ge::DataType dtype = ge::DT_FLOAT16, size_t capacity = 0)
    {
        seq_ = std::move(seq);
        sim::OpCall call;
        call.opType = "NsaCompress";
        auto arg = [](gert::Shape shape, ge::DataType dt, const void *data) {
            sim::TensorArg a;
            a.present = true;
            a.tensor = gert::Tensor(gert::StorageShape(shape, shape), dt, ge::FORMAT_ND, data);
            return a;
        };
        call.inputs = {arg(inputShape, dtype, nullptr), arg({l, n}, dtype, nullptr),
                       arg({static_cast<int64_t>(seq_.size())}, ge::DT_INT64, seq_.data())};
        // The output the aclnn layer would allocate: K counted window by window.
        int64_t rows = 0;
        int64_t start = 0;
        for (int64_t value : seq_) {
            const int64_t end = seqType == 0 ? value : start + value;
            for (int64_t first = start; first + l <= end; first += s) {
                ++rows;
            }
            start = end;
        }
        call.outputs = {arg({rows, n, d}, dtype, nullptr)};
        call.attrs = gert::RuntimeAttrs();
        call.attrs.Append(layout);
        call.attrs.Append(l);
        call.attrs.Append(s);
        call.attrs.Append(seqType);
        call_ = call;
        const sim::OpImpl *impl = sim::FindOpImpl("NsaCompress");
        EXPECT_NE(impl, nullptr);
        context_ = std::make_unique<gert::TilingContext>(call_, *sim::FindSoc("ascend910b"),
                                                         capacity == 0 ? impl->maxTilingDataSize : capacity);
        const ge::graphStatus status = impl->tiling(context_.get());
        if (status == ge::GRAPH_SUCCESS) {
            std::memcpy(&tiling_, context_->GetRawTilingData()->GetData(), sizeof(tiling_));
        }
        return status;
    }

    std::vector<int64_t> seq_;
    sim::OpCall call_;
    std::unique_ptr<gert::TilingContext> context_;
    NsaCompressTilingData tiling_;
};

TEST_F(TilingFunction, FillsTheTilingDataForOneLongSequence)
{
    ASSERT_EQ(Run(16384, 4, 128, 32, 16, {16384}), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.outputRows, 1023u);
    // A contiguous [16384, 4, 128] input packs its sequences; the output is [1023, 4, 128].
    EXPECT_EQ(tiling_.inputBatchStride, 0u);
    EXPECT_EQ(tiling_.inputStartStride, 512u);
    EXPECT_EQ(tiling_.inputTokenStride, 512u);
    EXPECT_EQ(tiling_.inputHeadStride, 128u);
    EXPECT_EQ(tiling_.inputExtent, 16384u * 512u);
    EXPECT_EQ(tiling_.weightRowStride, 4u);
    EXPECT_EQ(tiling_.weightExtent, 32u * 4u);
    EXPECT_EQ(tiling_.outputRowStride, 512u);
    EXPECT_EQ(tiling_.outputHeadStride, 128u);
    EXPECT_EQ(tiling_.outputExtent, 1023u * 512u);
    // What the kernel rebuilds its UB layout from (nsa_compress_ub_layout.h).
    EXPECT_EQ(tiling_.ubBytes, 196608u);
    EXPECT_EQ(tiling_.headGroupSize % tiling_.headChunkSize, 0u);
    EXPECT_TRUE(tiling_.laneNum == 1 || tiling_.laneNum == 2);
    EXPECT_TRUE(nsa::compress::MakeUbLayout(128, 32, 16, tiling_.headChunkSize, 2, tiling_.ubBytes,
                                                  tiling_.laneNum).fits);
    EXPECT_EQ(context_->GetBlockDim(), tiling_.usedCoreNum);
    EXPECT_LE(tiling_.usedCoreNum, 48u);
    EXPECT_EQ(context_->GetTilingKey(), 0u);
    EXPECT_EQ(context_->GetRawTilingData()->GetDataSize(), sizeof(NsaCompressTilingData));
    EXPECT_EQ(context_->GetWorkspaceNum(), 1u);
    uint64_t total = 0;
    for (uint32_t c = 0; c < tiling_.usedCoreNum; ++c) {
        total += tiling_.coreOutputCount[c];
    }
    EXPECT_EQ(total, 1023u * (4 / tiling_.headGroupSize));
}

TEST_F(TilingFunction, PayloadFitsTheCapacityTheOpRegisters)
{
    const sim::OpImpl *impl = sim::FindOpImpl("NsaCompress");
    ASSERT_NE(impl, nullptr);
    EXPECT_EQ(impl->maxTilingDataSize, 2048u) << "CANN's default tiling capacity";
    EXPECT_LE(sizeof(NsaCompressTilingData), impl->maxTilingDataSize);
    ASSERT_EQ(Run(16384, 4, 128, 32, 16, {16384}), ge::GRAPH_SUCCESS);
    EXPECT_EQ(context_->GetRawTilingData()->GetDataSize(), sizeof(NsaCompressTilingData));
}

TEST_F(TilingFunction, FailsWhenThePayloadDoesNotFitTheTilingBuffer)
{
    EXPECT_EQ(Run(16384, 4, 128, 32, 16, {16384}, 0, ge::DT_FLOAT16, sizeof(NsaCompressTilingData) - 1),
              ge::GRAPH_FAILED);
}

TEST_F(TilingFunction, Bf16SelectsItsKernel)
{
    ASSERT_EQ(Run(64, 2, 16, 16, 16, {64}, 0, ge::DT_BF16), ge::GRAPH_SUCCESS);
    EXPECT_EQ(context_->GetTilingKey(), 1u);
}

TEST_F(TilingFunction, LengthsAreConvertedToEnds)
{
    ASSERT_EQ(Run(96, 1, 16, 32, 16, {32, 0, 64}, 1), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.outputRows, 1u + 3u);
}

TEST_F(TilingFunction, NoOutputsLaunchOneIdleCore)
{
    ASSERT_EQ(Run(40, 2, 16, 32, 16, {10, 40}), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.outputRows, 0u);
    EXPECT_EQ(tiling_.usedCoreNum, 0u);
    EXPECT_EQ(context_->GetBlockDim(), 1u);
}

// Strides the kernel only adds to 64-bit offsets take any value: a batch 2^31 elements (2^32 bytes,
// past DataCopyPad's 32-bit gaps) from the next, or heads as far apart.
TEST_F(TilingFunction, BatchAndHeadStridesPast32BitGapsAreWalkedInPlace)
{
    const uint64_t twoTo31 = uint64_t{1} << 31;
    ASSERT_EQ(RunLayout("BSND", {2, 131072, 128, 128}, 128, 128, 32, 16, {131072, 131072}, 1), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.inputBatchStride, twoTo31);
    EXPECT_EQ(tiling_.inputTokenStride, 128u * 128u);
    EXPECT_EQ(tiling_.inputExtent, 2 * twoTo31);
    EXPECT_EQ(tiling_.outputRows, 2u * 8191u);
    ASSERT_EQ(RunLayout("BSH", {2, 131072, 128 * 128}, 128, 128, 32, 16, {100, 131072}, 1), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.inputBatchStride, twoTo31);
    ASSERT_EQ(RunLayout("BNSD", {1, 2, 8388608, 256}, 2, 256, 128, 128, {8388608}, 1), ge::GRAPH_SUCCESS);
    EXPECT_EQ(tiling_.inputHeadStride, twoTo31);
    EXPECT_EQ(tiling_.inputTokenStride, 256u);
}

TEST_F(TilingFunction, RefusesArgumentsTheKernelCannotRun)
{
    EXPECT_EQ(Run(64, 2, 16, 32, 48, {64}), ge::GRAPH_FAILED) << "stride > block";
    EXPECT_EQ(Run(64, 2, 20, 32, 16, {64}), ge::GRAPH_FAILED) << "D not a multiple of 16";
    EXPECT_EQ(Run(64, 2, 16, 32, 16, {65}), ge::GRAPH_FAILED) << "sequences past T";
    EXPECT_EQ(Run(64, 129, 16, 32, 16, {64}), ge::GRAPH_FAILED) << "N > 128";
    EXPECT_EQ(Run(64, 2, 16, 32, 16, {64}, 2), ge::GRAPH_FAILED) << "unknown sequence type";
}

}  // namespace
