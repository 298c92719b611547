#include "cli_options.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <map>
#include <sstream>
#include <string_view>
#include <utility>

namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
const std::string kInt64MaxText = std::to_string(kInt64Max) + " (INT64_MAX)";

// Every flag and whether it is required; --act-seq-len and --act-seq-len-file are checked as a pair.
// Neither sequence flag means a null actSeqLenOptional.
const std::map<std::string, bool> kFlags{
    {"--dtype", false},          {"--shape", true},          {"--input", true},
    {"--weight", true},          {"--act-seq-len", false},   {"--act-seq-len-file", false},
    {"--act-seq-len-type", false}, {"--layout", false},      {"--block", true},
    {"--stride", true},          {"--output", true},         {"--output-rows", false},
    {"--weight-shape", false},   {"--weight-dtype", false},  {"--output-dtype", false},
    {"--output-shape", false},   {"--chunk-bytes", false},   {"--trace", false},
    {"--heads", false},          {"--input-strides", false}, {"--input-offset", false},
    {"--weight-strides", false}, {"--weight-offset", false}, {"--output-strides", false},
    {"--output-offset", false},  {"--output-fill", false},   {"--output-storage", false},
};

// The layouts the operator documents, with the sizes --shape takes for each.
struct KnownLayout {
    const char *name;
    const char *sizes;
};
constexpr KnownLayout kLayouts[] = {
    {"TND", "T,N,D"}, {"BSND", "B,S,N,D"}, {"BNSD", "B,N,S,D"}, {"BSH", "B,S,H"}, {"SBH", "S,B,H"},
};

const KnownLayout *FindLayout(const std::string &name)
{
    for (const KnownLayout &layout : kLayouts) {
        if (name == layout.name) {
            return &layout;
        }
    }
    return nullptr;
}

// BSH and SBH give H = N * D, not N.
bool FusedHeads(const std::string &layout)
{
    return layout == "BSH" || layout == "SBH";
}

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

// aclCreateTensor refuses a negative stride, so the example cannot make such a view.
std::vector<int64_t> ParseStrides(const std::string &text, const std::string &flag)
{
    std::vector<int64_t> strides = ParseList(text, flag);
    for (size_t i = 0; i < strides.size(); ++i) {
        if (strides[i] < 0) {
            throw UsageError(Entry(flag, i) + " is " + std::to_string(strides[i]) +
                             "; aclCreateTensor takes strides >= 0");
        }
    }
    return strides;
}

int64_t ParseNonNegative(const std::string &text, const std::string &flag, const std::string &what)
{
    const int64_t value = ParseInt(text, flag);
    if (value < 0) {
        throw UsageError(flag + " is " + text + "; " + what + " must be >= 0");
    }
    return value;
}

// "0x" and one to four hex digits.
uint16_t ParseFill(const std::string &text)
{
    const bool prefixed = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    unsigned value = 0;
    if (prefixed && text.size() <= 6) {
        const char *begin = text.data() + 2;
        const char *end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(begin, end, value, 16);
        if (error == std::errc() && stop == end) {
            return static_cast<uint16_t>(value);
        }
    }
    throw UsageError("--output-fill is '" + text + "'; it takes a 16-bit pattern 0x0000 to 0xFFFF");
}

OutputStorage ParseOutputStorage(const std::string &text)
{
    if (text == "own") return OutputStorage::Own;
    if (text == "input") return OutputStorage::Input;
    if (text == "weight") return OutputStorage::Weight;
    throw UsageError("--output-storage is '" + text + "'; it must be own, input or weight");
}

