#include "printable_text.h"

#include <cstdint>
#include <cstdio>

namespace {

// The length of the well-formed UTF-8 sequence at `at` (RFC 3629: no overlong form, no surrogate,
// nothing past U+10FFFF), or 0 when the bytes there are not one.
size_t Utf8SequenceLength(std::string_view bytes, size_t at)
{
    const auto byte = [&bytes](size_t i) { return static_cast<uint8_t>(bytes[i]); };
    const uint8_t lead = byte(at);
    size_t length = 0;
    uint8_t low = 0x80;   // the range of the second byte, narrowed for the leads that need it
    uint8_t high = 0xBF;
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        low = lead == 0xE0 ? 0xA0 : 0x80;
        high = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        low = lead == 0xF0 ? 0x90 : 0x80;
        high = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (at + length > bytes.size() || byte(at + 1) < low || byte(at + 1) > high) return 0;
    for (size_t i = 2; i < length; ++i) {
        if (byte(at + i) < 0x80 || byte(at + i) > 0xBF) return 0;
    }
    return length;
}

// U+0080 to U+009F, the C1 controls: C2 80 to C2 9F in UTF-8. A terminal may take 0x9B as CSI.
bool IsC1Control(std::string_view bytes, size_t at)
{
    return static_cast<uint8_t>(bytes[at]) == 0xC2 && static_cast<uint8_t>(bytes[at + 1]) <= 0x9F;
}

void AppendEscaped(std::string_view bytes, std::string *out)
{
    for (const char c : bytes) {
        char escape[5];
        std::snprintf(escape, sizeof(escape), "\\x%02x", static_cast<unsigned>(static_cast<uint8_t>(c)));
        *out += escape;
    }
}

}  // namespace

std::string PrintableText(std::string_view bytes)
{
    std::string out;
    size_t at = 0;
    while (at < bytes.size()) {
        const uint8_t byte = static_cast<uint8_t>(bytes[at]);
        const size_t length = Utf8SequenceLength(bytes, at);
        if (byte == '\\') {
            out += "\\\\";
        } else if (length == 0 || byte < 0x20 || byte == 0x7F) {
            AppendEscaped(bytes.substr(at, 1), &out);
        } else if (length == 2 && IsC1Control(bytes, at)) {
            AppendEscaped(bytes.substr(at, 2), &out);
        } else {
            out.append(bytes.substr(at, length));
        }
        at += length == 0 ? 1 : length;
    }
    return out;
}
