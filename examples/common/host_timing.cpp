#include "host_timing.h"

#include <algorithm>
#include <sstream>

#if __has_include("sim/run_reports.h")
#include "sim/kernel_launch.h"
#include "sim/run_reports.h"
#define NSA_EXAMPLE_HAS_SIM_COUNTERS 1
#endif

namespace {

double Median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t middle = values.size() / 2;
    return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

}  // namespace

double SecondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void ForgetSimulatedLaunches()
{
#ifdef NSA_EXAMPLE_HAS_SIM_COUNTERS
    sim::RecordRunReports({});
#endif
}

double SimulatedLaunchWallSeconds()
{
    double seconds = 0;
#ifdef NSA_EXAMPLE_HAS_SIM_COUNTERS
    for (const sim::LaunchReport &report : sim::LastRunReports()) {
        seconds += report.wallSeconds;
    }
#endif
    return seconds;
}

std::string HostSecondsField(const std::vector<PhaseSeconds> &calls)
{
    if (calls.empty()) {
        return std::string();
    }
    std::vector<double> one;
    std::vector<double> two;
    for (const PhaseSeconds &call : calls) {
        one.push_back(call.phaseOne);
        two.push_back(call.phaseTwo);
    }
    std::ostringstream json;
    json << ", \"host_seconds\": {\"calls\": " << calls.size() << ", \"phase_one\": " << Median(one)
         << ", \"phase_two\": " << Median(two) << "}";
    return json.str();
}
