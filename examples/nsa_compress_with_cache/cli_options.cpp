#include "cli_options.h"

#include <map>

namespace {

constexpr int64_t kInt32Bytes = 4;
constexpr int64_t kInt64Bytes = 8;

std::map<std::string, bool> KnownFlags()
{
    std::map<std::string, bool> known{
        {"--dtype", false},           {"--weight-dtype", false},       {"--cache-dtype", false},
        {"--shape", true},            {"--weight-shape", false},       {"--cache-shape", true},
        {"--input", true},            {"--weight", true},              {"--cache", false},
        {"--output", true},           {"--cache-fill", false},         {"--cache-storage", false},
        {"--slot-mapping", true},     {"--slot-shape", false},         {"--slot-dtype", false},
        {"--block-table", false},     {"--block-table-shape", false},  {"--block-table-dtype", false},
        {"--act-seq-len", false},     {"--act-seq-len-file", false},   {"--act-seq-len-type", false},
        {"--layout", false},          {"--block", true},               {"--stride", true},
        {"--page-block-size", false}, {"--chunk-bytes", false},        {"--trace", false},
        {"--repeat", false},
    };
    for (const char *prefix : {"--input", "--weight", "--cache"}) {
        AddViewFlags(prefix, &known);
    }
    return known;
}

CacheStorage ParseCacheStorage(const std::string &text)
{
    if (text == "own") return CacheStorage::Own;
    if (text == "input") return CacheStorage::Input;
    if (text == "weight") return CacheStorage::Weight;
    throw UsageError("--cache-storage is '" + text + "'; it must be own, input or weight");
}

// int32 (the operator's) or int64 (which it must refuse).
bool ParseIndexInt64(const GivenFlags &given, const std::string &flag)
{
    const std::string *value = given.Find(flag);
    if (value == nullptr || *value == "int32") {
        return false;
    }
    if (*value == "int64") {
        return true;
    }
    throw UsageError(flag + " is '" + *value + "'; it must be int32 or int64");
}

// The sequence list, its type and the windows' arguments.
void ParseWindowArguments(const GivenFlags &given, Options *options)
{
    if (given.Has("--act-seq-len") && given.Has("--act-seq-len-file")) {
        throw UsageError("--act-seq-len and --act-seq-len-file are both given; give one");
    }
    options->nullActSeqLen = !given.Has("--act-seq-len") && !given.Has("--act-seq-len-file");
    if (auto *v = given.Find("--act-seq-len")) options->actSeqLen = ParseList(*v, "--act-seq-len");
    if (auto *v = given.Find("--act-seq-len-file")) options->actSeqLenFile = *v;
    if (auto *v = given.Find("--act-seq-len-type")) options->actSeqLenType = ParseInt(*v, "--act-seq-len-type");
    if (auto *v = given.Find("--layout")) {
        options->nullLayout = *v == "null";
        options->layout = *v;
    }
    options->blockSize = ParseInt(given.Required("--block"), "--block");
    options->stride = ParseInt(given.Required("--stride"), "--stride");
    const bool paged = options->inputShape.size() == 4;
    options->pageBlockSize = paged ? options->inputShape[1] : 0;
    if (auto *v = given.Find("--page-block-size")) options->pageBlockSize = ParseInt(*v, "--page-block-size");
}

// The slot mapping (its length defaults to the list's) and the optional block table.
void ParseIndexTensors(const GivenFlags &given, Options *options)
{
    options->slots.file = given.Required("--slot-mapping");
    options->slots.given = true;
    options->slots.int64 = ParseIndexInt64(given, "--slot-dtype");
    options->slots.shape = {static_cast<int64_t>(options->actSeqLen.size())};
    options->slotShapeGiven = given.Has("--slot-shape");
    if (options->slotShapeGiven) options->slots.shape = ParseShape(given.Required("--slot-shape"), "--slot-shape");
    options->blockTable.given = given.Has("--block-table");
    if (options->blockTable.given != given.Has("--block-table-shape")) {
        throw UsageError("--block-table and --block-table-shape go together; give both or neither");
    }
    if (options->blockTable.given) {
        options->blockTable.file = given.Required("--block-table");
        options->blockTable.shape = ParseShape(given.Required("--block-table-shape"), "--block-table-shape");
        options->blockTable.int64 = ParseIndexInt64(given, "--block-table-dtype");
    }
}

// Bytes of an index tensor's contiguous storage; throws past INT64_MAX.
int64_t IndexBytes(const IndexTensorArgs &tensor, const std::string &flag)
{
    if (!tensor.given) {
        return 0;
    }
    const TensorExtent extent = ExtentOf(tensor.shape, ElementType::Float32, flag);
    const int64_t elementBytes = tensor.int64 ? kInt64Bytes : kInt32Bytes;
    if (extent.elements > INT64_MAX / elementBytes) {
        throw UsageError(flag + " " + ShapeText(tensor.shape) + " takes more than " + kInt64MaxText + " bytes");
    }
    return extent.elements * elementBytes;
}

}  // namespace

