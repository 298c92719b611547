#include "kernel_operator.h"
#include "nsa_compress_kernel.h"
#include "nsa_compress_tiling_data.h"
#include "nsa_compress_tiling_key.h"

extern "C" __global__ __aicore__ void nsa_compress(GM_ADDR input, GM_ADDR weight, GM_ADDR actSeqLen, GM_ADDR output,
                                                   [[maybe_unused]] GM_ADDR workspace, GM_ADDR tiling)
{
    REGISTER_TILING_DEFAULT(NsaCompressTilingData);
    GET_TILING_DATA_WITH_STRUCT(NsaCompressTilingData, tilingData, tiling);
    AscendC::TPipe pipe;
    if (TILING_KEY_IS(NSA_COMPRESS_TILING_KEY_FLOAT16)) {
        nsa::compress::kernel::NsaCompressKernel<half> op;
        op.Init(input, weight, actSeqLen, output, tilingData, &pipe);
        op.Process();
    } else if (TILING_KEY_IS(NSA_COMPRESS_TILING_KEY_BFLOAT16)) {
        nsa::compress::kernel::NsaCompressKernel<bfloat16_t> op;
        op.Init(input, weight, actSeqLen, output, tilingData, &pipe);
        op.Process();
    }
}
