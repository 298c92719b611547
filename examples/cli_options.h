// The example's command line and the host arithmetic it implies (element, byte and row counts),
// as plain C++ with no ACL dependency, so that it can be tested and fuzzed on its own.
//
// The line between the CLI and the operator: the CLI refuses only what it cannot represent (a
// negative size, a count or stride past INT64_MAX, a negative row count); every other argument,
// however illegal for the operator (N=129, D=20, a decreasing sequence list, T=0, a wrong output
// shape), reaches the operator, which must reject it with its own status and message.
#ifndef NSA_COMPRESS_EXAMPLE_CLI_OPTIONS_H
#define NSA_COMPRESS_EXAMPLE_CLI_OPTIONS_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

// A command line the example refuses before any call; the message names the flag, the value and
// the rule.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class ElementType { Float16, BFloat16, Float32 };

const char *ElementTypeName(ElementType type);
int64_t ElementBytes(ElementType type);

// The host staging buffer of the copies between the files and device memory: large enough for
// full-speed copies, small next to the tensors whose size matters.
constexpr int64_t kDefaultChunkBytes = 16 << 20;

struct Options {
    ElementType dtype = ElementType::Float16;
    std::vector<int64_t> inputShape;           // T, N, D
    std::string inputFile;
    std::string weightFile;
    std::vector<int64_t> weightShape;          // --weight-shape; empty: [l, N] (l < 0 taken as 0)
    ElementType weightDtype = ElementType::Float16;  // --weight-dtype, else dtype
    ElementType outputDtype = ElementType::Float16;  // --output-dtype, else dtype
    std::vector<int64_t> actSeqLen;            // from --act-seq-len, or LoadActSeqLenText
    std::string actSeqLenFile;                 // --act-seq-len-file, still to be read when set
    int64_t actSeqLenType = 0;
    std::string layout = "TND";
    int64_t blockSize = 0;
    int64_t stride = 0;
    std::string outputFile;
    std::optional<int64_t> outputRows;         // --output-rows, else K computed on the host
    std::vector<int64_t> outputShape;          // --output-shape: overrides the rows, N and D
    int64_t chunkBytes = kDefaultChunkBytes;
    std::string traceFile;                     // --trace: where the launch's modeled timeline goes
};

// Parses the arguments after argv[0]. Reads no file: a --act-seq-len-file is only recorded, and
// its text goes through ParseActSeqLenText. Throws UsageError.
Options ParseOptions(const std::vector<std::string> &args);

// The integers of a --act-seq-len-file: separated by commas and whitespace (any run of them is one
// separator). Throws UsageError naming `file`, the line and the token that is not an integer.
std::vector<int64_t> ParseActSeqLenText(const std::string &text, const std::string &file);

// A contiguous row-major tensor: its shape, strides (in elements) and size in bytes, and where
// its shape comes from (a flag, or how the default is made), for messages.
struct TensorExtent {
    std::vector<int64_t> shape;
    std::vector<int64_t> strides;
    int64_t elements = 0;
    int64_t bytes = 0;
    ElementType type = ElementType::Float16;
    std::string source;
};

// "<source> is [a, b, c] of <type>".
std::string Describe(const TensorExtent &extent);

// The extent of `shape` (sizes >= 0, as ParseOptions guarantees). Throws UsageError naming
// `source` when a stride, the element count or the byte count passes INT64_MAX.
TensorExtent ExtentOf(const std::vector<int64_t> &shape, ElementType type, const std::string &source);

// K as a caller computes it: the windows of every sequence. A list the operator must reject (a
// negative entry, a decreasing end, an end or a sum past T, huge values) still gets a row count,
// at most T, so that the operator is the one to reject it.
int64_t HostOutputRows(const Options &options);

// The three tensors of the call, with every count checked.
struct CallPlan {
    TensorExtent input;
    TensorExtent weight;
    TensorExtent output;
};

CallPlan PlanCall(const Options &options);

#endif  // NSA_COMPRESS_EXAMPLE_CLI_OPTIONS_H
