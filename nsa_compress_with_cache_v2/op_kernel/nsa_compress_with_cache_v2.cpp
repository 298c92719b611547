#include "kernel_operator.h"
#include "../../nsa_compress_with_cache/op_kernel/nsa_compress_with_cache_tiling_key.h"
#include "nsa_compress_with_cache_v2_kernel.h"
#include "nsa_compress_with_cache_v2_tiling_data.h"

// The arguments in the OpDef's order: the inputs (the two caches among them, as inputs 8 and 9),
// the outputs (the same caches, which the kernel writes through), workspace and tiling. The V
// arguments are null when the V pool is not given.
extern "C" __global__ __aicore__ void nsa_compress_with_cache_v2(
    GM_ADDR input, GM_ADDR weight, GM_ADDR valueInput, GM_ADDR valueWeight, GM_ADDR slotMapping, GM_ADDR prevSeqLen,
    GM_ADDR actSeqLen, GM_ADDR blockTable, [[maybe_unused]] GM_ADDR cacheIn, [[maybe_unused]] GM_ADDR valueCacheIn,
    GM_ADDR cache, GM_ADDR valueCache, [[maybe_unused]] GM_ADDR workspace, GM_ADDR tiling)
{
    REGISTER_TILING_DEFAULT(NsaCompressWithCacheV2TilingData);
    GET_TILING_DATA_WITH_STRUCT(NsaCompressWithCacheV2TilingData, tilingData, tiling);
    AscendC::TPipe pipe;
    const nsa::with_cache_v2::kernel::KernelTensors tensors{
        input, weight, valueInput, valueWeight, {slotMapping, prevSeqLen, actSeqLen, blockTable}, cache, valueCache};
    if (TILING_KEY_IS(NSA_COMPRESS_WITH_CACHE_TILING_KEY_FLOAT16)) {
        nsa::with_cache_v2::kernel::NsaCompressWithCacheV2Kernel<half> op;
        op.Init(tensors, tilingData, &pipe);
        op.Process();
    } else if (TILING_KEY_IS(NSA_COMPRESS_WITH_CACHE_TILING_KEY_BFLOAT16)) {
        nsa::with_cache_v2::kernel::NsaCompressWithCacheV2Kernel<bfloat16_t> op;
        op.Init(tensors, tilingData, &pipe);
        op.Process();
    }
}
