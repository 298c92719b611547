// Ascend C for the simulator: the vector-core subset an operator of this kind uses, with the
// hardware's rules checked and its work counted (see sim/kernel_launch.h).
#ifndef SIM_KERNEL_OPERATOR_H
#define SIM_KERNEL_OPERATOR_H

#include "kernel_operator/kernel_broadcast.h"
#include "kernel_operator/kernel_data_copy.h"
#include "kernel_operator/kernel_data_type_ids.h"
#include "kernel_operator/kernel_pipe.h"
#include "kernel_operator/kernel_print.h"
#include "kernel_operator/kernel_sync.h"
#include "kernel_operator/kernel_task_type.h"
#include "kernel_operator/kernel_tensor.h"
#include "kernel_operator/kernel_tiling_macros.h"
#include "kernel_operator/kernel_types.h"
#include "kernel_operator/kernel_vector.h"

#endif
