// libFuzzer differential target: aclnnNsaCompressGrad on legal calls (any layout, strided views
// inside larger storages, actSeqLen of either type or none, l and d within the rules, either
// dtype, a random SoC of the simulator's table), inputGrad and weightGrad compared bit for bit
// with a golden computed here in integers. The values are multiples of 1/8 small enough that every
// sum is exact (exact_values.h): outputGrad holds at most kNonzeroPerHead nonzero values per head,
// which bounds weightGrad's K * D terms. Storage outside the output views holds canaries, the
// views' elements a NaN until written, the batched layouts' padding tokens a NaN; after the call
// the outputs' storages must hold the golden inside the views and the canaries outside, and the
// inputs' storages must be untouched.
// A byte chooses the mode: small calls of every shape (one view in eight may force a copy launch),
// or, one input in 32, wide calls of many windows on one or two heads (no copies) so that
// cores take several weightGrad groups (a wide call costs as much as a dozen small ones); the
// golden (grad_golden.h) is the same for both.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>
#include <vector>

#include "aclnn_fuzz_tensors.h"
#include "aclnn_nsa_compress_grad.h"
#include "device_view.h"
#include "exact_values.h"
#include "grad_golden.h"
#include "legal_call.h"
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

// The wide mode: many windows on one or two heads, more weightGrad groups than a head group has
// cores, so that the first cores take two groups or more and walk from one group to the next.
// (The small bounds give at most 9 windows: one group, never a full one.) The tiling gives two
// heads two head groups of half the cores each, so they need half the windows. G = 16 windows
// per group is the contract's (design.md); only these bounds depend on it, not the golden.
constexpr int64_t kGroupWindows = 16;

nsa_fuzz::SequenceBounds WideBounds(FuzzedDataProvider &data, const sim::SocSpec &soc)
{
    nsa_fuzz::SequenceBounds bounds;
    bounds.minHeads = bounds.maxHeads = data.ConsumeIntegralInRange<int64_t>(1, 2);
    bounds.maxHeadDim = 16;
    bounds.maxBlockSize = 32;
    bounds.minTotalWindows = kGroupWindows * (soc.vectorCoreNum / bounds.maxHeads) + 1;
    bounds.extraWindows = 2 * kGroupWindows;
    return bounds;
}

// Whether the next view may force a copy launch: in the small mode one view in eight, in the wide
// mode none. A copy launch costs more than the small kernel, and far more for the wide tensors.
nsa_fuzz::CopyViews DrawCopies(FuzzedDataProvider &data, bool wide)
{
    return !wide && data.ConsumeIntegralInRange(0, 7) == 0 ? nsa_fuzz::CopyViews::kMayForce
                                                           : nsa_fuzz::CopyViews::kNever;
}

// Fills outputGrad's view sparsely: at most kNonzeroPerHead values per head, which bounds
// weightGrad's K * D terms.
std::vector<int64_t> FillOutputGrad(const SequenceLayout &g, DeviceView &dy, aclDataType dtype,
                                    nsa_fuzz::ValueSource &source)
{
    std::vector<int64_t> values(dy.View().Elements(), 0);
    for (int64_t n = 0; n < g.heads && g.Windows() > 0; ++n) {
        for (int64_t i = 0; i < kNonzeroPerHead; ++i) {
            const int64_t o = source.Next() % g.Windows(), e = source.Next() % g.headDim;
            values[(o * g.heads + n) * g.headDim + e] = source.Signed(kGradLimit);
        }
    }
    for (int64_t flat = 0; flat < dy.View().Elements(); ++flat) {
        dy.AtFlat(flat) = nsa_fuzz::EncodeSixtyFourths(nsa_fuzz::kUnitsPerValue * values[flat], dtype);
    }
    return values;
}

// Fills the input's view, padding tokens NaN (0 in the returned values).
std::vector<int64_t> FillInput(const SequenceLayout &g, DeviceView &x, aclDataType dtype,
                               nsa_fuzz::ValueSource &source)
{
    const int64_t limit = nsa_fuzz::FactorLimit(kNonzeroPerHead, kGradLimit);
    const int64_t step = x.View().strides.back();
    std::vector<int64_t> values(x.View().Elements(), 0);
    for (int64_t b = 0; b < static_cast<int64_t>(g.lengths.size()); ++b) {
        for (int64_t t = 0; t < g.Slots(b); ++t) {
            for (int64_t n = 0; n < g.heads; ++n) {
                const nsa_fuzz::TokenRow row = nsa_fuzz::RowOf(g, x.View(), b, t, n);
                for (int64_t e = 0; e < g.headDim; ++e) {
                    const int64_t a = t < g.lengths[b] ? source.Signed(limit) : 0;
                    values[row.flat + e] = a;
                    x.Storage(row.storage + e * step) =
                        t < g.lengths[b] ? nsa_fuzz::EncodeSixtyFourths(nsa_fuzz::kUnitsPerValue * a, dtype) : kNaN;
                }
            }
        }
    }
    return values;
}

