#include "kernel_operator.h"
#include "nsa_compress_with_cache_kernel.h"
#include "nsa_compress_with_cache_tiling_data.h"
#include "nsa_compress_with_cache_tiling_key.h"

// The arguments in the OpDef's order: the inputs (output_cache among them, as input 3), the
// output (the same cache, which the kernel writes through), workspace and tiling.
extern "C" __global__ __aicore__ void nsa_compress_with_cache(GM_ADDR input, GM_ADDR weight, GM_ADDR slotMapping,
                                                              [[maybe_unused]] GM_ADDR cacheIn, GM_ADDR actSeqLen,
                                                              GM_ADDR blockTable, GM_ADDR cache,
                                                              [[maybe_unused]] GM_ADDR workspace, GM_ADDR tiling)
{
    REGISTER_TILING_DEFAULT(NsaCompressWithCacheTilingData);
    GET_TILING_DATA_WITH_STRUCT(NsaCompressWithCacheTilingData, tilingData, tiling);
    AscendC::TPipe pipe;
    const nsa::with_cache::kernel::KernelTensors tensors{input, weight, slotMapping, actSeqLen, blockTable, cache};
    if (TILING_KEY_IS(NSA_COMPRESS_WITH_CACHE_TILING_KEY_FLOAT16)) {
        nsa::with_cache::kernel::NsaCompressWithCacheKernel<half> op;
        op.Init(tensors, tilingData, &pipe);
        op.Process();
    } else if (TILING_KEY_IS(NSA_COMPRESS_WITH_CACHE_TILING_KEY_BFLOAT16)) {
        nsa::with_cache::kernel::NsaCompressWithCacheKernel<bfloat16_t> op;
        op.Init(tensors, tilingData, &pipe);
        op.Process();
    }
}
