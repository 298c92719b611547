#include "cli_options.h"

#include <map>
#include <utility>

namespace {

// The forward example's flags besides the windows' (window_args.h) and the views'; --output is
// required. --act-seq-len and --act-seq-len-file are checked as a pair; neither means a null
// actSeqLenOptional.
std::map<std::string, bool> KnownFlags()
{
    std::map<std::string, bool> known{
        {"--dtype", false},         {"--input", true},          {"--weight", true},
        {"--output", true},         {"--output-rows", false},   {"--weight-shape", false},
        {"--weight-dtype", false},  {"--output-dtype", false},  {"--output-shape", false},
        {"--chunk-bytes", false},   {"--trace", false},         {"--output-fill", false},
        {"--output-storage", false},
    };
    AddWindowFlags(&known);
    for (const char *prefix : {"--input", "--weight", "--output"}) {
        AddViewFlags(prefix, &known);
    }
    return known;
}

OutputStorage ParseOutputStorage(const std::string &text)
{
    if (text == "own") return OutputStorage::Own;
    if (text == "input") return OutputStorage::Input;
    if (text == "weight") return OutputStorage::Weight;
    throw UsageError("--output-storage is '" + text + "'; it must be own, input or weight");
}

}  // namespace

Options ParseOptions(const std::vector<std::string> &args)
{
    const GivenFlags given(args, KnownFlags());
    CheckOneSequenceList(given);
    ElementType dtype = ElementType::Float16;
    if (auto *v = given.Find("--dtype")) dtype = ParseElementType(*v, "--dtype");
    Options options;
    static_cast<WindowArgs &>(options) = ParseWindowArgs(given);
    options.dtype = dtype;
    options.inputFile = given.Required("--input");
    options.weightFile = given.Required("--weight");
    options.outputFile = given.Required("--output");
    if (auto *v = given.Find("--output-rows")) {
        options.outputRows = ParseInt(*v, "--output-rows");
        if (*options.outputRows < 0) {
            throw UsageError("--output-rows is " + *v + "; a row count must be >= 0");
        }
    }
    if (auto *v = given.Find("--weight-shape")) options.weightShape = ParseShape(*v, "--weight-shape");
    options.weightDtype = options.outputDtype = options.dtype;
    if (auto *v = given.Find("--weight-dtype")) options.weightDtype = ParseElementType(*v, "--weight-dtype");
    if (auto *v = given.Find("--output-dtype")) options.outputDtype = ParseElementType(*v, "--output-dtype");
    if (auto *v = given.Find("--output-shape")) options.outputShape = ParseShape(*v, "--output-shape");
    options.inputView = ParseViewFlags(given, "--input");
    options.weightView = ParseViewFlags(given, "--weight");
    options.outputView = ParseViewFlags(given, "--output");
    if (auto *v = given.Find("--output-storage")) options.outputStorage = ParseOutputStorage(*v);
    if (auto *v = given.Find("--output-fill")) {
        options.outputFill = ParseFillPattern(*v, "--output-fill");
        options.outputFillGiven = true;
        if (options.outputStorage != OutputStorage::Own) {
            throw UsageError("--output-fill is given with --output-storage " + given.Required("--output-storage") +
                             "; the output then lives in that tensor's storage, which its file fills");
        }
    }
    if (auto *v = given.Find("--chunk-bytes")) options.chunkBytes = ParseChunkBytes(*v);
    if (auto *v = given.Find("--trace")) options.traceFile = ParseTraceFile(*v);
    return options;
}

std::vector<NamedFile> InputFiles(const Options &options)
{
    std::vector<NamedFile> files{{"--input", options.inputFile}, {"--weight", options.weightFile}};
    if (!options.actSeqLenFile.empty()) files.push_back({"--act-seq-len-file", options.actSeqLenFile});
    return files;
}

std::vector<NamedFile> OutputFiles(const Options &options)
{
    std::vector<NamedFile> files{{"--output", options.outputFile}};
    if (!options.traceFile.empty()) files.push_back({"--trace", options.traceFile});
    return files;
}

CallPlan PlanCall(const Options &options)
{
    const LayoutDims dims = ReadLayout(options);
    CallPlan plan;
    plan.input = ViewExtentOf(options.inputShape, options.inputView, options.dtype, "--shape", "--input");
    if (!options.weightShape.empty()) {
        plan.weight = ViewExtentOf(options.weightShape, options.weightView, options.weightDtype, "--weight-shape",
                                   "--weight");
    } else {
        plan.weight = ViewExtentOf(DefaultWeightShape(options), options.weightView, options.weightDtype,
                                   DefaultWeightSource(options), "--weight");
    }
    if (!options.outputShape.empty()) {
        plan.output = ViewExtentOf(options.outputShape, options.outputView, options.outputDtype, "--output-shape",
                                   "--output");
    } else {
        const int64_t rows = options.outputRows ? *options.outputRows : HostOutputRows(options);
        const std::string source = options.outputRows
                                       ? std::string("the output shape [--output-rows, N, D]")
                                       : "the output shape [K, N, D] (K from " + ActSeqLenSource(options) + ")";
        plan.output = ViewExtentOf({rows, dims.heads, dims.headDim}, options.outputView, options.outputDtype, source,
                                   "--output");
    }
    if (options.outputStorage != OutputStorage::Own) {
        // The output view inside the input's (or weight's) storage, counted in output elements.
        const bool input = options.outputStorage == OutputStorage::Input;
        plan.output = SharingStorage(plan.output, input ? plan.input : plan.weight,
                                     std::string("--output-storage ") + (input ? "input" : "weight"));
    }
    return plan;
}
