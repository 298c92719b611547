#include "cli_options.h"

#include <map>
#include <utility>

namespace {

size_t Index(GradTensor tensor)
{
    return static_cast<size_t>(tensor);
}

constexpr GradTensor kAllTensors[] = {GradTensor::OutputGrad, GradTensor::Input, GradTensor::Weight,
                                      GradTensor::InputGrad, GradTensor::WeightGrad};

// The grad example's flags besides the windows' (window_args.h): the five files (required), and
// per tensor a shape and a dtype override (the input's are --shape and --dtype) and a view.
std::map<std::string, bool> KnownFlags()
{
    std::map<std::string, bool> known{
        {"--dtype", false},          {"--output-grad", true},         {"--input", true},
        {"--weight", true},          {"--input-grad-output", true},   {"--weight-grad-output", true},
        {"--input-grad-storage", false}, {"--weight-grad-storage", false}, {"--chunk-bytes", false},
        {"--trace", false},
    };
    AddWindowFlags(&known);
    for (GradTensor tensor : kAllTensors) {
        const std::string prefix = GradTensorFlag(tensor);
        AddViewFlags(prefix, &known);
        if (tensor != GradTensor::Input) {
            known.emplace(prefix + "-shape", false);
            known.emplace(prefix + "-dtype", false);
        }
    }
    return known;
}

// own, or the flag name of a tensor the output may share (outputs come after the inputs, so an
// output may share an earlier one only: inputGrad any input, weightGrad any input or inputGrad).
GradStorage ParseStorage(const std::string &text, GradTensor output)
{
    const std::string flag = std::string(GradTensorFlag(output)) + "-storage";
    std::string allowed = "own";
    if (text == "own") {
        return {};
    }
    for (GradTensor tensor : kAllTensors) {
        if (tensor == output) {
            break;
        }
        const std::string name = std::string(GradTensorFlag(tensor)).substr(2);
        if (text == name) {
            return {false, tensor};
        }
        allowed += ", " + name;
    }
    throw UsageError(flag + " is '" + text + "'; it must be " + allowed);
}

// The shape an output or outputGrad takes without an override, and what it comes from.
struct DefaultShape {
    std::vector<int64_t> shape;
    std::string source;
};

DefaultShape DefaultShapeOf(GradTensor tensor, const GradOptions &options, const GradCallPlan &plan)
{
    switch (tensor) {
        case GradTensor::OutputGrad: {
            const LayoutDims dims = ReadLayout(options);
            return {{HostOutputRows(options), dims.heads, dims.headDim},
                    "the outputGrad shape [K, N, D] (K from " + ActSeqLenSource(options) + ")"};
        }
        case GradTensor::Weight: return {DefaultWeightShape(options), DefaultWeightSource(options)};
        case GradTensor::InputGrad:
            return {plan[GradTensor::Input].shape, "the inputGrad shape (input's, from --shape)"};
        case GradTensor::WeightGrad:
            return {plan[GradTensor::Weight].shape,
                    "the weightGrad shape (weight's, from " + plan[GradTensor::Weight].source + ")"};
        case GradTensor::Input: break;
    }
    return {options.inputShape, "--shape"};
}

}  // namespace

const char *GradTensorName(GradTensor tensor)
{
    switch (tensor) {
        case GradTensor::OutputGrad: return "outputGrad";
        case GradTensor::Input: return "input";
        case GradTensor::Weight: return "weight";
        case GradTensor::InputGrad: return "inputGrad";
        case GradTensor::WeightGrad: return "weightGrad";
    }
    return "an unknown tensor";
}

const char *GradTensorFlag(GradTensor tensor)
{
    switch (tensor) {
        case GradTensor::OutputGrad: return "--output-grad";
        case GradTensor::Input: return "--input";
        case GradTensor::Weight: return "--weight";
        case GradTensor::InputGrad: return "--input-grad";
        case GradTensor::WeightGrad: return "--weight-grad";
    }
    return "--unknown";
}

