// The example's command line and the host arithmetic it implies (element, byte and row counts),
// as plain C++ with no ACL dependency, so that it can be tested and fuzzed on its own. The values,
// the flags, the windows' arguments and the tensor extents are the examples' shared ones
// (examples/common); this adds the forward op's own: the output and where it lives.
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

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli_flags.h"
#include "cli_values.h"
#include "distinct_files.h"
#include "tensor_extent.h"
#include "window_args.h"

// What the output is written to before the call, so that a caller can tell written elements from
// untouched ones.
constexpr uint16_t kDefaultOutputFill = 0xFFFF;

// Where the output's storage comes from: its own device buffer (the default), or the input's or
// the weight's (--output-storage), so that an output view can be made to overlap an input.
enum class OutputStorage { Own, Input, Weight };

struct Options : WindowArgs {
    ElementType dtype = ElementType::Float16;
    std::string inputFile;
    std::string weightFile;
    std::vector<int64_t> weightShape;          // --weight-shape; empty: [l, N] (l < 0 taken as 0)
    ElementType weightDtype = ElementType::Float16;  // --weight-dtype, else dtype
    ElementType outputDtype = ElementType::Float16;  // --output-dtype, else dtype
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

// The files the command line names, for CheckOutputsApart: the inputs (--input, --weight and a
// --act-seq-len-file) and the outputs (--output and a --trace).
std::vector<NamedFile> InputFiles(const Options &options);
std::vector<NamedFile> OutputFiles(const Options &options);

// The three tensors of the call, with every count checked.
struct CallPlan {
    TensorExtent input;
    TensorExtent weight;
    TensorExtent output;
};

CallPlan PlanCall(const Options &options);

#endif  // NSA_COMPRESS_EXAMPLE_CLI_OPTIONS_H