// The number of sizes --shape must have for --layout: what the host arithmetic reads.
void CheckShapeFitsLayout(const Options &options, const std::string &text)
{
    const KnownLayout *known = FindLayout(options.layout);
    const size_t count = options.inputShape.size();
    if (known != nullptr) {
        const size_t want = std::count(known->sizes, known->sizes + std::strlen(known->sizes), ',') + 1;
        if (count != want) {
            throw UsageError("--shape is '" + text + "'; layout " + known->name + " takes " + std::to_string(want) +
                             " sizes " + known->sizes);
        }
    } else if (count != 3 && count != 4) {
        throw UsageError("--shape is '" + text + "'; layout '" + options.layout +
                         "' is not one the example knows (the operator judges it), so --shape takes three sizes, "
                         "read as T,N,D, or four, read as B,S,N,D");
    }
    if (FusedHeads(options.layout) && !options.heads) {
        throw UsageError("layout " + options.layout + ": --shape " + known->sizes +
                         " does not give the head count N (H = N * D); give --heads N");
    }
}

// a * b, or INT64_MAX when that passes it (a, b >= 0).
int64_t SaturatingMul(int64_t a, int64_t b)
{
    int64_t product = 0;
    return __builtin_mul_overflow(a, b, &product) ? kInt64Max : product;
}

int64_t SaturatingAdd(int64_t a, int64_t b)
{
    int64_t sum = 0;
    return __builtin_add_overflow(a, b, &sum) ? kInt64Max : sum;
}

// Windows of a sequence of `length` tokens (l, d > 0).
int64_t Windows(int64_t length, int64_t l, int64_t d)
{
    return length >= l ? (length - l) / d + 1 : 0;
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
    if (options.nullActSeqLen) {
        return "S of --shape, actSeqLen being null";
    }
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
    if (listInline && listInFile) {
        throw UsageError("--act-seq-len and --act-seq-len-file are both given; give one");
    }
    auto optional = [&given](const std::string &flag) -> const std::string * {
        auto it = given.find(flag);
        return it == given.end() ? nullptr : &it->second;
    };

    Options options;
    if (auto *v = optional("--dtype")) options.dtype = ParseElementType(*v, "--dtype");
    options.inputShape = ParseShape(given.at("--shape"), "--shape");
    if (auto *v = optional("--layout")) options.layout = *v;
    if (auto *v = optional("--heads")) options.heads = ParseNonNegative(*v, "--heads", "a head count");
    CheckShapeFitsLayout(options, given.at("--shape"));
    options.nullActSeqLen = !listInline && !listInFile;
    options.inputFile = given.at("--input");
    options.weightFile = given.at("--weight");
    if (auto *v = optional("--act-seq-len")) options.actSeqLen = ParseList(*v, "--act-seq-len");
    if (auto *v = optional("--act-seq-len-file")) options.actSeqLenFile = *v;
    options.blockSize = ParseInt(given.at("--block"), "--block");
    options.stride = ParseInt(given.at("--stride"), "--stride");
    options.outputFile = given.at("--output");
    if (auto *v = optional("--act-seq-len-type")) options.actSeqLenType = ParseInt(*v, "--act-seq-len-type");
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
    const std::pair<const char *, ViewFlags *> views[] = {
        {"--input", &options.inputView}, {"--weight", &options.weightView}, {"--output", &options.outputView}};
    for (const auto &[prefix, view] : views) {
        const std::string flag(prefix);
        if (auto *v = optional(flag + "-strides")) view->strides = ParseStrides(*v, flag + "-strides");
        if (auto *v = optional(flag + "-offset")) {
            view->offset = ParseNonNegative(*v, flag + "-offset", "a storage offset");
        }
    }
    if (auto *v = optional("--output-storage")) options.outputStorage = ParseOutputStorage(*v);
    if (auto *v = optional("--output-fill")) {
        options.outputFill = ParseFill(*v);
        options.outputFillGiven = true;
        if (options.outputStorage != OutputStorage::Own) {
            throw UsageError("--output-fill is given with --output-storage " + given.at("--output-storage") +
                             "; the output then lives in that tensor's storage, which its file fills");
        }
    }
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
    extent.storageElements = product;
    if (__builtin_mul_overflow(product, ElementBytes(type), &extent.storageBytes)) {
        throw UsageError(source + " is " + ShapeText(shape) + ": " + std::to_string(product) + " " +
                         ElementTypeName(type) + " elements take more than " + kInt64MaxText + " bytes");
    }
    return extent;
}

