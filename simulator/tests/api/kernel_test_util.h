// Runs a test body as a kernel on simulated cores, and scalar references for the checks.
#ifndef SIM_UT_KERNEL_TEST_UTIL_H
#define SIM_UT_KERNEL_TEST_UTIL_H

#include <functional>
#include <string>
#include <vector>

#include "kernel_operator.h"
#include "sim/kernel_launch.h"
#include "sim/soc_spec.h"

namespace simtest {

struct Launch {
    bool ok;
    std::string error;
    sim::LaunchReport report;
};

// `body` runs once per core; args are passed through as the kernel's GM arguments.
Launch RunKernel(std::function<void(const sim::GmAddr *)> body, uint32_t blockDim = 1,
                 std::vector<sim::GmAddr> args = {}, uint64_t tilingKey = 0);

}  // namespace simtest

#endif
