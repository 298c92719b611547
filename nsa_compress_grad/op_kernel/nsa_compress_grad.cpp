#include "kernel_operator.h"
#include "nsa_compress_grad_kernel.h"
#include "nsa_compress_grad_tiling_data.h"
#include "nsa_compress_grad_tiling_key.h"

extern "C" __global__ __aicore__ void nsa_compress_grad(GM_ADDR outputGrad, GM_ADDR input, GM_ADDR weight,
                                                        GM_ADDR actSeqLen, GM_ADDR inputGrad, GM_ADDR weightGrad,
                                                        GM_ADDR workspace, GM_ADDR tiling)
{
    REGISTER_TILING_DEFAULT(NsaCompressGradTilingData);
    GET_TILING_DATA_WITH_STRUCT(NsaCompressGradTilingData, tilingData, tiling);
    AscendC::TPipe pipe;
    if (TILING_KEY_IS(NSA_COMPRESS_GRAD_TILING_KEY_FLOAT16)) {
        nsa::compress_grad::kernel::NsaCompressGradKernel<half> op;
        op.Init(outputGrad, input, weight, actSeqLen, inputGrad, weightGrad, workspace, tilingData, &pipe);
        op.Process();
    } else if (TILING_KEY_IS(NSA_COMPRESS_GRAD_TILING_KEY_BFLOAT16)) {
        nsa::compress_grad::kernel::NsaCompressGradKernel<bfloat16_t> op;
        op.Init(outputGrad, input, weight, actSeqLen, inputGrad, weightGrad, workspace, tilingData, &pipe);
        op.Process();
    }
}
