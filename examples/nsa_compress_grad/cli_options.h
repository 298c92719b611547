// The grad example's command line and the host arithmetic it implies, as plain C++ with no ACL
// dependency, so that it can be tested and fuzzed on its own. The values, the flags, the windows'
// arguments and the tensor extents are the examples' shared ones (examples/common); this adds
// the five tensors of aclnnNsaCompressGrad: their files, shapes, dtypes, views and, for the two
// outputs, where their storage lives.
//
// As in the forward example, the line between the CLI and the operator: the CLI refuses only
// what it cannot represent or read (a negative size, offset or stride; a count, a storage extent
// or a byte size past INT64_MAX; a stride list whose length differs from its tensor's rank; a
// --shape that does not fit --layout; an output view that does not fit the storage it is told to
// share); every other argument, however illegal for the operator (a wrong shape or dtype of any
// tensor, an output overlapping an input or the other output), reaches the operator, which must
// reject it with its own status and message.
#ifndef NSA_COMPRESS_GRAD_EXAMPLE_GRAD_CLI_OPTIONS_H
#define NSA_COMPRESS_GRAD_EXAMPLE_GRAD_CLI_OPTIONS_H

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli_flags.h"
#include "cli_values.h"
#include "distinct_files.h"
#include "tensor_extent.h"
#include "window_args.h"

// The operator's tensors in the order of its signature.
enum class GradTensor { OutputGrad, Input, Weight, InputGrad, WeightGrad };
constexpr size_t kGradTensorCount = 5;

// The name the operator's messages use ("outputGrad") and the prefix of the tensor's flags
// ("--output-grad": --output-grad-shape, --output-grad-dtype, --output-grad-strides, ...).
const char *GradTensorName(GradTensor tensor);
const char *GradTensorFlag(GradTensor tensor);

// What the two outputs are written to before the call, so that a caller can tell written
// elements from untouched ones: 0xFFFF is a NaN in both dtypes, which no legal result holds.
constexpr uint16_t kGradOutputFill = 0xFFFF;

// Where an output's storage comes from: its own device buffer (the default), or the storage of
// another tensor (--input-grad-storage, --weight-grad-storage), so that an output view can be made
// to overlap an input or the other output.
struct GradStorage {
    bool own = true;
    GradTensor shared = GradTensor::Input;   // when !own: the tensor whose storage it lives in
};

// A tensor's flags besides its file: shape and dtype overrides (empty: the default) and its view.
struct GradTensorFlags {
    std::vector<int64_t> shape;
    std::optional<ElementType> dtype;
    ViewFlags view;
};

struct GradOptions : WindowArgs {
    ElementType dtype = ElementType::Float16;  // --dtype: the input's, and every other's by default
    std::string outputGradFile;                // --output-grad
    std::string inputFile;                     // --input
    std::string weightFile;                    // --weight
    std::string inputGradFile;                 // --input-grad-output
    std::string weightGradFile;                // --weight-grad-output
    // Indexed by GradTensor. The input's shape is WindowArgs::inputShape (--shape) and its dtype
    // --dtype, so its entry holds its view only.
    std::array<GradTensorFlags, kGradTensorCount> tensors;
    GradStorage inputGradStorage;              // --input-grad-storage
    GradStorage weightGradStorage;             // --weight-grad-storage
    int64_t chunkBytes = kDefaultChunkBytes;
    std::string traceFile;                     // --trace: where the launches' modeled timeline goes
};

// Parses the arguments after argv[0]. Reads no file: a --act-seq-len-file is only recorded, and
// its text goes through ParseActSeqLenText. Throws UsageError.
GradOptions ParseGradOptions(const std::vector<std::string> &args);

// The files the command line names, for CheckOutputsApart: the inputs (--output-grad, --input,
// --weight and a --act-seq-len-file) and the outputs (--input-grad-output, --weight-grad-output
// and a --trace).
std::vector<NamedFile> GradInputFiles(const GradOptions &options);
std::vector<NamedFile> GradOutputFiles(const GradOptions &options);

// The five tensors of the call, indexed by GradTensor, with every count checked. An output that
// shares another tensor's storage has that storage's size (in its own elements).
struct GradCallPlan {
    std::array<TensorExtent, kGradTensorCount> tensors;
    const TensorExtent &operator[](GradTensor tensor) const { return tensors[static_cast<size_t>(tensor)]; }
};

GradCallPlan PlanGradCall(const GradOptions &options);

#endif  // NSA_COMPRESS_GRAD_EXAMPLE_GRAD_CLI_OPTIONS_H
