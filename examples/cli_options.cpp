#include "cli_options.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>
#include <sstream>
#include <string_view>

namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
const std::string kInt64MaxText = std::to_string(kInt64Max) + " (INT64_MAX)";

// Every flag and whether it is required; --act-seq-len and --act-seq-len-file are checked as a pair.
const std::map<std::string, bool> kFlags{
    {"--dtype", false},          {"--shape", true},         {"--input", true},
    {"--weight", true},          {"--act-seq-len", false},  {"--act-seq-len-file", false},
    {"--act-seq-len-type", false}, {"--layout", false},     {"--block", true},
    {"--stride", true},          {"--output", true},        {"--output-rows", false},
    {"--weight-shape", false},   {"--weight-dtype", false}, {"--output-dtype", false},
    {"--output-shape", false},   {"--chunk-bytes", false},  {"--trace", false},
};

// What separates the integers of a --act-seq-len-file.
constexpr std::string_view kListSeparators = ", \t\r\n";

ElementType ParseElementType(const std::string &name, const std::string &flag)
{
    for (ElementType type : {ElementType::Float16, ElementType::BFloat16, ElementType::Float32}) {
        if (name == ElementTypeName(type)) {
            return type;
        }
    }
    throw UsageError(flag + " is '" + name + "'; it must be float16, bfloat16 or float32");
}

// `what` names where the text comes from in the message: a flag, a list entry, a file line.
int64_t ParseInt(const std::string &text, const std::string &what)
{
    int64_t value = 0;
    const char *end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    if (error == std::errc::result_out_of_range) {
        throw UsageError(what + ": " + text + " is outside the int64 range [" +
                         std::to_string(std::numeric_limits<int64_t>::min()) + ", " + std::to_string(kInt64Max) + "]");
    }
    if (error != std::errc() || stop != end) {
        throw UsageError(what + ": '" + text + "' is not an integer");
    }
    return value;
}

std::string Entry(const std::string &flag, size_t index)
{
    return flag + "[" + std::to_string(index) + "]";
}

// A comma-separated list; the empty text is the empty list (an empty actSeqLen must reach the
// operator).
std::vector<int64_t> ParseList(const std::string &text, const std::string &flag)
{
    std::vector<int64_t> values;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ',')) {
        values.push_back(ParseInt(item, Entry(flag, values.size())));
    }
    return values;
}

std::vector<int64_t> ParseShape(const std::string &text, const std::string &flag)
{
    std::vector<int64_t> shape = ParseList(text, flag);
    for (size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] < 0) {
            throw UsageError(Entry(flag, i) + " is " + std::to_string(shape[i]) + "; a size must be >= 0");
        }
    }
    return shape;
}

std::string ShapeText(const std::vector<int64_t> &shape)
{
    std::string text = "[";
    for (size_t i = 0; i < shape.size(); ++i) {
        text += (i == 0 ? "" : ", ") + std::to_string(shape[i]);
    }
    return text + "]";
}

std::string ActSeqLenSource(const Options &options)
{
    return options.actSeqLenFile.empty() ? "--act-seq-len" : "--act-seq-len-file " + options.actSeqLenFile;
}

}  // namespace

const char *ElementTypeName(ElementType type)
{
    switch (type) {
        case ElementType::Float16: return "float16";
        case ElementType::BFloat16: return "bfloat16";
        case ElementType::Float32: return "float32";
    }
    return "an unknown element type";
}

int64_t ElementBytes(ElementType type)
{
    return type == ElementType::Float32 ? 4 : 2;
}

Options ParseOptions(const std::vector<std::string> &args)
{
    std::map<std::string, std::string> given;
    for (size_t i = 0; i < args.size(); i += 2) {
        const std::string &flag = args[i];
        if (flag.rfind("--", 0) != 0 || i + 1 >= args.size()) {
            throw UsageError("expected '--flag value', got '" + flag + "'");
        }
        if (kFlags.count(flag) == 0) {
            throw UsageError("unknown option " + flag);
        }
        if (!given.emplace(flag, args[i + 1]).second) {
            throw UsageError(flag + " is given twice; give it once");
        }
    }
    for (const auto &[flag, required] : kFlags) {
        if (required && given.count(flag) == 0) {
            throw UsageError("missing " + flag);
        }
    }
    const bool listInline = given.count("--act-seq-len") != 0;
    const bool listInFile = given.count("--act-seq-len-file") != 0;
    if (listInline == listInFile) {
        throw UsageError(listInline ? "--act-seq-len and --act-seq-len-file are both given; give one"
                                    : "missing --act-seq-len (or --act-seq-len-file)");
    }
    auto optional = [&given](const std::string &flag) -> const std::string * {
        auto it = given.find(flag);
        return it == given.end() ? nullptr : &it->second;
    };

    Options options;
    if (auto *v = optional("--dtype")) options.dtype = ParseElementType(*v, "--dtype");
    options.inputShape = ParseShape(given.at("--shape"), "--shape");
    if (options.inputShape.size() != 3) {
        throw UsageError("--shape is '" + given.at("--shape") + "'; it takes three sizes T,N,D");
    }
    options.inputFile = given.at("--input");
    options.weightFile = given.at("--weight");
    if (auto *v = optional("--act-seq-len")) options.actSeqLen = ParseList(*v, "--act-seq-len");
    if (auto *v = optional("--act-seq-len-file")) options.actSeqLenFile = *v;
    options.blockSize = ParseInt(given.at("--block"), "--block");
    options.stride = ParseInt(given.at("--stride"), "--stride");
    options.outputFile = given.at("--output");
    if (auto *v = optional("--act-seq-len-type")) options.actSeqLenType = ParseInt(*v, "--act-seq-len-type");
    if (auto *v = optional("--layout")) options.layout = *v;
    if (auto *v = optional("--output-rows")) {
        options.outputRows = ParseInt(*v, "--output-rows");
        if (*options.outputRows < 0) {
            throw UsageError("--output-rows is " + *v + "; a row count must be >= 0");
        }
    }
    if (auto *v = optional("--weight-shape")) options.weightShape = ParseShape(*v, "--weight-shape");
    options.weightDtype = options.outputDtype = options.dtype;
    if (auto *v = optional("--weight-dtype")) options.weightDtype = ParseElementType(*v, "--weight-dtype");
    if (auto *v = optional("--output-dtype")) options.outputDtype = ParseElementType(*v, "--output-dtype");
    if (auto *v = optional("--output-shape")) options.outputShape = ParseShape(*v, "--output-shape");
    if (auto *v = optional("--chunk-bytes")) {
        options.chunkBytes = ParseInt(*v, "--chunk-bytes");
        if (options.chunkBytes < 1) {
            throw UsageError("--chunk-bytes is " + *v + "; it must be >= 1");
        }
    }
    if (auto *v = optional("--trace")) {
        if (v->empty()) {
            throw UsageError("--trace is ''; it takes the file to write the trace to");
        }
        options.traceFile = *v;
    }
    return options;
}