TensorExtent ViewExtentOf(const std::vector<int64_t> &shape, const ViewFlags &view, ElementType type,
                          const std::string &source, const std::string &flag)
{
    const std::string stridesFlag = flag + "-strides";
    const std::string offsetFlag = flag + "-offset";
    TensorExtent extent;
    if (view.strides.empty()) {
        extent = ExtentOf(shape, type, source);
    } else {
        if (view.strides.size() != shape.size()) {
            throw UsageError(stridesFlag + " is " + ShapeText(view.strides) + ", " +
                             std::to_string(view.strides.size()) + " strides; " + source + " is " +
                             ShapeText(shape) + ", which takes one stride per size (" +
                             std::to_string(shape.size()) + ")");
        }
        extent.shape = shape;
        extent.strides = view.strides;
        extent.type = type;
        extent.source = source;
        extent.contiguous = false;
        // The view's element count, 0 when a size is 0 whatever the others are.
        int64_t elements = std::count(shape.begin(), shape.end(), 0) > 0 ? 0 : 1;
        for (int64_t size : shape) {
            if (elements != 0 && __builtin_mul_overflow(elements, size, &elements)) {
                throw UsageError(source + " is " + ShapeText(shape) + ": its element count passes " + kInt64MaxText);
            }
        }
        extent.elements = elements;
    }
    extent.offset = view.offset;
    extent.contiguous = extent.contiguous && view.offset == 0;
    // The storage: up to the view's farthest element, offset + sum((size_i - 1) * stride_i).
    extent.storageElements = 0;
    if (extent.elements > 0) {
        int64_t farthest = view.offset;
        for (size_t i = 0; i < shape.size(); ++i) {
            int64_t step = 0;
            if (__builtin_mul_overflow(shape[i] - 1, extent.strides[i], &step) ||
                __builtin_add_overflow(farthest, step, &farthest) ||
                (i + 1 == shape.size() && __builtin_add_overflow(farthest, 1, &extent.storageElements))) {
                throw UsageError(source + " is " + ShapeText(shape) + " with " + stridesFlag + " " +
                                 ShapeText(extent.strides) + " and " + offsetFlag + " " +
                                 std::to_string(view.offset) + ": its storage, offset + 1 + sum((size - 1) * "
                                 "stride), passes " + kInt64MaxText + " elements");
            }
        }
    }
    if (__builtin_mul_overflow(extent.storageElements, ElementBytes(type), &extent.storageBytes)) {
        throw UsageError(source + " is " + ShapeText(shape) + " with " + stridesFlag + " " +
                         ShapeText(extent.strides) + " and " + offsetFlag + " " + std::to_string(view.offset) +
                         ": its storage of " + std::to_string(extent.storageElements) + " " + ElementTypeName(type) +
                         " elements takes more than " + kInt64MaxText + " bytes");
    }
    return extent;
}

std::string Describe(const TensorExtent &extent)
{
    std::string text = extent.source + " is " + ShapeText(extent.shape) + " of " + ElementTypeName(extent.type);
    if (!extent.contiguous) {
        text += " with strides " + ShapeText(extent.strides) + " and offset " + std::to_string(extent.offset) +
                ", a storage of " + std::to_string(extent.storageElements) + " elements";
    }
    return text;
}

LayoutDims ReadLayout(const Options &options)
{
    const std::vector<int64_t> &shape = options.inputShape;
    // A size the shape does not have reads as 0 (ParseOptions makes the counts fit the layout).
    auto size = [&shape](size_t i) { return i < shape.size() ? shape[i] : 0; };
    const std::string &layout = options.layout;
    LayoutDims dims;
    dims.batched = true;
    int64_t fused = -1;   // H of BSH and SBH
    if (layout == "BSND" || (FindLayout(layout) == nullptr && shape.size() == 4)) {
        dims.batches = size(0), dims.seqLen = size(1), dims.heads = size(2), dims.headDim = size(3);
    } else if (layout == "BNSD") {
        dims.batches = size(0), dims.heads = size(1), dims.seqLen = size(2), dims.headDim = size(3);
    } else if (layout == "BSH") {
        dims.batches = size(0), dims.seqLen = size(1), fused = size(2);
    } else if (layout == "SBH") {
        dims.seqLen = size(0), dims.batches = size(1), fused = size(2);
    } else {
        dims.batched = false;
        dims.batches = 1, dims.seqLen = size(0), dims.heads = size(1), dims.headDim = size(2);
    }
    if (options.heads) {
        dims.heads = *options.heads;
    }
    if (fused >= 0) {
        dims.headDim = dims.heads > 0 ? fused / dims.heads : 0;
    }
    return dims;
}

