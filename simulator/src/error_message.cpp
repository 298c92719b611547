#include "sim/error_message.h"

namespace sim {
namespace {

thread_local std::string g_recentError;
// The text handed out by TakeRecentErrMsg lives until the thread's next call.
thread_local std::string g_takenError;

}  // namespace

void AppendRecentErrMsg(const std::string &message)
{
    if (!g_recentError.empty()) {
        g_recentError += '\n';
    }
    g_recentError += message;
}

const char *TakeRecentErrMsg()
{
    if (g_recentError.empty()) {
        return nullptr;
    }
    g_takenError.swap(g_recentError);
    g_recentError.clear();
    return g_takenError.c_str();
}

void ClearRecentErrMsg()
{
    g_recentError.clear();
}

}  // namespace sim
