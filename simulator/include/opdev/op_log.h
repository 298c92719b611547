// Logging and check macros of op_api code, with CANN's semantics (opbase's opdev/op_log.h).
// OP_LOGE logs and reports: the message becomes the thread's recent error, which
// aclGetRecentErrMsg returns. OP_LOGE_WITHOUT_REPORT and the other levels only log, to stderr
// when ASCEND_SLOG_PRINT_TO_STDOUT=1 as CANN's logger does. CHECK_RET returns its second
// argument, as CANN's does: it takes a value, not a statement.
#ifndef SIM_OPDEV_OP_LOG_H
#define SIM_OPDEV_OP_LOG_H

#include <cstdint>

#include "aclnn/acl_meta.h"
#include "opdev/op_errno.h"

namespace op {
namespace internal {
enum class LogLevel { DEBUG = 0, INFO = 1, WARNING = 2, ERROR = 3 };
void Log(LogLevel level, const char *func, const char *format, ...) __attribute__((format(printf, 3, 4)));
void LogError(aclnnStatus code, bool report, const char *func, const char *format, ...)
    __attribute__((format(printf, 4, 5)));
}  // namespace internal
}  // namespace op

#define OP_LOGE_WITHOUT_REPORT(errorCode, ...) ::op::internal::LogError((errorCode), false, __func__, __VA_ARGS__)
#define OP_LOGE(errorCode, ...)                                                   \
    do {                                                                          \
        ::op::internal::LogError((errorCode), true, __func__, __VA_ARGS__);       \
    } while (false)
#define OP_LOGW(...) ::op::internal::Log(::op::internal::LogLevel::WARNING, __func__, __VA_ARGS__)
#define OP_LOGI(...) ::op::internal::Log(::op::internal::LogLevel::INFO, __func__, __VA_ARGS__)
#define OP_LOGD(...) ::op::internal::Log(::op::internal::LogLevel::DEBUG, __func__, __VA_ARGS__)

#define CHECK_RET(condition, ret_value)                                              \
    do {                                                                             \
        if (!(condition)) {                                                          \
            OP_LOGE_WITHOUT_REPORT(ACLNN_ERR_INNER, "check %s failed.", #condition); \
            return ret_value;                                                        \
        }                                                                            \
    } while (false)

#define OP_CHECK(cond, log_func, return_expr) \
    do {                                      \
        if (!(cond)) {                        \
            log_func;                         \
            return_expr;                      \
        }                                     \
    } while (false)

#endif
