// libFuzzer differential target: aclnnNsaCompressGrad on legal calls (any layout, strided views
// inside larger storages, actSeqLen of either type or none, l and d within the rules, either
// dtype, a random SoC of the simulator's table), inputGrad and weightGrad compared bit for bit
// with a golden computed here in integers. The values are multiples of 1/8 small enough that every
// sum is exact (exact_values.h): outputGrad holds at most kNonzeroPerHead nonzero values per head,
// which bounds weightGrad's K * D terms. Storage outside the output views holds canaries, the
// views' elements a NaN until written, the batched layouts' padding tokens a NaN; after the call
// the outputs' storages must hold the golden inside the views and the canaries outside, and the
// inputs' storages must be untouched.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>
#include <vector>

#include "aclnn_fuzz_tensors.h"
#include "aclnn_nsa_compress_grad.h"
#include "device_view.h"
#include "exact_values.h"
#include "opdev/op_errno.h"
#include "random_soc.h"
#include "sequence_layout.h"
#include "strided_view.h"

namespace {

using nsa_fuzz::DeviceView;
using nsa_fuzz::SequenceLayout;

constexpr uint16_t kNaN = 0x7FFF;        // a NaN in both dtypes: unwritten outputs, padding tokens
constexpr int64_t kNonzeroPerHead = 32;  // weightGrad: 32 terms of |dy| <= 2/8 and |x| <= 4/8
constexpr int64_t kGradLimit = 2;
constexpr int64_t kMaxCoveringWindows = 8;   // ceil(l / d) with l <= 128, d >= 16

struct Values {
    std::vector<int64_t> dy, x, w;   // in eighths, row-major over each tensor's dims
};

// Fills the views of outputGrad (sparse), input (padding NaN) and weight, returning the values.
Values Fill(const SequenceLayout &g, DeviceView &dy, DeviceView &x, DeviceView &w, aclDataType dtype,
            nsa_fuzz::ValueSource &source)
{
    Values v{std::vector<int64_t>(dy.View().Elements(), 0), std::vector<int64_t>(x.View().Elements(), 0), {}};
    for (int64_t n = 0; n < g.heads && g.Windows() > 0; ++n) {
        for (int64_t i = 0; i < kNonzeroPerHead; ++i) {
            const int64_t o = source.Next() % g.Windows(), e = source.Next() % g.headDim;
            v.dy[dy.View().FlatIndex({o, n, e})] = source.Signed(kGradLimit);
        }
    }
    for (int64_t flat = 0; flat < dy.View().Elements(); ++flat) {
        dy.AtFlat(flat) = nsa_fuzz::EncodeSixtyFourths(nsa_fuzz::kUnitsPerValue * v.dy[flat], dtype);
    }
    const int64_t inputLimit = nsa_fuzz::FactorLimit(kNonzeroPerHead, kGradLimit);
    for (int64_t b = 0; b < static_cast<int64_t>(g.lengths.size()); ++b) {
        for (int64_t t = 0; t < g.Slots(b); ++t) {
            for (int64_t n = 0; n < g.heads; ++n) {
                for (int64_t e = 0; e < g.headDim; ++e) {
                    const std::vector<int64_t> position = g.InputPosition(b, t, n, e);
                    const int64_t a = t < g.lengths[b] ? source.Signed(inputLimit) : 0;
                    v.x[x.View().FlatIndex(position)] = a;
                    x.At(position) = t < g.lengths[b] ? nsa_fuzz::EncodeSixtyFourths(nsa_fuzz::kUnitsPerValue * a, dtype)
                                                      : kNaN;
                }
            }
        }
    }
    const int64_t weightLimit = nsa_fuzz::FactorLimit(kMaxCoveringWindows, kGradLimit);
    for (int64_t j = 0; j < g.blockSize; ++j) {
        for (int64_t n = 0; n < g.heads; ++n) {
            v.w.push_back(source.Signed(weightLimit));
            w.At({j, n}) = nsa_fuzz::EncodeSixtyFourths(nsa_fuzz::kUnitsPerValue * v.w.back(), dtype);
        }
    }
    return v;
}

// inputGrad's storage as the call must leave it: every slot of the input (padding +0) written.
std::vector<uint16_t> InputGradGolden(const SequenceLayout &g, const DeviceView &dy, const Values &v,
                                      const DeviceView &inputGrad, aclDataType dtype)
{
    std::vector<uint16_t> expected = inputGrad.Host();
    for (int64_t b = 0; b < static_cast<int64_t>(g.lengths.size()); ++b) {
        for (int64_t t = 0; t < g.Slots(b); ++t) {
            for (int64_t n = 0; n < g.heads; ++n) {
                for (int64_t e = 0; e < g.headDim; ++e) {
                    int64_t sum = 0;   // in 1/64
                    for (int64_t o = 0; o < g.Windows(); ++o) {
                        const int64_t j = t - g.windowStart[o];
                        if (g.windowSequence[o] == b && j >= 0 && j < g.blockSize) {
                            sum += v.w[j * g.heads + n] * v.dy[dy.View().FlatIndex({o, n, e})];
                        }
                    }
                    expected[inputGrad.View().StorageIndex(g.InputPosition(b, t, n, e))] =
                        nsa_fuzz::EncodeSixtyFourths(sum, dtype);
                }
            }
        }
    }
    return expected;
}

std::vector<uint16_t> WeightGradGolden(const SequenceLayout &g, const DeviceView &dy, const DeviceView &x,
                                       const Values &v, const DeviceView &weightGrad, aclDataType dtype)
{
    std::vector<uint16_t> expected = weightGrad.Host();
    for (int64_t j = 0; j < g.blockSize; ++j) {
        for (int64_t n = 0; n < g.heads; ++n) {
            int64_t sum = 0;   // in 1/64
            for (int64_t o = 0; o < g.Windows(); ++o) {
                for (int64_t e = 0; e < g.headDim; ++e) {
                    const std::vector<int64_t> at = g.InputPosition(g.windowSequence[o], g.windowStart[o] + j, n, e);
                    sum += v.dy[dy.View().FlatIndex({o, n, e})] * v.x[x.View().FlatIndex(at)];
                }
            }
            expected[weightGrad.View().StorageIndex({j, n})] = nsa_fuzz::EncodeSixtyFourths(sum, dtype);
        }
    }
    return expected;
}

void RunCall(const SequenceLayout &g, DeviceView *tensors[5], aclrtStream stream)
{
    aclIntArray *seq = g.nullList ? nullptr : aclCreateIntArray(g.actSeqLen.data(), g.actSeqLen.size());
    std::string layout = g.Name();
    uint64_t workspaceSize = 0;
    aclOpExecutor *executor = nullptr;
    const aclnnStatus status = aclnnNsaCompressGradGetWorkspaceSize(tensors[0]->Upload(), tensors[1]->Upload(),
        tensors[2]->Upload(), seq, g.blockSize, g.stride, g.seqType, layout.data(), tensors[3]->Upload(),
        tensors[4]->Upload(), &workspaceSize, &executor);
    if (status != ACLNN_SUCCESS) {
        nsa_fuzz::Fail("a legal call was refused", status, aclGetRecentErrMsg());
    }
    void *workspace = nullptr;
    if (workspaceSize > 0 && aclrtMalloc(&workspace, workspaceSize, ACL_MEM_MALLOC_HUGE_FIRST) != ACL_SUCCESS) {
        nsa_fuzz::Mismatch("the workspace could not be allocated");
    }
    const aclnnStatus run = aclnnNsaCompressGrad(workspace, workspaceSize, executor, stream);
    if (run != ACLNN_SUCCESS || aclrtSynchronizeStream(stream) != ACL_SUCCESS) {
        nsa_fuzz::Fail("a legal call failed in phase two", run, aclGetRecentErrMsg());
    }
    aclrtFree(workspace);
    aclDestroyIntArray(seq);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    static nsa_fuzz::Environment env;
    FuzzedDataProvider data(bytes, size);
    const SequenceLayout g = nsa_fuzz::DrawSequenceLayout(data);
    const aclDataType dtype = data.ConsumeBool() ? ACL_FLOAT16 : ACL_BF16;
    nsa_fuzz::ChooseSoc(data);
    const std::vector<int64_t> rows = {g.Windows(), g.heads, g.headDim}, weights = {g.blockSize, g.heads};
    DeviceView dy(nsa_fuzz::DrawView(data, rows), dtype), x(nsa_fuzz::DrawView(data, g.InputDims()), dtype);
    DeviceView w(nsa_fuzz::DrawView(data, weights), dtype);
    DeviceView inputGrad(nsa_fuzz::DrawView(data, g.InputDims()), dtype), weightGrad(nsa_fuzz::DrawView(data, weights), dtype);
    nsa_fuzz::ValueSource source(data.ConsumeIntegral<uint64_t>());

    const Values v = Fill(g, dy, x, w, dtype, source);
    inputGrad.Poison(kNaN);
    weightGrad.Poison(kNaN);
    const std::vector<uint16_t> dyBefore = dy.Host(), xBefore = x.Host(), wBefore = w.Host();
    const std::vector<uint16_t> expectedInputGrad = InputGradGolden(g, dy, v, inputGrad, dtype);
    const std::vector<uint16_t> expectedWeightGrad = WeightGradGolden(g, dy, x, v, weightGrad, dtype);

    DeviceView *tensors[5] = {&dy, &x, &w, &inputGrad, &weightGrad};
    RunCall(g, tensors, env.stream);
    inputGrad.Expect(expectedInputGrad, "inputGrad");
    weightGrad.Expect(expectedWeightGrad, "weightGrad");
    dy.Expect(dyBefore, "outputGrad");
    x.Expect(xBefore, "input");
    w.Expect(wBefore, "weight");
    return 0;
}
