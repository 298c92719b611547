#include "result_line.h"

#include <sstream>

#include "opdev/op_errno.h"
#include "printable_text.h"
#if __has_include("sim/run_reports.h")
#include "sim/kernel_launch.h"
#include "sim/run_reports.h"
#define NSA_EXAMPLE_HAS_SIM_COUNTERS 1
#endif

namespace {

// The message as a JSON string. PrintableText first: the operator's message may quote a caller's
// string (an unknown layout), and the line must stay valid UTF-8 and harmless on a terminal; what
// it leaves (no control byte) needs only the quote and the backslash escaped.
std::string JsonString(const std::string &message)
{
    std::string out;
    for (const char c : PrintableText(message)) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

}  // namespace

std::string ResultLine(const CallResult &result, int64_t rows, const std::string &kernelOpType,
                       const std::string &extraFields)
{
    std::ostringstream json;
    json << "{\"status\": " << result.status << ", \"message\": \"" << JsonString(result.message)
         << "\", \"rows\": " << rows << ", \"workspace_bytes\": " << result.workspaceBytes;
#ifdef NSA_EXAMPLE_HAS_SIM_COUNTERS
    const std::vector<sim::LaunchReport> reports = sim::LastRunReports();
    if (result.status == ACLNN_SUCCESS && !reports.empty()) {
        std::string copies;
        for (const sim::LaunchReport &report : reports) {
            if (report.opType == kernelOpType) {
                json << ", \"launch\": " << report.ToJson();
            } else {
                copies += (copies.empty() ? "" : ", ") + report.ToJson();
            }
        }
        json << ", \"copies\": [" << copies << "]";
    }
#else
    (void)kernelOpType;
#endif
    json << extraFields << "}\n";
    return json.str();
}

int ExitCode(const CallResult &result)
{
    return result.status == ACLNN_SUCCESS ? kExitOk : kExitCallFailed;
}
