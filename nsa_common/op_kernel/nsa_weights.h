// The weight load both kernels start a head group's work with: w[:, heads] of the window's l
// positions, widened to fp32 and broadcast so that block (j * heads + h) holds w[j, head + h]
// eight times. A Mul whose repeats walk the heads of a row then pairs each head with its weight
// through a block stride of 0.
#ifndef NSA_COMMON_WEIGHTS_H
#define NSA_COMMON_WEIGHTS_H

#include "kernel_operator.h"
#include "nsa_pipes.h"
#include "nsa_ub.h"

namespace nsa {

// Where the weights go in UB: `raw` and `widened` hold l rows padded to kWeightRowAlign, `brcb`
// l * heads blocks and the kBrcbSpareBlocks a whole repeat writes past them.
template <typename T>
struct WeightBuffers {
    AscendC::LocalTensor<T> raw;
    AscendC::LocalTensor<float> widened;
    AscendC::LocalTensor<float> brcb;
};

// Loads w[:, head, head + heads) (rows weightRowStride elements apart) into `ub`. The vector unit
// must be done with the buffers before the call.
template <typename T>
__aicore__ inline void LoadWeights(const WeightBuffers<T> &ub, const AscendC::GlobalTensor<T> &weightGm,
                                   uint64_t weightRowStride, uint32_t head, uint32_t heads, uint32_t windowLen)
{
    const uint32_t weightRow = AlignUp(heads, kWeightRowAlign);
    const AscendC::DataCopyExtParams copy{static_cast<uint16_t>(windowLen), static_cast<uint32_t>(heads * sizeof(T)),
                                          static_cast<uint32_t>((weightRowStride - heads) * sizeof(T)), 0, 0};
    const AscendC::DataCopyPadExtParams<T> pad{true, 0, static_cast<uint8_t>(weightRow - heads),
                                               static_cast<T>(0.0f)};
    AscendC::DataCopyPad(ub.raw, weightGm[head], copy, pad);
    HandOver<AscendC::HardEvent::MTE2_V>();
    AscendC::Cast(ub.widened, ub.raw, AscendC::RoundMode::CAST_NONE, windowLen * weightRow);
    AscendC::PipeBarrier<PIPE_V>();
    const uint8_t repeats = static_cast<uint8_t>((heads + kFloatsPerBlock - 1) / kFloatsPerBlock);
    // Ascending j: each row's whole-repeat overrun is overwritten by the next row.
    for (uint32_t j = 0; j < windowLen; ++j) {
        AscendC::Brcb(ub.brcb[j * heads * kFloatsPerBlock], ub.widened[j * weightRow], repeats, {1, 8});
    }
    AscendC::PipeBarrier<PIPE_V>();
}

}  // namespace nsa

#endif
