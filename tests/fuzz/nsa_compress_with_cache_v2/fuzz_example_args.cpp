// libFuzzer target: the V2 decode example's command line (examples/nsa_compress_with_cache_v2/
// cli_options and the shared examples/common/cli_*, index_args, tensor_extent, printable_text).
// The input is a command line (arguments separated by NUL bytes) or the text of a length file,
// chosen by its first byte. Oracles, besides ASan and UBSan: a refusal is a UsageError with a
// message that prints without control bytes (message_oracle.h); an accepted command line yields
// tensor extents exactly as their shapes, strides and offsets say (extent_oracle.h), the V
// tensors' only when given, index byte counts of 4 or 8 bytes an element, and a count of new
// windows that is never negative.
#include <cstdint>
#include <string>
#include <vector>

#include "cli_options.h"
#include "command_line_input.h"
#include "extent_oracle.h"
#include "index_oracle.h"
#include "message_oracle.h"

namespace {

using nsa_fuzz::CheckExtent;
using nsa_fuzz::CheckIndexBytes;
using nsa_fuzz::CheckRefusal;
using nsa_fuzz::Fail;

void CheckPlan(const Options &options)
{
    try {
        const CallPlan plan = PlanCall(options);
        CheckExtent(plan.input, true);
        CheckExtent(plan.weight, true);
        CheckExtent(plan.cache, options.cacheStorage == CacheStorage::Own);
        if (HasValueInput(options)) {
            CheckExtent(plan.valueInput, true);
        }
        if (HasValueWeight(options)) {
            CheckExtent(plan.valueWeight, true);
        }
        if (HasValueCache(options)) {
            CheckExtent(plan.valueCache, !options.valueCacheInKeyCache);
        }
        CheckIndexBytes(options.slots, plan.slotBytes);
        CheckIndexBytes(options.blockTable, plan.tableBytes);
    } catch (const UsageError &error) {
        CheckRefusal(error, "PlanCall");
    }
}

void CheckCommandLine(const std::vector<std::string> &args)
{
    Options options;
    try {
        options = ParseOptions(args);
    } catch (const UsageError &error) {
        CheckRefusal(error, "ParseOptions");
        return;
    }
    CheckPlan(options);
    const int64_t windows = HostNewWindows(options);
    if (windows < 0) {
        Fail("a negative count of new windows", std::to_string(windows));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    return nsa_fuzz::RunListOrCommandLine(bytes, size, "lengths.txt", CheckCommandLine);
}
