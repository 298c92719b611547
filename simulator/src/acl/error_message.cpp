#include "sim/error_message.h"

#include <deque>

namespace sim {
namespace {

// CANN keeps a bounded stack of recent errors per thread, newest first, and loses the oldest
// when errors are not read; these bounds keep a caller that never reads them at a few KiB.
constexpr size_t kMaxMessages = 32;
constexpr size_t kMaxBytes = 16 * 1024;

struct RecentErrors {
    std::deque<std::string> messages;  // newest first
    size_t bytes = 0;
    size_t dropped = 0;
};

thread_local RecentErrors g_recent;
// The text handed out by TakeRecentErrMsg lives until the thread's next call.
thread_local std::string g_takenError;

}  // namespace

void AppendRecentErrMsg(const std::string &message)
{
    g_recent.messages.push_front(message.size() > kMaxBytes ? message.substr(0, kMaxBytes) : message);
    g_recent.bytes += g_recent.messages.front().size();
    while (g_recent.messages.size() > kMaxMessages || g_recent.bytes > kMaxBytes) {
        g_recent.bytes -= g_recent.messages.back().size();
        g_recent.messages.pop_back();
        ++g_recent.dropped;
    }
}

const char *TakeRecentErrMsg()
{
    if (g_recent.messages.empty()) {
        return nullptr;
    }
    g_takenError.clear();
    for (const std::string &message : g_recent.messages) {
        g_takenError += (g_takenError.empty() ? "" : "\n") + message;
    }
    if (g_recent.dropped > 0) {
        g_takenError += "\n(" + std::to_string(g_recent.dropped) + " older messages were not read and are lost)";
    }
    ClearRecentErrMsg();
    return g_takenError.c_str();
}

void ClearRecentErrMsg()
{
    g_recent = RecentErrors{};
}

}  // namespace sim
