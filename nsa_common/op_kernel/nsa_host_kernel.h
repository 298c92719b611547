// NSA_HOST_KERNEL_FN marks a function of plain integer arithmetic that the host (tiling) and the
// kernel both call: an __aicore__ inline function when the kernel compiler includes the header,
// a plain inline one on the host.
#ifndef NSA_COMMON_HOST_KERNEL_H
#define NSA_COMMON_HOST_KERNEL_H

#ifdef __aicore__
#define NSA_HOST_KERNEL_FN __aicore__ inline
#else
#define NSA_HOST_KERNEL_FN inline
#endif

#endif
