// The per-thread "recent error" that aclGetRecentErrMsg returns. Op code reaches it through
// OP_LOGE; the runtime through its own failures.
#ifndef SIM_ERROR_MESSAGE_H
#define SIM_ERROR_MESSAGE_H

#include <string>

namespace sim {

// Adds a message on top of the calling thread's recent errors (newest first); the oldest are
// dropped beyond a bound, as in CANN, so unread errors cannot grow without limit.
void AppendRecentErrMsg(const std::string &message);
// aclGetRecentErrMsg semantics: returns the text and clears it; nullptr when there is none.
const char *TakeRecentErrMsg();
void ClearRecentErrMsg();

}  // namespace sim

#endif