Options ParseOptions(const std::vector<std::string> &args)
{
    const GivenFlags given(args, KnownFlags());
    Options options;
    if (auto *v = given.Find("--dtype")) options.dtype = ParseElementType(*v, "--dtype");
    options.weightDtype = options.cacheDtype = options.dtype;
    if (auto *v = given.Find("--weight-dtype")) options.weightDtype = ParseElementType(*v, "--weight-dtype");
    if (auto *v = given.Find("--cache-dtype")) options.cacheDtype = ParseElementType(*v, "--cache-dtype");
    options.inputShape = ParseShape(given.Required("--shape"), "--shape");
    options.cacheShape = ParseShape(given.Required("--cache-shape"), "--cache-shape");
    if (auto *v = given.Find("--weight-shape")) options.weightShape = ParseShape(*v, "--weight-shape");
    options.inputView = ParseViewFlags(given, "--input");
    options.weightView = ParseViewFlags(given, "--weight");
    options.cacheView = ParseViewFlags(given, "--cache");
    options.inputFile = given.Required("--input");
    options.weightFile = given.Required("--weight");
    options.outputFile = given.Required("--output");
    if (auto *v = given.Find("--cache")) options.cacheFile = *v;
    if (auto *v = given.Find("--cache-storage")) options.cacheStorage = ParseCacheStorage(*v);
    if (auto *v = given.Find("--cache-fill")) options.cacheFill = ParseFillPattern(*v, "--cache-fill");
    if (options.cacheStorage != CacheStorage::Own && (given.Has("--cache") || given.Has("--cache-fill"))) {
        throw UsageError("--cache-storage " + given.Required("--cache-storage") +
                         " places the cache in that tensor's storage, which its file fills; --cache and "
                         "--cache-fill do not apply");
    }
    ParseWindowArguments(given, &options);
    ParseIndexTensors(given, &options);
    if (auto *v = given.Find("--chunk-bytes")) options.chunkBytes = ParseChunkBytes(*v);
    if (auto *v = given.Find("--trace")) options.traceFile = ParseTraceFile(*v);
    if (auto *v = given.Find("--repeat")) options.repeat = ParseInt(*v, "--repeat");
    if (options.repeat < 1) {
        throw UsageError("--repeat is " + std::to_string(options.repeat) + "; it must be at least 1");
    }
    return options;
}

std::vector<NamedFile> InputFiles(const Options &options)
{
    std::vector<NamedFile> files{{"--input", options.inputFile},
                                 {"--weight", options.weightFile},
                                 {"--slot-mapping", options.slots.file}};
    if (options.blockTable.given) files.push_back({"--block-table", options.blockTable.file});
    if (!options.cacheFile.empty()) files.push_back({"--cache", options.cacheFile});
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
    CallPlan plan;
    plan.input = ViewExtentOf(options.inputShape, options.inputView, options.dtype, "--shape", "--input");
    std::vector<int64_t> weightShape = options.weightShape;
    const size_t rank = options.inputShape.size();
    if (weightShape.empty()) {
        weightShape = {options.blockSize < 0 ? 0 : options.blockSize, rank >= 2 ? options.inputShape[rank - 2] : 0};
    }
    plan.weight = ViewExtentOf(weightShape, options.weightView, options.weightDtype,
                               options.weightShape.empty() ? "the weight shape [--block, N]" : "--weight-shape",
                               "--weight");
    plan.cache = ViewExtentOf(options.cacheShape, options.cacheView, options.cacheDtype, "--cache-shape", "--cache");
    if (options.cacheStorage != CacheStorage::Own) {
        const bool input = options.cacheStorage == CacheStorage::Input;
        plan.cache = SharingStorage(plan.cache, input ? plan.input : plan.weight,
                                    std::string("--cache-storage ") + (input ? "input" : "weight"));
    }
    plan.slotBytes = IndexBytes(options.slots, "--slot-shape");
    plan.tableBytes = IndexBytes(options.blockTable, "--block-table-shape");
    return plan;
}

int64_t HostDueBatches(const Options &options)
{
    const int64_t l = options.blockSize;
    const int64_t d = options.stride;
    if (l < 1 || d < 1) {
        return 0;
    }
    int64_t due = 0;
    int64_t previous = 0;
    for (int64_t value : options.actSeqLen) {
        int64_t length = value;
        if (options.actSeqLenType == 0 && __builtin_sub_overflow(value, previous, &length)) {
            length = -1;
        }
        previous = value;
        due += length >= l && (length - l) % d == 0 ? 1 : 0;
    }
    return due;
}
