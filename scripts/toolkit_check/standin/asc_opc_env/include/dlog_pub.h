// Stand-in for CANN's slog (dlog_pub.h), not public. asc_platform's log header uses
// dlog_error/warn/info/debug with the module id ASCENDCKERNEL. Errors and warnings go to
// stderr; info and debug are dropped.
#ifndef NSA_STANDIN_DLOG_PUB_H
#define NSA_STANDIN_DLOG_PUB_H
#include <cstdio>
enum { ASCENDCKERNEL = 0 };
#define dlog_error(mod, fmt, ...) std::fprintf(stderr, "[ERROR] ASCENDCKERNEL" fmt, ##__VA_ARGS__)
#define dlog_warn(mod, fmt, ...) std::fprintf(stderr, "[WARNING] ASCENDCKERNEL" fmt, ##__VA_ARGS__)
#define dlog_info(mod, fmt, ...) ((void)0)
#define dlog_debug(mod, fmt, ...) ((void)0)
#endif
