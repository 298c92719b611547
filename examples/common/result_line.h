// The examples' result: the JSON line each prints last (the call's status and message, the rows
// it computed, its workspace and, on the simulator, the reports of the launches it ran), and the
// exit code that goes with it.
#ifndef NSA_EXAMPLE_RESULT_LINE_H
#define NSA_EXAMPLE_RESULT_LINE_H

#include <cstdint>
#include <string>

#include "aclnn/acl_meta.h"

// Exit codes: 0 the call succeeded; 1 the call failed (an error status, in the JSON line, or an
// ACL runtime error, on stderr without a JSON line); 2 a usage or file error (stderr, no JSON line).
constexpr int kExitOk = 0;
constexpr int kExitCallFailed = 1;
constexpr int kExitUsageOrFile = 2;

struct CallResult {
    aclnnStatus status = 0;
    std::string message;           // aclGetRecentErrMsg() of a failed call
    uint64_t workspaceBytes = 0;
};

// {"status": S, "message": "...", "rows": R, "workspace_bytes": W[, "launch": {...}, "copies": [...]]}
// and a newline. On the simulator, after a successful call that launched anything: "launch" is
// the report of the launch of `kernelOpType`, "copies" those of the launches l0op::Contiguous and
// l0op::ViewCopy added around it for views the kernel does not stride, in order.
// `extraFields` (', "key": value' pairs, or empty) go last.
std::string ResultLine(const CallResult &result, int64_t rows, const std::string &kernelOpType,
                       const std::string &extraFields = std::string());

int ExitCode(const CallResult &result);

#endif  // NSA_EXAMPLE_RESULT_LINE_H
