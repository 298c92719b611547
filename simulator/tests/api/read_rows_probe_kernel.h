// A probe kernel for the traffic tests (test_view_traffic.cpp): it reads the rows of a 2-D fp16
// view into the Unified Buffer and does nothing else. Kernel code includes kernel_operator.h,
// whose DT_* macros clash with the host headers, so it has a file of its own.
#ifndef SIM_UT_READ_ROWS_PROBE_KERNEL_H
#define SIM_UT_READ_ROWS_PROBE_KERNEL_H

#include <cstdint>

#include "sim/kernel_launch.h"

namespace simtest {

// Rows of a 2-D fp16 view, `pitch` elements apart.
struct RowsTiling {
    uint32_t rows;
    uint32_t columns;
    uint32_t pitch;
};

// Arguments: x, y (unused), workspace (unused), tiling (a RowsTiling).
void ReadRowsKernel(const sim::GmAddr *args);

}  // namespace simtest

#endif