int64_t HostOutputRows(const Options &options)
{
    const int64_t l = options.blockSize;
    const int64_t d = options.stride;
    if (l <= 0 || d <= 0) {
        return 0;
    }
    const LayoutDims dims = ReadLayout(options);
    const std::vector<int64_t> &list = options.actSeqLen;
    if (!dims.batched) {
        if (options.nullActSeqLen) {
            return 0;
        }
        const int64_t tokens = dims.seqLen;
        int64_t rows = 0;
        int64_t begin = 0;  // 0 <= begin <= tokens throughout
        for (int64_t value : list) {
            // Every sequence is read inside [begin, T]. That leaves a legal list as it is (its ends
            // never pass T) and gives an illegal one (a negative entry, a decreasing end, an end or
            // a sum past T) some count without overflow, because the operator rejects such a list
            // before it looks at the output shape. So K <= T, and no sum below can overflow.
            const int64_t length = options.actSeqLenType == 1 ? std::clamp<int64_t>(value, 0, tokens - begin)
                                                              : std::clamp<int64_t>(value, begin, tokens) - begin;
            rows += Windows(length, l, d);
            begin += length;
        }
        return rows;
    }
    // Batched: batch b holds its first len_b of S tokens. Without a list every batch is full.
    const int64_t S = dims.seqLen;
    if (options.nullActSeqLen) {
        return SaturatingMul(dims.batches, Windows(S, l, d));
    }
    // Each length is read inside [0, S] and entries past B are not read (a count other than B is
    // the operator's to refuse), so K <= B * S; the sum saturates where that passes INT64_MAX.
    const size_t count = static_cast<size_t>(std::min<int64_t>(dims.batches, static_cast<int64_t>(list.size())));
    int64_t rows = 0;
    for (size_t b = 0; b < count; ++b) {
        const __int128 step = options.actSeqLenType == 1
                                  ? static_cast<__int128>(list[b])
                                  : static_cast<__int128>(list[b]) - (b == 0 ? 0 : static_cast<__int128>(list[b - 1]));
        const int64_t length = static_cast<int64_t>(std::clamp<__int128>(step, 0, S));
        rows = SaturatingAdd(rows, Windows(length, l, d));
    }
    return rows;
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
        // A negative block size must reach the operator, which names it; a negative size cannot be
        // a tensor's, so the default weight shape takes it as 0 rows.
        const std::string source = std::string("the weight shape [l, N] (from --block and ") +
                                   (options.heads ? "--heads)" : "--shape)");
        plan.weight = ViewExtentOf({std::max<int64_t>(options.blockSize, 0), dims.heads}, options.weightView,
                                   options.weightDtype, source, "--weight");
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
        const TensorExtent &shared = input ? plan.input : plan.weight;
        const int64_t sharedElements = shared.storageBytes / ElementBytes(options.outputDtype);
        if (plan.output.storageElements > sharedElements) {
            throw UsageError(Describe(plan.output) + ": with --output-storage " + (input ? "input" : "weight") +
                             " it must fit that storage of " + std::to_string(sharedElements) + " " +
                             ElementTypeName(options.outputDtype) + " elements, but it reaches element " +
                             std::to_string(plan.output.storageElements - 1));
        }
        plan.output.storageElements = sharedElements;
        plan.output.storageBytes = sharedElements * ElementBytes(options.outputDtype);
    }
    return plan;
}
