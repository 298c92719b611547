// How the example-argument targets read a fuzz input: arguments separated by NUL bytes, or (for
// the examples that read a sequence-length file) the first byte choosing between that file's text
// and a command line.
#ifndef NSA_FUZZ_COMMAND_LINE_INPUT_H
#define NSA_FUZZ_COMMAND_LINE_INPUT_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "cli_values.h"
#include "message_oracle.h"

namespace nsa_fuzz {

inline std::vector<std::string> SplitArguments(const std::string &text)
{
    std::vector<std::string> args;
    size_t start = 0;
    for (size_t at = 0; at <= text.size(); ++at) {
        if (at == text.size() || text[at] == '\0') {
            args.push_back(text.substr(start, at - start));
            start = at + 1;
        }
    }
    return args;
}

// A first byte that is a multiple of 4 makes the rest the text of a length file named `file`
// (ParseActSeqLenText, whose refusals must pass the message oracle); any other, a command line
// handed to checkCommandLine.
template <typename CheckCommandLine>
int RunListOrCommandLine(const uint8_t *bytes, size_t size, const char *file, CheckCommandLine checkCommandLine)
{
    if (size == 0) {
        return 0;
    }
    const std::string text(reinterpret_cast<const char *>(bytes) + 1, size - 1);
    if (bytes[0] % 4 == 0) {
        try {
            ParseActSeqLenText(text, file);
        } catch (const UsageError &error) {
            CheckRefusal(error, "ParseActSeqLenText");
        }
        return 0;
    }
    checkCommandLine(SplitArguments(text));
    return 0;
}

}  // namespace nsa_fuzz

#endif  // NSA_FUZZ_COMMAND_LINE_INPUT_H
