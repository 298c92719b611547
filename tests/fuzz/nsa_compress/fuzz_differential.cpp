// libFuzzer differential target: aclnnNsaCompress on legal calls (any layout, strided views
// inside larger storages, actSeqLen of either type or none, l and d within the rules, either
// dtype, a random SoC of the simulator's table), its output compared bit for bit with a golden
// computed here in integers. The values are multiples of 1/8 small enough that every sum is
// exact (exact_values.h), so the golden needs no rounding and no order. Every storage element
// outside the output view holds a canary, the view's elements a NaN until written, the batched
// layouts' padding tokens a NaN; after the call the output storage must hold the golden inside the
// view and the canaries outside, and the inputs' storages must be untouched.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>
#include <vector>

#include "aclnn_fuzz_tensors.h"
#include "aclnn_nsa_compress.h"
#include "device_view.h"
#include "exact_values.h"
#include "legal_call.h"
#include "opdev/op_errno.h"
#include "random_soc.h"
#include "sequence_layout.h"
#include "strided_view.h"

namespace {

using nsa_fuzz::DeviceView;
using nsa_fuzz::SequenceLayout;

constexpr uint16_t kNaN = 0x7FFF;   // a NaN in both dtypes: unwritten output, padding tokens

// Fills the input view (padding tokens NaN) with values a/8 and returns every a, row-major over
// the input's dims (0 for padding).
std::vector<int64_t> FillInput(const SequenceLayout &g, DeviceView &input, aclDataType dtype, int64_t limit,
                               nsa_fuzz::ValueSource &values)
{
    std::vector<int64_t> eighths(input.View().Elements(), 0);
    for (int64_t b = 0; b < static_cast<int64_t>(g.lengths.size()); ++b) {
        for (int64_t t = 0; t < g.Slots(b); ++t) {
            for (int64_t n = 0; n < g.heads; ++n) {
                for (int64_t e = 0; e < g.headDim; ++e) {
                    const std::vector<int64_t> position = g.InputPosition(b, t, n, e);
                    if (t >= g.lengths[b]) {
                        input.At(position) = kNaN;
                        continue;
                    }
                    const int64_t a = values.Signed(limit);
                    eighths[input.View().FlatIndex(position)] = a;
                    input.At(position) = nsa_fuzz::EncodeSixtyFourths(nsa_fuzz::kUnitsPerValue * a, dtype);
                }
            }
        }
    }
    return eighths;
}

// Fills a 2-d view [rows, cols] with values b/8 and returns every b, row-major.
std::vector<int64_t> FillMatrix(DeviceView &view, aclDataType dtype, int64_t limit, nsa_fuzz::ValueSource &values)
{
    std::vector<int64_t> eighths;
    for (int64_t r = 0; r < view.View().dims[0]; ++r) {
        for (int64_t c = 0; c < view.View().dims[1]; ++c) {
            eighths.push_back(values.Signed(limit));
            view.At({r, c}) = nsa_fuzz::EncodeSixtyFourths(nsa_fuzz::kUnitsPerValue * eighths.back(), dtype);
        }
    }
    return eighths;
}

// The output storage the call must leave: the canaries, and the golden inside the view.
std::vector<uint16_t> Golden(const SequenceLayout &g, const DeviceView &input, const std::vector<int64_t> &x,
                             const std::vector<int64_t> &w, const DeviceView &output, aclDataType dtype)
{
    std::vector<uint16_t> expected = output.Host();
    for (int64_t o = 0; o < g.Windows(); ++o) {
        for (int64_t n = 0; n < g.heads; ++n) {
            for (int64_t e = 0; e < g.headDim; ++e) {
                int64_t sum = 0;   // in 1/64
                for (int64_t j = 0; j < g.blockSize; ++j) {
                    const std::vector<int64_t> at = g.InputPosition(g.windowSequence[o], g.windowStart[o] + j, n, e);
                    sum += w[j * g.heads + n] * x[input.View().FlatIndex(at)];
                }
                expected[output.View().StorageIndex({o, n, e})] = nsa_fuzz::EncodeSixtyFourths(sum, dtype);
            }
        }
    }
    return expected;
}

void RunCall(const SequenceLayout &g, DeviceView &input, DeviceView &weight, DeviceView &output,
             aclrtStream stream)
{
    aclIntArray *seq = g.nullList ? nullptr : aclCreateIntArray(g.actSeqLen.data(), g.actSeqLen.size());
    std::string layout = g.Name();
    nsa_fuzz::RunLegalCall(
        [&](uint64_t *workspaceSize, aclOpExecutor **executor) {
            return aclnnNsaCompressGetWorkspaceSize(input.Upload(), weight.Upload(), seq, layout.data(), g.blockSize,
                                                    g.stride, g.seqType, output.Upload(), workspaceSize, executor);
        },
        aclnnNsaCompress, stream);
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
    DeviceView input(nsa_fuzz::DrawView(data, g.InputDims()), dtype);
    DeviceView weight(nsa_fuzz::DrawView(data, {g.blockSize, g.heads}), dtype);
    DeviceView output(nsa_fuzz::DrawView(data, {g.Windows(), g.heads, g.headDim}), dtype);
    nsa_fuzz::ValueSource values(data.ConsumeIntegral<uint64_t>());

    const int64_t weightLimit = g.blockSize <= 64 ? 2 : 1;   // l * 2 * (256 / (l * 2)) <= 256
    const std::vector<int64_t> x = FillInput(g, input, dtype, nsa_fuzz::FactorLimit(g.blockSize, weightLimit), values);
    const std::vector<int64_t> w = FillMatrix(weight, dtype, weightLimit, values);
    output.Poison(kNaN);
    const std::vector<uint16_t> inputBefore = input.Host(), weightBefore = weight.Host();
    const std::vector<uint16_t> expected = Golden(g, input, x, w, output, dtype);

    RunCall(g, input, weight, output, env.stream);
    output.Expect(expected, "output");
    input.Expect(inputBefore, "input");
    weight.Expect(weightBefore, "weight");
    return 0;
}
