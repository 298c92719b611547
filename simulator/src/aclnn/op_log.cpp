#include "opdev/op_log.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "sim/error_message.h"

namespace op {
namespace internal {
namespace {

std::string Format(const char *format, va_list args)
{
    va_list copy;
    va_copy(copy, args);
    const int length = std::vsnprintf(nullptr, 0, format, copy);
    va_end(copy);
    if (length <= 0) {
        return {};
    }
    std::string text(static_cast<size_t>(length) + 1, '\0');
    std::vsnprintf(text.data(), text.size(), format, args);
    text.resize(static_cast<size_t>(length));
    return text;
}

bool PrintToStdout()
{
    const char *flag = std::getenv("ASCEND_SLOG_PRINT_TO_STDOUT");
    return flag != nullptr && std::strcmp(flag, "1") == 0;
}

const char *LevelName(LogLevel level)
{
    switch (level) {
        case LogLevel::DEBUG: return "DEBUG";
        case LogLevel::INFO: return "INFO";
        case LogLevel::WARNING: return "WARNING";
        case LogLevel::ERROR: return "ERROR";
    }
    return "?";
}

}  // namespace

void Log(LogLevel level, const char *func, const char *format, ...)
{
    if (!PrintToStdout()) {
        return;
    }
    va_list args;
    va_start(args, format);
    const std::string text = Format(format, args);
    va_end(args);
    std::fprintf(stderr, "[%s] %s: %s\n", LevelName(level), func, text.c_str());
}

void LogError(aclnnStatus code, bool report, const char *func, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    const std::string text = Format(format, args);
    va_end(args);
    if (report) {
        sim::AppendRecentErrMsg(text);
    }
    if (PrintToStdout()) {
        std::fprintf(stderr, "[ERROR] %s (%d): %s\n", func, code, text.c_str());
    }
}

}  // namespace internal
}  // namespace op
