// Profiling and argument-dump hooks of the aclnn phases. The simulator measures launches itself
// (sim/kernel_launch.h), so these expand to nothing.
#ifndef SIM_OPDEV_OP_DFX_H
#define SIM_OPDEV_OP_DFX_H

#define DFX_IN(...)
#define DFX_OUT(...)
#define L2_DFX_PHASE_1(apiName, ...) static_cast<void>(0)
#define L2_DFX_PHASE_2(apiName) static_cast<void>(0)
#define L0_DFX(opName, ...) static_cast<void>(0)

#endif
