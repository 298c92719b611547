// libFuzzer target: the example's command line (examples/nsa_compress/cli_options and the shared
// examples/common/cli_*, window_args, tensor_extent, printable_text). The input is either a
// command line (arguments separated by NUL bytes) or the text of a --act-seq-len-file, chosen
// by its first byte. Oracles, besides ASan and UBSan: a refusal is a UsageError with a message
// that prints without control bytes (message_oracle.h); an accepted command line yields tensor
// extents whose view counts are the exact products of their shapes and whose storages are
// offset + 1 + sum((size - 1) * stride) elements (0 for an empty view), checked in 128-bit
// arithmetic, an output sharing a storage that fits in it, and a host row count between 0 and T
// (TND) or B * S (the batched layouts).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli_options.h"
#include "command_line_input.h"
#include "extent_oracle.h"
#include "message_oracle.h"

namespace {

using nsa_fuzz::CheckExtent;
using nsa_fuzz::CheckRefusal;
using nsa_fuzz::Fail;

void CheckCommandLine(const std::vector<std::string> &args)
{
    Options options;
    try {
        options = ParseOptions(args);
    } catch (const UsageError &error) {
        CheckRefusal(error, "ParseOptions");
        return;
    }
    try {
        const CallPlan plan = PlanCall(options);
        CheckExtent(plan.input, true);
        CheckExtent(plan.weight, true);
        CheckExtent(plan.output, options.outputStorage == OutputStorage::Own);
        if (options.outputStorage != OutputStorage::Own) {
            const TensorExtent &shared = options.outputStorage == OutputStorage::Input ? plan.input : plan.weight;
            if (plan.output.storageElements != shared.storageBytes / ElementBytes(plan.output.type)) {
                Fail("a shared output storage differs from the tensor's it shares", Describe(plan.output));
            }
        }
    } catch (const UsageError &error) {
        CheckRefusal(error, "PlanCall");
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
    return nsa_fuzz::RunListOrCommandLine(bytes, size, "list.txt", CheckCommandLine);
}
