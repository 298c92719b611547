// libFuzzer oracle every example-argument target shares: a refusal has a message, and that
// message, as the example prints it (PrintableText), holds no byte a terminal would obey, whatever
// the fuzzed arguments or file text it quotes.
#ifndef NSA_FUZZ_MESSAGE_ORACLE_H
#define NSA_FUZZ_MESSAGE_ORACLE_H

#include <cstdint>
#include <string>

#include "cli_values.h"
#include "extent_oracle.h"
#include "printable_text.h"

namespace nsa_fuzz {

// `who` names the refusing function in the failure ("ParseOptions").
inline void CheckRefusal(const UsageError &error, const char *who)
{
    const std::string message = error.what();
    if (message.empty()) {
        Fail("a refusal without a message from", who);
    }
    const std::string printed = PrintableText(message);
    for (size_t i = 0; i < printed.size(); ++i) {
        const uint8_t byte = static_cast<uint8_t>(printed[i]);
        const bool c1 = byte == 0xC2 && i + 1 < printed.size() && static_cast<uint8_t>(printed[i + 1]) <= 0x9F;
        if (byte < 0x20 || byte == 0x7F || c1) {
            Fail("a printed message holds a control byte", who + std::string(": ") + printed);
        }
    }
}

}  // namespace nsa_fuzz

#endif  // NSA_FUZZ_MESSAGE_ORACLE_H
