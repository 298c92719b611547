// libFuzzer target: the grad example's command line (cli_options and the shared
// examples/common/cli_*, window_args, tensor_extent, printable_text), arguments separated by NUL
// bytes. Oracles, besides ASan and UBSan: a refusal is a UsageError with a message that prints
// without control bytes (message_oracle.h); an accepted command line yields five tensor extents
// whose view counts are the exact products of their shapes and whose storages are
// offset + 1 + sum((size - 1) * stride) elements (0 for an empty view), in 128-bit arithmetic; an
// output placed in another tensor's storage fits it and has its size; the defaults are the
// documented ones (inputGrad the input's shape, weightGrad the weight's, outputGrad [K, N, D] with
// K from the host); and K lies between 0 and T (TND) or B * S.
#include <cstdint>
#include <string>
#include <vector>

#include "extent_oracle.h"
#include "message_oracle.h"
#include "cli_options.h"
#include "command_line_input.h"

namespace {

using nsa_fuzz::CheckExtent;
using nsa_fuzz::CheckRefusal;
using nsa_fuzz::Fail;

const GradStorage &StorageOf(const GradOptions &options, GradTensor tensor)
{
    static const GradStorage own;
    return tensor == GradTensor::InputGrad ? options.inputGradStorage
           : tensor == GradTensor::WeightGrad ? options.weightGradStorage
                                                : own;
}

void CheckDefaults(const GradOptions &options, const GradCallPlan &plan)
{
    auto overridden = [&options](GradTensor tensor) {
        return !options.tensors[static_cast<size_t>(tensor)].shape.empty();
    };
    if (!overridden(GradTensor::InputGrad) && plan[GradTensor::InputGrad].shape != plan[GradTensor::Input].shape) {
        Fail("inputGrad's default shape is not the input's", Describe(plan[GradTensor::InputGrad]));
    }
    if (!overridden(GradTensor::WeightGrad) &&
        plan[GradTensor::WeightGrad].shape != plan[GradTensor::Weight].shape) {
        Fail("weightGrad's default shape is not the weight's", Describe(plan[GradTensor::WeightGrad]));
    }
    const LayoutDims dims = ReadLayout(options);
    if (!overridden(GradTensor::OutputGrad) &&
        plan[GradTensor::OutputGrad].shape != std::vector<int64_t>{HostOutputRows(options), dims.heads, dims.headDim}) {
        Fail("outputGrad's default shape is not [K, N, D]", Describe(plan[GradTensor::OutputGrad]));
    }
}

void CheckCommandLine(const std::vector<std::string> &args)
{
    GradOptions options;
    try {
        options = ParseGradOptions(args);
    } catch (const UsageError &error) {
        CheckRefusal(error, "ParseGradOptions");
        return;
    }
    try {
        const GradCallPlan plan = PlanGradCall(options);
        for (size_t i = 0; i < kGradTensorCount; ++i) {
            const GradTensor tensor = static_cast<GradTensor>(i);
            const GradStorage &storage = StorageOf(options, tensor);
            CheckExtent(plan[tensor], storage.own);
            if (!storage.own &&
                plan[tensor].storageElements != plan[storage.shared].storageBytes / ElementBytes(plan[tensor].type)) {
                Fail("a shared output storage differs from the tensor's it shares", Describe(plan[tensor]));
            }
        }
        CheckDefaults(options, plan);
    } catch (const UsageError &error) {
        CheckRefusal(error, "PlanGradCall");
    }
    const int64_t rows = HostOutputRows(options);
    const LayoutDims dims = ReadLayout(options);
    const __int128 most = dims.batched ? static_cast<__int128>(dims.batches) * dims.seqLen : dims.seqLen;
    if (rows < 0 || rows > most) {
        Fail("host output rows outside [0, T] or [0, B * S]", std::to_string(rows));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    CheckCommandLine(nsa_fuzz::SplitArguments(std::string(reinterpret_cast<const char *>(bytes), size)));
    return 0;
}