GradOptions ParseGradOptions(const std::vector<std::string> &args)
{
    const GivenFlags given(args, KnownFlags());
    CheckOneSequenceList(given);
    ElementType dtype = ElementType::Float16;
    if (auto *v = given.Find("--dtype")) dtype = ParseElementType(*v, "--dtype");
    GradOptions options;
    static_cast<WindowArgs &>(options) = ParseWindowArgs(given);
    options.dtype = dtype;
    options.outputGradFile = given.Required("--output-grad");
    options.inputFile = given.Required("--input");
    options.weightFile = given.Required("--weight");
    options.inputGradFile = given.Required("--input-grad-output");
    options.weightGradFile = given.Required("--weight-grad-output");
    for (GradTensor tensor : kAllTensors) {
        const std::string prefix = GradTensorFlag(tensor);
        GradTensorFlags &flags = options.tensors[Index(tensor)];
        if (auto *v = given.Find(prefix + "-shape")) flags.shape = ParseShape(*v, prefix + "-shape");
        if (auto *v = given.Find(prefix + "-dtype")) flags.dtype = ParseElementType(*v, prefix + "-dtype");
        flags.view = ParseViewFlags(given, prefix);
    }
    if (auto *v = given.Find("--input-grad-storage")) {
        options.inputGradStorage = ParseStorage(*v, GradTensor::InputGrad);
    }
    if (auto *v = given.Find("--weight-grad-storage")) {
        options.weightGradStorage = ParseStorage(*v, GradTensor::WeightGrad);
    }
    if (auto *v = given.Find("--chunk-bytes")) options.chunkBytes = ParseChunkBytes(*v);
    if (auto *v = given.Find("--trace")) options.traceFile = ParseTraceFile(*v);
    return options;
}

std::vector<NamedFile> GradInputFiles(const GradOptions &options)
{
    std::vector<NamedFile> files{{"--output-grad", options.outputGradFile},
                                 {"--input", options.inputFile},
                                 {"--weight", options.weightFile}};
    if (!options.actSeqLenFile.empty()) files.push_back({"--act-seq-len-file", options.actSeqLenFile});
    return files;
}

std::vector<NamedFile> GradOutputFiles(const GradOptions &options)
{
    std::vector<NamedFile> files{{"--input-grad-output", options.inputGradFile},
                                 {"--weight-grad-output", options.weightGradFile}};
    if (!options.traceFile.empty()) files.push_back({"--trace", options.traceFile});
    return files;
}

GradCallPlan PlanGradCall(const GradOptions &options)
{
    GradCallPlan plan;
    // In signature order but the input first: the defaults of the others derive from it and from
    // the weight.
    for (GradTensor tensor : {GradTensor::Input, GradTensor::Weight, GradTensor::OutputGrad, GradTensor::InputGrad,
                              GradTensor::WeightGrad}) {
        const GradTensorFlags &flags = options.tensors[Index(tensor)];
        const std::string prefix = GradTensorFlag(tensor);
        const ElementType type = flags.dtype.value_or(options.dtype);
        TensorExtent &extent = plan.tensors[Index(tensor)];
        if (tensor == GradTensor::Input) {
            extent = ViewExtentOf(options.inputShape, flags.view, type, "--shape", prefix);
        } else if (!flags.shape.empty()) {
            extent = ViewExtentOf(flags.shape, flags.view, type, prefix + "-shape", prefix);
        } else {
            const DefaultShape fallback = DefaultShapeOf(tensor, options, plan);
            extent = ViewExtentOf(fallback.shape, flags.view, type, fallback.source, prefix);
        }
    }
    for (const auto &[output, storage] : {std::pair{GradTensor::InputGrad, options.inputGradStorage},
                                          std::pair{GradTensor::WeightGrad, options.weightGradStorage}}) {
        if (!storage.own) {
            const std::string option = std::string(GradTensorFlag(output)) + "-storage " +
                                       std::string(GradTensorFlag(storage.shared)).substr(2);
            plan.tensors[Index(output)] = SharingStorage(plan[output], plan[storage.shared], option);
        }
    }
    return plan;
}
