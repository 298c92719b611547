#ifndef SIM_OPDEV_MAKE_OP_EXECUTOR_H
#define SIM_OPDEV_MAKE_OP_EXECUTOR_H

#include "opdev/op_executor.h"

#endif
