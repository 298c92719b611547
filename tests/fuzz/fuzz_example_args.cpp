// libFuzzer target: the example's command line (examples/cli_options). The input is either a
// command line (arguments separated by NUL bytes) or the text of a --act-seq-len-file, chosen
// by its first byte. Oracles, besides ASan and UBSan: a refusal is a UsageError with a message;
// an accepted command line yields tensor extents whose counts are the exact products of their
// shapes (checked in 128-bit arithmetic), and a host row count between 0 and T.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli_options.h"

namespace {

void Fail(const char *what, const std::string &detail)
{
    std::fprintf(stderr, "fuzz oracle: %s: %s\n", what, detail.c_str());
    std::abort();
}

void CheckExtent(const TensorExtent &extent)
{
    // A zero size makes the count 0 whatever the other sizes are, whose product may not even fit
    // 128 bits; otherwise a product that passes 128 bits cannot be an accepted count either.
    __int128 elements = std::count(extent.shape.begin(), extent.shape.end(), 0) > 0 ? 0 : 1;
    for (int64_t dim : extent.shape) {
        if (elements != 0 && __builtin_mul_overflow(elements, static_cast<__int128>(dim), &elements)) {
            Fail("an extent was accepted whose sizes multiply past 128 bits", Describe(extent));
        }
    }
    if (elements != extent.elements || elements * ElementBytes(extent.type) != extent.bytes) {
        Fail("extent counts differ from the shape's product", Describe(extent));
    }
}

void CheckCommandLine(const std::vector<std::string> &args)
{
    Options options;
    try {
        options = ParseOptions(args);
    } catch (const UsageError &error) {
        if (std::string(error.what()).empty()) {
            Fail("ParseOptions refused without a message", "");
        }
        return;
    }
    try {
        const CallPlan plan = PlanCall(options);
        CheckExtent(plan.input);
        CheckExtent(plan.weight);
        CheckExtent(plan.output);
    } catch (const UsageError &error) {
        if (std::string(error.what()).empty()) {
            Fail("PlanCall refused without a message", "");
        }
    }
    const int64_t rows = HostOutputRows(options);
    const int64_t tokens = options.inputShape.empty() ? 0 : options.inputShape[0];
    if (rows < 0 || rows > tokens) {
        Fail("host output rows outside [0, T]", std::to_string(rows));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (size == 0) {
        return 0;
    }
    const std::string text(reinterpret_cast<const char *>(bytes) + 1, size - 1);
    if (bytes[0] % 4 == 0) {
        try {
            ParseActSeqLenText(text, "list.txt");
        } catch (const UsageError &error) {
            if (std::string(error.what()).empty()) {
                Fail("ParseActSeqLenText refused without a message", "");
            }
        }
        return 0;
    }
    std::vector<std::string> args;
    size_t start = 0;
    for (size_t at = 0; at <= text.size(); ++at) {
        if (at == text.size() || text[at] == '\0') {
            args.push_back(text.substr(start, at - start));
            start = at + 1;
        }
    }
    CheckCommandLine(args);
    return 0;
}
