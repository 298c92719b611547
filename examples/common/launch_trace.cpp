#include "launch_trace.h"

#include <cstdlib>
#include <stdexcept>

#include "cli_values.h"

void RequestTrace(const std::string &file)
{
#if __has_include("sim/kernel_launch.h")
    if (setenv("ASCEND_SIM_TRACE", file.c_str(), 1) != 0) {
        throw std::runtime_error("setenv ASCEND_SIM_TRACE failed");
    }
#else
    throw UsageError("--trace " + file + ": the trace is the simulator's; on a device, use msprof");
#endif
}
