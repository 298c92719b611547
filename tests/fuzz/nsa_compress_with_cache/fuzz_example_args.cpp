// libFuzzer target: the decode example's command line (examples/nsa_compress_with_cache/
// cli_options and the shared examples/common/cli_*, tensor_extent, printable_text). The input is
// a command line (arguments separated by NUL bytes) or the text of a --act-seq-len-file, chosen
// by its first byte. Oracles, besides ASan and UBSan: a refusal is a UsageError with a message
// that prints without control bytes (message_oracle.h); an accepted command line yields tensor
// extents exactly as their shapes, strides and offsets say (extent_oracle.h), index byte counts
// of 4 or 8 bytes an element (index_oracle.h), a count of due batches between 0 and the list's length, and at
// least one call (--repeat).
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

void CheckCommandLine(const std::vector<std::string> &args)
{
    Options options;
    try {
        options = ParseOptions(args);
    } catch (const UsageError &error) {
        CheckRefusal(error, "ParseOptions");
        return;
    }
    if (options.repeat < 1) {
        Fail("an accepted --repeat below 1", std::to_string(options.repeat));
    }
    try {
        const CallPlan plan = PlanCall(options);
        CheckExtent(plan.input, true);
        CheckExtent(plan.weight, true);
        CheckExtent(plan.cache, options.cacheStorage == CacheStorage::Own);
        CheckIndexBytes(options.slots, plan.slotBytes);
        CheckIndexBytes(options.blockTable, plan.tableBytes);
    } catch (const UsageError &error) {
        CheckRefusal(error, "PlanCall");
    }
    const int64_t due = HostDueBatches(options);
    if (due < 0 || due > static_cast<int64_t>(options.actSeqLen.size())) {
        Fail("due batches outside [0, B]", std::to_string(due));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    return nsa_fuzz::RunListOrCommandLine(bytes, size, "list.txt", CheckCommandLine);
}
