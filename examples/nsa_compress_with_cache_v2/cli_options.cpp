#include "cli_options.h"

#include <algorithm>
#include <limits>
#include <map>

namespace {

std::map<std::string, bool> KnownFlags()
{
    std::map<std::string, bool> known{
        {"--dtype", false},             {"--weight-dtype", false},        {"--cache-dtype", false},
        {"--value-dtype", false},       {"--shape", true},                {"--value-shape", false},
        {"--weight-shape", false},      {"--cache-shape", true},          {"--input", true},
        {"--weight", true},             {"--cache", false},               {"--output", true},
        {"--value-input", false},       {"--value-weight", false},        {"--value-cache", false},
        {"--value-output", false},      {"--cache-fill", false},          {"--cache-storage", false},
        {"--value-cache-storage", false}, {"--slot-mapping", true},       {"--slot-shape", true},
        {"--slot-dtype", false},        {"--block-table", false},         {"--block-table-shape", false},
        {"--block-table-dtype", false}, {"--prev-seq-len", false},        {"--act-seq-len", false},
        {"--prev-seq-len-file", false}, {"--act-seq-len-file", false},
        {"--seq-len-dtype", false},     {"--block", true},                {"--stride", true},
        {"--page-block-size", false},   {"--chunk-bytes", false},         {"--trace", false},
    };
    for (const char *prefix : {"--input", "--weight", "--cache", "--value-input", "--value-weight", "--value-cache"}) {
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

bool ParseValueCacheStorage(const std::string &text)
{
    if (text == "own") return false;
    if (text == "output") return true;
    throw UsageError("--value-cache-storage is '" + text + "'; it must be own or output");
}

// The element types: --dtype, and each tensor group's own flag defaulting to it.
void ParseDtypes(const GivenFlags &given, Options *options)
{
    if (auto *v = given.Find("--dtype")) options->dtype = ParseElementType(*v, "--dtype");
    options->weightDtype = options->cacheDtype = options->valueDtype = options->dtype;
    if (auto *v = given.Find("--weight-dtype")) options->weightDtype = ParseElementType(*v, "--weight-dtype");
    if (auto *v = given.Find("--cache-dtype")) options->cacheDtype = ParseElementType(*v, "--cache-dtype");
    if (auto *v = given.Find("--value-dtype")) options->valueDtype = ParseElementType(*v, "--value-dtype");
}

void ParseShapesAndViews(const GivenFlags &given, Options *options)
{
    options->inputShape = ParseShape(given.Required("--shape"), "--shape");
    options->valueShape = options->inputShape;
    if (auto *v = given.Find("--value-shape")) options->valueShape = ParseShape(*v, "--value-shape");
    options->cacheShape = ParseShape(given.Required("--cache-shape"), "--cache-shape");
    if (auto *v = given.Find("--weight-shape")) options->weightShape = ParseShape(*v, "--weight-shape");
    options->inputView = ParseViewFlags(given, "--input");
    options->weightView = ParseViewFlags(given, "--weight");
    options->cacheView = ParseViewFlags(given, "--cache");
    options->valueInputView = ParseViewFlags(given, "--value-input");
    options->valueWeightView = ParseViewFlags(given, "--value-weight");
    options->valueCacheView = ParseViewFlags(given, "--value-cache");
}

// The K and V files. A V cache needs its output file: --value-cache alone has nowhere to go.
void ParseFiles(const GivenFlags &given, Options *options)
{
    options->key.input = given.Required("--input");
    options->key.weight = given.Required("--weight");
    options->key.output = given.Required("--output");
    if (auto *v = given.Find("--cache")) options->key.cache = *v;
    if (auto *v = given.Find("--value-input")) options->value.input = *v;
    if (auto *v = given.Find("--value-weight")) options->value.weight = *v;
    if (auto *v = given.Find("--value-cache")) options->value.cache = *v;
    if (auto *v = given.Find("--value-output")) options->value.output = *v;
    if (given.Has("--value-cache") && !given.Has("--value-output")) {
        throw UsageError("--value-cache is given without --value-output; the V cache is passed when "
                         "--value-output names the file it goes to");
    }
}

// Where the caches live, and what fills them when no file does.
void ParseCacheStorages(const GivenFlags &given, Options *options)
{
    if (auto *v = given.Find("--cache-fill")) options->cacheFill = ParseFillPattern(*v, "--cache-fill");
    if (auto *v = given.Find("--cache-storage")) options->cacheStorage = ParseCacheStorage(*v);
    if (options->cacheStorage != CacheStorage::Own && (given.Has("--cache") || given.Has("--cache-fill"))) {
        throw UsageError("--cache-storage " + given.Required("--cache-storage") +
                         " places the cache in that tensor's storage, which its file fills; --cache and "
                         "--cache-fill do not apply");
    }
    if (auto *v = given.Find("--value-cache-storage")) options->valueCacheInKeyCache = ParseValueCacheStorage(*v);
    if (options->valueCacheInKeyCache && (given.Has("--value-cache") || !given.Has("--value-output"))) {
        throw UsageError("--value-cache-storage output places the V cache in the K cache's storage: it needs "
                         "--value-output and takes no --value-cache file");
    }
}

// The list `flag` or its file `flag`-file, one of them.
LengthArgs ParseLengths(const GivenFlags &given, const std::string &flag, bool int32)
{
    const std::string fileFlag = flag + "-file";
    if (given.Has(flag) && given.Has(fileFlag)) {
        throw UsageError(flag + " and " + fileFlag + " are both given; give one");
    }
    LengthArgs lengths;
    lengths.int32 = int32;
    lengths.given = given.Has(flag) || given.Has(fileFlag);
    if (auto *v = given.Find(flag)) lengths.values = ParseList(*v, flag);
    if (auto *v = given.Find(fileFlag)) lengths.file = *v;
    return lengths;
}

// int64 (the operator's) or int32 (which it must refuse).
bool ParseSeqLenInt32(const GivenFlags &given)
{
    const std::string *value = given.Find("--seq-len-dtype");
    if (value == nullptr || *value == "int64") return false;
    if (*value == "int32") return true;
    throw UsageError("--seq-len-dtype is '" + *value + "'; it must be int64 or int32");
}

// The slot rows, the block table, the two length lists and the windows' attributes.
void ParseStepArguments(const GivenFlags &given, Options *options)
{
    options->slots = {ParseShape(given.Required("--slot-shape"), "--slot-shape"),
                      ParseIndexInt64(given, "--slot-dtype"), given.Required("--slot-mapping"), true};
    options->blockTable.given = given.Has("--block-table");
    if (options->blockTable.given != given.Has("--block-table-shape")) {
        throw UsageError("--block-table and --block-table-shape go together; give both or neither");
    }
    if (options->blockTable.given) {
        options->blockTable.file = given.Required("--block-table");
        options->blockTable.shape = ParseShape(given.Required("--block-table-shape"), "--block-table-shape");
        options->blockTable.int64 = ParseIndexInt64(given, "--block-table-dtype");
    }
    const bool int32 = ParseSeqLenInt32(given);
    options->prevSeqLen = ParseLengths(given, "--prev-seq-len", int32);
    options->actSeqLen = ParseLengths(given, "--act-seq-len", int32);
    options->blockSize = ParseInt(given.Required("--block"), "--block");
    options->stride = ParseInt(given.Required("--stride"), "--stride");
    options->pageBlockSize = options->inputShape.size() == 4 ? options->inputShape[1] : 0;
    if (auto *v = given.Find("--page-block-size")) options->pageBlockSize = ParseInt(*v, "--page-block-size");
}

// The windows of one batch ending in (prev, length], ascending from the first; none for a broken
// pair or a sequence shorter than a window.
int64_t EmittedWindows(int64_t prev, int64_t length, int64_t l, int64_t d)
{
    if (prev < 0 || length < prev || length < l) {
        return 0;
    }
    // Written so that no step can overflow: prev - l + 1 lies in (-l, INT64_MAX - l + 1].
    const int64_t start = std::max<int64_t>(prev - l + 1, 0);
    const int64_t first = start / d + (start % d != 0 ? 1 : 0);
    const int64_t last = (length - l) / d;
    return last >= first ? last - first + 1 : 0;
}

}  // namespace

Options ParseOptions(const std::vector<std::string> &args)
{
    const GivenFlags given(args, KnownFlags());
    Options options;
    ParseDtypes(given, &options);
    ParseShapesAndViews(given, &options);
    ParseFiles(given, &options);
    ParseCacheStorages(given, &options);
    ParseStepArguments(given, &options);
    if (auto *v = given.Find("--chunk-bytes")) options.chunkBytes = ParseChunkBytes(*v);
    if (auto *v = given.Find("--trace")) options.traceFile = ParseTraceFile(*v);
    return options;
}

bool HasValueInput(const Options &options) { return !options.value.input.empty(); }
bool HasValueWeight(const Options &options) { return !options.value.weight.empty(); }
bool HasValueCache(const Options &options) { return !options.value.output.empty(); }

std::vector<NamedFile> InputFiles(const Options &options)
{
    std::vector<NamedFile> files{{"--input", options.key.input},
                                 {"--weight", options.key.weight},
                                 {"--slot-mapping", options.slots.file}};
    const NamedFile optional[] = {{"--block-table", options.blockTable.file}, {"--cache", options.key.cache},
                                  {"--value-input", options.value.input}, {"--value-weight", options.value.weight},
                                  {"--value-cache", options.value.cache},
                                  {"--prev-seq-len-file", options.prevSeqLen.file},
                                  {"--act-seq-len-file", options.actSeqLen.file}};
    for (const NamedFile &file : optional) {
        if (!file.path.empty()) files.push_back(file);
    }
    return files;
}

std::vector<NamedFile> OutputFiles(const Options &options)
{
    std::vector<NamedFile> files{{"--output", options.key.output}};
    if (HasValueCache(options)) files.push_back({"--value-output", options.value.output});
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
        weightShape = {std::max<int64_t>(options.blockSize, 0), rank >= 2 ? options.inputShape[rank - 2] : 0};
    }
    const std::string weightSource = options.weightShape.empty() ? "the weight shape [--block, N]" : "--weight-shape";
    plan.weight = ViewExtentOf(weightShape, options.weightView, options.weightDtype, weightSource, "--weight");
    plan.cache = ViewExtentOf(options.cacheShape, options.cacheView, options.cacheDtype, "--cache-shape", "--cache");
    if (options.cacheStorage != CacheStorage::Own) {
        const bool input = options.cacheStorage == CacheStorage::Input;
        plan.cache = SharingStorage(plan.cache, input ? plan.input : plan.weight,
                                    std::string("--cache-storage ") + (input ? "input" : "weight"));
    }
    if (HasValueInput(options)) {
        plan.valueInput = ViewExtentOf(options.valueShape, options.valueInputView, options.valueDtype,
                                       "--value-shape", "--value-input");
    }
    if (HasValueWeight(options)) {
        plan.valueWeight = ViewExtentOf(weightShape, options.valueWeightView, options.valueDtype, weightSource,
                                        "--value-weight");
    }
    if (HasValueCache(options)) {
        plan.valueCache = ViewExtentOf(options.cacheShape, options.valueCacheView, options.valueDtype,
                                       "--cache-shape", "--value-cache");
        if (options.valueCacheInKeyCache) {
            plan.valueCache = SharingStorage(plan.valueCache, plan.cache, "--value-cache-storage output");
        }
    }
    plan.slotBytes = IndexBytes(options.slots, "--slot-shape");
    plan.tableBytes = IndexBytes(options.blockTable, "--block-table-shape");
    return plan;
}

int64_t HostNewWindows(const Options &options)
{
    const int64_t l = options.blockSize;
    const int64_t d = options.stride;
    const size_t batches = std::min(options.prevSeqLen.values.size(), options.actSeqLen.values.size());
    const int64_t columns = options.slots.shape.size() == 2 ? options.slots.shape[1] : 0;
    if (l < 1 || d < 1) {
        return 0;
    }
    int64_t windows = 0;
    for (size_t b = 0; b < batches; ++b) {
        const int64_t batch =
            std::min(EmittedWindows(options.prevSeqLen.values[b], options.actSeqLen.values[b], l, d), columns);
        // Lengths near 2^63 with as many slot columns would overflow the sum: it saturates.
        windows = batch > std::numeric_limits<int64_t>::max() - windows ? std::numeric_limits<int64_t>::max()
                                                                        : windows + batch;
    }
    return windows;
}
