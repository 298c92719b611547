// Diagnostics of the stand-in registry. An OpDef mistake is reported, not fatal, as with CANN:
// op_build goes on and the ini shows the result, so the message has to reach stderr.
#pragma once
#include <cstdio>

#define STANDIN_ERROR(fmt, ...) std::fprintf(stderr, "[stand-in register] error: " fmt "\n", ##__VA_ARGS__)
#define STANDIN_WARN(fmt, ...) std::fprintf(stderr, "[stand-in register] warning: " fmt "\n", ##__VA_ARGS__)
