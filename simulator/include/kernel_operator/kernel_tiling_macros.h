// How a kernel entry names its tiling: the macros CANN's kernel_utils_macros.h defines (the
// kernel compiler supplies GET_TILING_DATA_WITH_STRUCT itself; see
// simulator/cmake/sim_kernel_glue.cpp.in).
#ifndef SIM_KERNEL_OPERATOR_KERNEL_TILING_MACROS_H
#define SIM_KERNEL_OPERATOR_KERNEL_TILING_MACROS_H

#include <cstdint>
#include <type_traits>

#include "kernel_operator/kernel_core.h"

#define TILING_KEY_IS(key) (::sim::kernel::TilingKey() == static_cast<uint64_t>(key))

// CANN records sizeof(tilingStruct) for the runtime, which needs a complete type; the tiling
// bytes are copied into the struct, so it must also be trivially copyable.
#define REGISTER_TILING_DEFAULT(tilingStruct)                         \
    static_assert(std::is_trivially_copyable_v<tilingStruct>,         \
                  #tilingStruct " is copied from the tiling buffer: it must be trivially copyable")

#endif
