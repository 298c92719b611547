// --trace FILE: the simulator's modeled timeline of the launches, as a Chrome trace.
#ifndef NSA_EXAMPLE_LAUNCH_TRACE_H
#define NSA_EXAMPLE_LAUNCH_TRACE_H

#include <string>

// Asks the simulator to write the trace of each launch to `file` ($ASCEND_SIM_TRACE). A device
// has no such switch (its timeline comes from msprof), so there it throws UsageError.
void RequestTrace(const std::string &file);

#endif  // NSA_EXAMPLE_LAUNCH_TRACE_H
