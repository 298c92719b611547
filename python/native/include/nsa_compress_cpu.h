/* The C ABI of the CPU implementation of NsaCompress and NsaCompressGrad (python/native/README.md),
 * loaded by the Python package through ctypes. Plain C types only, so that ctypes (and any other
 * FFI) can call it without a compiled extension.
 *
 * Every tensor is a strided view: `data` points at its element [0, ..., 0] and element
 * [i_0, ..., i_k] lies at data + sum(i_j * strides[j]) elements. The caller guarantees that every
 * element the view describes is memory it may read (inputs) or write (outputs); the library
 * checks everything else it relies on before touching any element (shapes, sequence lists, and
 * that a token row's D elements are contiguous), so that no input it accepts makes it address an
 * element outside the views.
 *
 * Each function returns 0, or the aclnn status the simulator's aclnn phase one gives for the same
 * arguments (161001 ACLNN_ERR_PARAM_NULLPTR, 161002 ACLNN_ERR_PARAM_INVALID) with the same
 * message in `message` (NUL-terminated, truncated to `message_size`), or 561103 for a view this
 * library does not stride through (innermost stride not 1), which the Python package never
 * passes. */
#ifndef NSA_COMPRESS_CPU_H
#define NSA_COMPRESS_CPU_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* aclDataType codes, as the ctypes binding of the aclnn API passes them. */
enum { NSA_CPU_FLOAT32 = 0, NSA_CPU_FLOAT16 = 1, NSA_CPU_BFLOAT16 = 27 };
/* The decode op's index tensors: INT32 (INT64 is refused by name, as the aclnn refuses it). */
enum { NSA_CPU_INT32 = 3, NSA_CPU_INT64 = 9 };
enum { NSA_CPU_OK = 0, NSA_CPU_NULLPTR = 161001, NSA_CPU_INVALID = 161002, NSA_CPU_UNSUPPORTED_VIEW = 561103 };

typedef struct {
    void *data;
    int32_t dtype;           /* NSA_CPU_FLOAT16, NSA_CPU_BFLOAT16 (others are refused by name) */
    int32_t rank;
    const int64_t *shape;    /* rank sizes */
    const int64_t *strides;  /* rank strides, in elements */
} NsaCpuTensor;

/* Window arguments as aclnnNsaCompressGetWorkspaceSize takes them; act_seq_len == NULL is a null
 * list. threads <= 0: NSA_COMPRESS_THREADS from the environment, else the hardware's count. */
typedef struct {
    const int64_t *act_seq_len;
    int64_t act_seq_len_count;
    const char *layout;       /* NULL is "TND" */
    int64_t act_seq_len_type;
    int64_t block;            /* compressBlockSize, l */
    int64_t stride;           /* compressStride, d */
    int32_t threads;
} NsaCpuWindows;

/* output [K, N, D] = the windows' weighted sums (nsa_compress/docs/design.md, "Arithmetic contract"). */
int nsa_cpu_compress(const NsaCpuTensor *input, const NsaCpuTensor *weight, const NsaCpuTensor *output,
                     const NsaCpuWindows *windows, char *message, size_t message_size);

/* inputGrad (input's shape, padding +0) and weightGrad [l, N] (nsa_compress_grad/docs/design.md). */
int nsa_cpu_compress_grad(const NsaCpuTensor *output_grad, const NsaCpuTensor *input, const NsaCpuTensor *weight,
                          const NsaCpuTensor *input_grad, const NsaCpuTensor *weight_grad,
                          const NsaCpuWindows *windows, char *message, size_t message_size);

/* NsaCompressWithCache (nsa_compress_with_cache/docs/design.md): each batch whose length completes
 * a window writes that window's weighted sum to output_cache[slot_mapping[b]], in place; every
 * other element of output_cache keeps its bits. input is a paged pool [blocks, P, N, D] with
 * block_table [>= B, W] (INT32), or packed tokens [T, N, D] with block_table NULL; slot_mapping
 * [>= B] INT32; windows->act_seq_len: the lengths (type 1) or cumulative ends (type 0), B of them;
 * page_block_size: P. Slot and page-id values are checked per batch: a negative slot, a slot >= R
 * or a page id outside [0, blocks) skips the batch; of the due batches naming one slot, the
 * highest-index one writes it. */
int nsa_cpu_compress_with_cache(const NsaCpuTensor *input, const NsaCpuTensor *weight, const NsaCpuTensor *slot_mapping,
                                const NsaCpuTensor *block_table, const NsaCpuTensor *output_cache,
                                const NsaCpuWindows *windows, int64_t page_block_size, char *message,
                                size_t message_size);

/* aclnnNsaCompressWithCacheV2 (nsa_compress_with_cache_v2/docs/aclnnNsaCompressWithCacheV2.md),
 * in its parameter order: each batch writes every window ending in (prev_seq_len[b],
 * act_seq_len[b]], the k-th into row slot_mapping[b, k] of output_cache and, when the V pool is
 * given (value_input, value_weight and value_cache together, else all three NULL), of
 * value_cache; every other cache element keeps its bits. input (and value_input) a paged pool
 * [blocks, P, N, D]; slot_mapping [>= B, S] and block_table [>= B, W] INT32; prev_seq_len and
 * act_seq_len [B] INT64. Length, slot and page-id values are checked per window, as the kernel
 * does: what is out of range skips its window. threads <= 0: the default count. */
int nsa_cpu_compress_with_cache_v2(const NsaCpuTensor *input, const NsaCpuTensor *weight,
                                   const NsaCpuTensor *value_input, const NsaCpuTensor *value_weight,
                                   const NsaCpuTensor *slot_mapping, const NsaCpuTensor *prev_seq_len,
                                   const NsaCpuTensor *act_seq_len, const NsaCpuTensor *block_table,
                                   int64_t compress_block_size, int64_t compress_stride, int64_t page_block_size,
                                   const NsaCpuTensor *output_cache, const NsaCpuTensor *value_cache,
                                   int32_t threads, char *message, size_t message_size);

/* The thread count a call with threads <= 0 uses. */
int nsa_cpu_default_threads(void);

/* The instruction set a call would use now: "avx512", "avx2" or "baseline" (the best this CPU
 * has, capped by NSA_COMPRESS_CPU_ISA when it names one of these). Every set gives the same bits. */
const char *nsa_cpu_isa(void);

#ifdef __cplusplus
}
#endif

#endif
