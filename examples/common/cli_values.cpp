#include "cli_values.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <sstream>
#include <string_view>

namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

// What separates the integers of a --act-seq-len-file.
constexpr std::string_view kListSeparators = ", \t\r\n";

}  // namespace

const std::string kInt64MaxText = std::to_string(kInt64Max) + " (INT64_MAX)";

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

ElementType ParseElementType(const std::string &name, const std::string &flag)
{
    for (ElementType type : {ElementType::Float16, ElementType::BFloat16, ElementType::Float32}) {
        if (name == ElementTypeName(type)) {
            return type;
        }
    }
    throw UsageError(flag + " is '" + name + "'; it must be float16, bfloat16 or float32");
}

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

uint16_t ParseFillPattern(const std::string &text, const std::string &flag)
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
    throw UsageError(flag + " is '" + text + "'; it takes a 16-bit pattern 0x0000 to 0xFFFF");
}

int64_t ParseChunkBytes(const std::string &text)
{
    const int64_t bytes = ParseInt(text, "--chunk-bytes");
    if (bytes < 1) {
        throw UsageError("--chunk-bytes is " + text + "; it must be >= 1");
    }
    return bytes;
}

std::string ParseTraceFile(const std::string &text)
{
    if (text.empty()) {
        throw UsageError("--trace is ''; it takes the file to write the trace to");
    }
    return text;
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

std::string ShapeText(const std::vector<int64_t> &shape)
{
    std::string text = "[";
    for (size_t i = 0; i < shape.size(); ++i) {
        text += (i == 0 ? "" : ", ") + std::to_string(shape[i]);
    }
    return text + "]";
}
