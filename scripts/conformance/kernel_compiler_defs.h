// What the CANN kernel compiler adds around a kernel source, for a syntax check of that source in
// Ascend C's CPU-debug mode: the tiling accessor a kernel entry calls. The compiler generates it
// per op; in CPU-debug mode global memory is host memory, so a byte copy is its meaning.
#ifndef NSA_CONFORMANCE_KERNEL_COMPILER_DEFS_H
#define NSA_CONFORMANCE_KERNEL_COMPILER_DEFS_H

#include <cstdint>
#include <cstring>

#define GET_TILING_DATA_WITH_STRUCT(tilingStruct, var, tiling) \
    tilingStruct var;                                         \
    std::memcpy(&var, (tiling), sizeof(tilingStruct))

// An intrinsic the toolchain's generated CPU-debug declarations have and the header set's
// stand-in (stubs/stub_names.inc) lacks: asc-devkit's dav_c220 DataCopyPad from UB to GM calls it
// for 32-bit elements. Declared as the stand-in declares its intrinsics, as a catch-all.
template <typename... Args>
inline uint64_t copy_ubuf_to_gm_align_b32(Args &&...)
{
    return 0;
}

#endif
