// Logging and check macros of op_api code. OP_LOGE records the message as the thread's recent
// error (what aclGetRecentErrMsg returns); every level also goes to stderr when
// ASCEND_SLOG_PRINT_TO_STDOUT=1, as CANN's logger does.
#ifndef SIM_OPDEV_OP_LOG_H
#define SIM_OPDEV_OP_LOG_H

#include <cstdint>

#include "aclnn/acl_meta.h"

namespace op {
namespace internal {
enum class LogLevel { DEBUG = 0, INFO = 1, WARNING = 2, ERROR = 3 };
void Log(LogLevel level, const char *func, const char *format, ...) __attribute__((format(printf, 3, 4)));
void LogError(aclnnStatus code, const char *func, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
}  // namespace internal
}  // namespace op

#define OP_LOGE(errorCode, ...) ::op::internal::LogError((errorCode), __func__, __VA_ARGS__)
#define OP_LOGW(...) ::op::internal::Log(::op::internal::LogLevel::WARNING, __func__, __VA_ARGS__)
#define OP_LOGI(...) ::op::internal::Log(::op::internal::LogLevel::INFO, __func__, __VA_ARGS__)
#define OP_LOGD(...) ::op::internal::Log(::op::internal::LogLevel::DEBUG, __func__, __VA_ARGS__)

#define CHECK_RET(condition, returnExpr) \
    do {                                 \
        if (!(condition)) {              \
            returnExpr;                  \
        }                                \
    } while (0)

#define OP_CHECK(condition, logExpr, returnExpr) \
    do {                                         \
        if (!(condition)) {                      \
            logExpr;                             \
            returnExpr;                          \
        }                                        \
    } while (0)

#define OP_CHECK_NULL(param, returnExpr)                                                   \
    do {                                                                                   \
        if ((param) == nullptr) {                                                          \
            OP_LOGE(ACLNN_ERR_PARAM_NULLPTR, "%s must not be a null pointer.", #param);    \
            returnExpr;                                                                    \
        }                                                                                  \
    } while (0)

#endif