std::vector<int64_t> ParseActSeqLenText(const std::string &text, const std::string &file)
{
    std::vector<int64_t> values;
    int64_t line = 1;
    size_t at = 0;
    while (at < text.size()) {
        if (kListSeparators.find(text[at]) != std::string_view::npos) {
            line += text[at] == '\n' ? 1 : 0;
            ++at;
            continue;
        }
        const size_t end = std::min(text.find_first_of(kListSeparators, at), text.size());
        values.push_back(ParseInt(text.substr(at, end - at),
                                  "--act-seq-len-file " + file + " line " + std::to_string(line)));
        at = end;
    }
    return values;
}

TensorExtent ExtentOf(const std::vector<int64_t> &shape, ElementType type, const std::string &source)
{
    TensorExtent extent;
    extent.shape = shape;
    extent.type = type;
    extent.source = source;
    extent.strides.resize(shape.size());
    // From the last size to the first: the stride of a size is the product of the sizes after it;
    // with a 0 anywhere the element count is 0, but the strides before it must still fit.
    int64_t product = 1;
    for (size_t i = shape.size(); i-- > 0;) {
        extent.strides[i] = product;
        if (__builtin_mul_overflow(product, shape[i], &product)) {
            throw UsageError(source + " is " + ShapeText(shape) + ": the product of its sizes from position " +
                             std::to_string(i) + " on passes " + kInt64MaxText);
        }
    }
    extent.elements = product;
    if (__builtin_mul_overflow(product, ElementBytes(type), &extent.bytes)) {
        throw UsageError(source + " is " + ShapeText(shape) + ": " + std::to_string(product) + " " +
                         ElementTypeName(type) + " elements take more than " + kInt64MaxText + " bytes");
    }
    return extent;
}

std::string Describe(const TensorExtent &extent)
{
    return extent.source + " is " + ShapeText(extent.shape) + " of " + ElementTypeName(extent.type);
}

int64_t HostOutputRows(const Options &options)
{
    if (options.blockSize <= 0 || options.stride <= 0) {
        return 0;
    }
    const int64_t tokens = options.inputShape[0];
    int64_t rows = 0;
    int64_t begin = 0;  // 0 <= begin <= tokens throughout
    for (int64_t value : options.actSeqLen) {
        // Every sequence is read inside [begin, T]. That leaves a legal list as it is (its ends
        // never pass T) and gives an illegal one (a negative entry, a decreasing end, an end or a
        // sum past T) some count without overflow, because the operator rejects such a list before
        // it looks at the output shape. So K <= T, and no sum below can overflow.
        const int64_t length = options.actSeqLenType == 1 ? std::clamp<int64_t>(value, 0, tokens - begin)
                                                          : std::clamp<int64_t>(value, begin, tokens) - begin;
        if (length >= options.blockSize) {
            rows += (length - options.blockSize) / options.stride + 1;
        }
        begin += length;
    }
    return rows;
}

CallPlan PlanCall(const Options &options)
{
    CallPlan plan;
    plan.input = ExtentOf(options.inputShape, options.dtype, "--shape");
    if (!options.weightShape.empty()) {
        plan.weight = ExtentOf(options.weightShape, options.weightDtype, "--weight-shape");
    } else {
        // A negative block size must reach the operator, which names it; a negative size cannot be
        // a tensor's, so the default weight shape takes it as 0 rows.
        plan.weight = ExtentOf({std::max<int64_t>(options.blockSize, 0), options.inputShape[1]}, options.weightDtype,
                               "the weight shape [l, N] (from --block and --shape)");
    }
    if (!options.outputShape.empty()) {
        plan.output = ExtentOf(options.outputShape, options.outputDtype, "--output-shape");
        return plan;
    }
    const int64_t rows = options.outputRows ? *options.outputRows : HostOutputRows(options);
    const std::string source = options.outputRows
                                   ? std::string("the output shape [--output-rows, N, D]")
                                   : "the output shape [K, N, D] (K from " + ActSeqLenSource(options) + ")";
    plan.output = ExtentOf({rows, options.inputShape[1], options.inputShape[2]}, options.outputDtype, source);
    return plan;
}