std::vector<int64_t> FillWeight(const SequenceLayout &g, DeviceView &w, aclDataType dtype,
                                nsa_fuzz::ValueSource &source)
{
    const int64_t limit = nsa_fuzz::FactorLimit(kMaxCoveringWindows, kGradLimit);
    std::vector<int64_t> values;
    for (int64_t j = 0; j < g.blockSize; ++j) {
        for (int64_t n = 0; n < g.heads; ++n) {
            values.push_back(source.Signed(limit));
            w.At({j, n}) = nsa_fuzz::EncodeSixtyFourths(nsa_fuzz::kUnitsPerValue * values.back(), dtype);
        }
    }
    return values;
}

void RunCall(const SequenceLayout &g, DeviceView *tensors[5], aclrtStream stream)
{
    aclIntArray *seq = g.nullList ? nullptr : aclCreateIntArray(g.actSeqLen.data(), g.actSeqLen.size());
    std::string layout = g.Name();
    nsa_fuzz::RunLegalCall(
        [&](uint64_t *workspaceSize, aclOpExecutor **executor) {
            return aclnnNsaCompressGradGetWorkspaceSize(tensors[0]->Upload(), tensors[1]->Upload(),
                tensors[2]->Upload(), seq, g.blockSize, g.stride, g.seqType, layout.data(), tensors[3]->Upload(),
                tensors[4]->Upload(), workspaceSize, executor);
        },
        aclnnNsaCompressGrad, stream);
    aclDestroyIntArray(seq);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    static nsa_fuzz::Environment env;
    FuzzedDataProvider data(bytes, size);
    // The empty input, which libFuzzer runs first in every session, decodes as wide: every
    // session checks at least one call with more groups than cores.
    const bool wide = data.ConsumeIntegralInRange(0, 31) == 0;
    const sim::SocSpec &soc = nsa_fuzz::ChooseSoc(data);
    const SequenceLayout g = nsa_fuzz::DrawSequenceLayout(data, wide ? WideBounds(data, soc) : nsa_fuzz::SequenceBounds{});
    const aclDataType dtype = data.ConsumeBool() ? ACL_FLOAT16 : ACL_BF16;
    const std::vector<int64_t> rows = {g.Windows(), g.heads, g.headDim}, weights = {g.blockSize, g.heads};
    DeviceView dy(nsa_fuzz::DrawView(data, rows, DrawCopies(data, wide)), dtype);
    DeviceView x(nsa_fuzz::DrawView(data, g.InputDims(), DrawCopies(data, wide)), dtype);
    DeviceView w(nsa_fuzz::DrawView(data, weights, DrawCopies(data, wide)), dtype);
    DeviceView inputGrad(nsa_fuzz::DrawView(data, g.InputDims(), DrawCopies(data, wide)), dtype);
    DeviceView weightGrad(nsa_fuzz::DrawView(data, weights, DrawCopies(data, wide)), dtype);
    nsa_fuzz::ValueSource source(data.ConsumeIntegral<uint64_t>());

    nsa_fuzz::GradValues v;
    v.dy = FillOutputGrad(g, dy, dtype, source);
    v.x = FillInput(g, x, dtype, source);
    v.w = FillWeight(g, w, dtype, source);
    inputGrad.Poison(kNaN);
    weightGrad.Poison(kNaN);
    const std::vector<uint16_t> dyBefore = dy.Host(), xBefore = x.Host(), wBefore = w.Host();
    const std::vector<uint16_t> expectedInputGrad = nsa_fuzz::InputGradGolden(g, v, inputGrad, dtype);
    const std::vector<uint16_t> expectedWeightGrad = nsa_fuzz::WeightGradGolden(g, x.View(), v, weightGrad, dtype);

    DeviceView *tensors[5] = {&dy, &x, &w, &inputGrad, &weightGrad};
    RunCall(g, tensors, env.stream);
    inputGrad.Expect(expectedInputGrad, "inputGrad");
    weightGrad.Expect(expectedWeightGrad, "weightGrad");
    dy.Expect(dyBefore, "outputGrad");
    x.Expect(xBefore, "input");
    w.Expect(wBefore, "weight");
    return 0;
}
