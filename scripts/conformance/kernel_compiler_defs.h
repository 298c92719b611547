// What the CANN kernel compiler adds around a kernel source, for a syntax check of that source in
// Ascend C's CPU-debug mode: the tiling accessor a kernel entry calls. The compiler generates it
// per op; in CPU-debug mode global memory is host memory, so a byte copy is its meaning.
#ifndef NSA_CONFORMANCE_KERNEL_COMPILER_DEFS_H
#define NSA_CONFORMANCE_KERNEL_COMPILER_DEFS_H

#include <cstring>

#define GET_TILING_DATA_WITH_STRUCT(tilingStruct, var, tiling) \
    tilingStruct var;                                         \
    std::memcpy(&var, (tiling), sizeof(tilingStruct))

#endif
