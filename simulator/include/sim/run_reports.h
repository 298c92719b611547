// The launches of a whole second aclnn phase: the op's kernels and the copies that
// l0op::Contiguous, l0op::ViewCopy and AutoContiguous add around them, so that a caller can
// total an op's traffic and modeled time (LastLaunchReport holds only the last launch).
#ifndef SIM_RUN_REPORTS_H
#define SIM_RUN_REPORTS_H

#include <vector>

#include "sim/kernel_launch.h"

namespace sim {

// The reports of the most recent executor run in this process, in launch order; a run that
// failed holds the launches up to and including the failing one.
std::vector<LaunchReport> LastRunReports();
// Called by the executor at the end of each run.
void RecordRunReports(std::vector<LaunchReport> reports);

}  // namespace sim

#endif
