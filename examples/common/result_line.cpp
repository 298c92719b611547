#include "result_line.h"

#include <cstdio>
#include <sstream>

#include "opdev/op_errno.h"
#if __has_include("sim/run_reports.h")
#include "sim/kernel_launch.h"
#include "sim/run_reports.h"
#define NSA_EXAMPLE_HAS_SIM_COUNTERS 1
#endif

namespace {

std::string JsonEscape(const std::string &text)
{
    std::string out;
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            char buffer[8];
            std::snprintf(buffer, sizeof(buffer), "\\u%04x", c);
            out += buffer;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

}  // namespace

std::string ResultLine(const CallResult &result, int64_t rows, const std::string &kernelOpType)
{
    std::ostringstream json;
    json << "{\"status\": " << result.status << ", \"message\": \"" << JsonEscape(result.message)
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
    json << "}\n";
    return json.str();
}

int ExitCode(const CallResult &result)
{
    return result.status == ACLNN_SUCCESS ? kExitOk : kExitCallFailed;
}
