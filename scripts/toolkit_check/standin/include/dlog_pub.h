// Stand-in for CANN's dlog_pub.h (slog is not public), for op_build and libasc_platform: errors and
// warnings go to stderr, info and debug lines are dropped (CANN's default log level shows neither).
#pragma once
#include <cstdio>

enum { ASCENDCKERNEL = 0 };
#define dlog_error(module, fmt, ...) std::fprintf(stderr, "[ERROR] " fmt, ##__VA_ARGS__)
#define dlog_warn(module, fmt, ...) std::fprintf(stderr, "[WARNING] " fmt, ##__VA_ARGS__)
#define dlog_info(module, fmt, ...) do { } while (0)
#define dlog_debug(module, fmt, ...) do { } while (0)
