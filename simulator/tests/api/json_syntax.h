// A strict check that a text is one whole JSON document (RFC 8259 syntax), for tests that must
// tell a complete file from a torn or interleaved one.
#ifndef SIM_UT_JSON_SYNTAX_H
#define SIM_UT_JSON_SYNTAX_H

#include <string>

namespace simtest {

// True when `text` is exactly one JSON value with optional surrounding white space; else false
// with the byte offset where the syntax breaks in `where`.
bool IsJsonDocument(const std::string &text, size_t *where);

}  // namespace simtest

#endif
