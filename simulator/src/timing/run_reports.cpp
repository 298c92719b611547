#include "sim/run_reports.h"

#include <mutex>
#include <utility>

namespace sim {
namespace {

std::mutex g_mutex;
std::vector<LaunchReport> g_lastRun;

}  // namespace

std::vector<LaunchReport> LastRunReports()
{
    std::lock_guard<std::mutex> lock(g_mutex);
    return g_lastRun;
}

void RecordRunReports(std::vector<LaunchReport> reports)
{
    std::lock_guard<std::mutex> lock(g_mutex);
    g_lastRun = std::move(reports);
}

}  // namespace sim
