// Stand-in for CANN's mmpa (OS abstraction), not public. asc_platform's log header
// (tools/build/common/ascendc_tool_log.h) only uses mmGetTid().
#ifndef NSA_STANDIN_MMPA_API_H
#define NSA_STANDIN_MMPA_API_H
#include <sys/syscall.h>
#include <unistd.h>
static inline int mmGetTid(void) { return static_cast<int>(syscall(SYS_gettid)); }
#endif
