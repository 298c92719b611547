// The values on the examples' command lines (integers, lists, sizes, strides, element types) and
// the text of a --act-seq-len-file, parsed as plain C++ with no ACL dependency. Every refusal is
// a UsageError whose message names the flag (or the file and line), the value and the rule.
#ifndef NSA_EXAMPLE_CLI_VALUES_H
#define NSA_EXAMPLE_CLI_VALUES_H

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

// A command line an example refuses before any call; the message names the flag, the value and
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

// "INT64_MAX" spelled out with its value, for the messages of counts that pass it.
extern const std::string kInt64MaxText;

// float16, bfloat16 or float32; `flag` names the flag in the message.
ElementType ParseElementType(const std::string &name, const std::string &flag);

// `what` names where the text comes from in the message: a flag, a list entry, a file line.
int64_t ParseInt(const std::string &text, const std::string &what);

// "<flag>[<index>]": how a message names one entry of a list.
std::string Entry(const std::string &flag, size_t index);

// A comma-separated list; the empty text is the empty list (an empty actSeqLen must reach the
// operator).
std::vector<int64_t> ParseList(const std::string &text, const std::string &flag);

// A list of sizes, each >= 0.
std::vector<int64_t> ParseShape(const std::string &text, const std::string &flag);

// A list of strides, each >= 0: aclCreateTensor refuses a negative stride, so no example can make
// such a view.
std::vector<int64_t> ParseStrides(const std::string &text, const std::string &flag);

// An integer >= 0; `what` names the quantity in the message ("a storage offset").
int64_t ParseNonNegative(const std::string &text, const std::string &flag, const std::string &what);

// A 16-bit fill pattern: "0x" and one to four hex digits.
uint16_t ParseFillPattern(const std::string &text, const std::string &flag);

// --chunk-bytes: the staging buffer's size, >= 1.
int64_t ParseChunkBytes(const std::string &text);

// --trace: the file the simulator's timeline goes to, not empty.
std::string ParseTraceFile(const std::string &text);

// The integers of a --act-seq-len-file: separated by commas and whitespace (any run of them is one
// separator). Throws UsageError naming `file`, the line and the token that is not an integer.
std::vector<int64_t> ParseActSeqLenText(const std::string &text, const std::string &file);

// "[a, b, c]".
std::string ShapeText(const std::vector<int64_t> &shape);

#endif  // NSA_EXAMPLE_CLI_VALUES_H
