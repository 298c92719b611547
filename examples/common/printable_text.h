// Text from outside the example (a path, a command-line value, a file's content, a message that
// quotes them) made safe to print: a terminal must show it, not obey it.
#ifndef NSA_EXAMPLE_PRINTABLE_TEXT_H
#define NSA_EXAMPLE_PRINTABLE_TEXT_H

#include <string>
#include <string_view>

// `bytes` with every byte a terminal could take as a command, or that is not text, spelled as
// \xNN: the C0 controls (newline and tab included, so that one message stays one line), DEL, the
// C1 controls U+0080 to U+009F (each byte of their UTF-8 form) and every byte of an invalid UTF-8
// sequence. A backslash becomes \\ so that an escape can be told from the same four characters in
// the original. Well-formed UTF-8 text passes unchanged.
std::string PrintableText(std::string_view bytes);

#endif  // NSA_EXAMPLE_PRINTABLE_TEXT_H
