// The example's command line and the host arithmetic it implies (element, byte and row counts),
// as plain C++ with no ACL dependency, so that it can be tested and fuzzed on its own.
//
// The line between the CLI and the operator: the CLI refuses only what it cannot represent or
// read (a negative size, offset or stride, which aclCreateTensor cannot take; a count, a storage
// extent or a byte size past INT64_MAX; a stride list whose length differs from its tensor's
// rank; a --shape whose number of sizes does not fit --layout, which the host arithmetic has to
// read; an output view that does not fit the storage it is told to share); every other argument,
// however illegal for the operator (N=129, D=20, a decreasing sequence list, T=0, a wrong output
// shape, an unknown layout, a batch longer than S, strides that make the output overlap an
// input), reaches the operator, which must reject it with its own status and message.
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

// What the output is written to before the call, so that a caller can tell written elements from
// untouched ones.
constexpr uint16_t kDefaultOutputFill = 0xFFFF;

// Where the output's storage comes from: its own device buffer (the default), or the input's or
// the weight's (--output-storage), so that an output view can be made to overlap an input.
enum class OutputStorage { Own, Input, Weight };

// How a view sits in its storage: strides in elements (empty: the contiguous ones of its shape)
// and the storage offset in elements.
struct ViewFlags {
    std::vector<int64_t> strides;
    int64_t offset = 0;
};

struct Options {
    ElementType dtype = ElementType::Float16;
    // The input's view shape, read per --layout: TND [T, N, D], BSND [B, S, N, D],
    // BNSD [B, N, S, D], BSH [B, S, H], SBH [S, B, H] with H = N * D. A layout the example does
    // not know (the operator must refuse it) takes three sizes, read as TND, or four, read as BSND.
    std::vector<int64_t> inputShape;
    std::string inputFile;
    std::string weightFile;
    std::vector<int64_t> weightShape;          // --weight-shape; empty: [l, N] (l < 0 taken as 0)
    ElementType weightDtype = ElementType::Float16;  // --weight-dtype, else dtype
    ElementType outputDtype = ElementType::Float16;  // --output-dtype, else dtype
    std::optional<int64_t> heads;              // --heads: N of the default weight and output shapes
    std::vector<int64_t> actSeqLen;            // from --act-seq-len, or LoadActSeqLenText
    std::string actSeqLenFile;                 // --act-seq-len-file, still to be read when set
    bool nullActSeqLen = false;                // neither flag: actSeqLenOptional is a null pointer
    int64_t actSeqLenType = 0;
    std::string layout = "TND";
    int64_t blockSize = 0;
    int64_t stride = 0;
    std::string outputFile;
    std::optional<int64_t> outputRows;         // --output-rows, else K computed on the host
    std::vector<int64_t> outputShape;          // --output-shape: overrides the rows, N and D
    ViewFlags inputView;                       // --input-strides, --input-offset
    ViewFlags weightView;                      // --weight-strides, --weight-offset
    ViewFlags outputView;                      // --output-strides, --output-offset
    uint16_t outputFill = kDefaultOutputFill;  // --output-fill
    bool outputFillGiven = false;
    OutputStorage outputStorage = OutputStorage::Own;  // --output-storage
    int64_t chunkBytes = kDefaultChunkBytes;
    std::string traceFile;                     // --trace: where the launch's modeled timeline goes
};

// Parses the arguments after argv[0]. Reads no file: a --act-seq-len-file is only recorded, and
// its text goes through ParseActSeqLenText. Throws UsageError.
Options ParseOptions(const std::vector<std::string> &args);

// The integers of a --act-seq-len-file: separated by commas and whitespace (any run of them is one
// separator). Throws UsageError naming `file`, the line and the token that is not an integer.
std::vector<int64_t> ParseActSeqLenText(const std::string &text, const std::string &file);

// The layout's sizes as the host arithmetic reads them. For TND, batches is 1 and seqLen is T.
struct LayoutDims {
    bool batched = false;   // BSND, BNSD, BSH, SBH (and a four-size unknown layout, read as BSND)
    int64_t batches = 0;    // B
    int64_t seqLen = 0;     // S, or T for TND
    int64_t heads = 0;      // N: --heads, else the shape's (BSH and SBH need --heads)
    int64_t headDim = 0;    // D, or H / N (rounded down; 0 when N is 0) for BSH and SBH
};

LayoutDims ReadLayout(const Options &options);

// A tensor as the example creates it: its view (shape, strides and offset in elements) and the
// one-dimensional storage the view lives in, and where its shape and view come from (flags, or
// how the default is made), for messages.
struct TensorExtent {
    std::vector<int64_t> shape;
    std::vector<int64_t> strides;
    int64_t offset = 0;
    int64_t elements = 0;           // of the view
    int64_t storageElements = 0;    // offset + 1 + sum((size_i - 1) * stride_i), or 0 for an empty view
    int64_t storageBytes = 0;
    bool contiguous = true;         // default strides and offset 0: storage and view coincide
    ElementType type = ElementType::Float16;
    std::string source;
};

// "<source> is [a, b, c] of <type>", with the strides, offset and storage when they are not the
// default ones.
std::string Describe(const TensorExtent &extent);

// The extent of a contiguous `shape` (sizes >= 0, as ParseOptions guarantees) at offset 0. Throws
// UsageError naming `source` when a stride, the element count or the byte count passes INT64_MAX.
TensorExtent ExtentOf(const std::vector<int64_t> &shape, ElementType type, const std::string &source);

// The extent of `shape` seen through `view` (strides empty: the contiguous ones); `flag` is the
// flag prefix of the view ("--input" names --input-strides and --input-offset). Throws UsageError
// when the strides do not match the rank, or a count, the storage extent or its bytes pass
// INT64_MAX.
TensorExtent ViewExtentOf(const std::vector<int64_t> &shape, const ViewFlags &view, ElementType type,
                          const std::string &source, const std::string &flag);

// K as a caller computes it: the windows of every sequence (TND) or batch. A list the operator
// must reject (a negative entry, a decreasing end, an end or a sum past T, a batch longer than S,
// an entry count other than B, huge values) still gets a row count, at most T (TND) or B * S
// (saturated at INT64_MAX), so that the operator is the one to reject it.
int64_t HostOutputRows(const Options &options);

// The three tensors of the call, with every count checked.
struct CallPlan {
    TensorExtent input;
    TensorExtent weight;
    TensorExtent output;
};

CallPlan PlanCall(const Options &options);

#endif  // NSA_COMPRESS_EXAMPLE_CLI_OPTIONS_H
