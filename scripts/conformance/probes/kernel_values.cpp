// Prints the values behind the Ascend C names the kernels rely on: enumerators, and the layout
// and defaults of the parameter structs. Compiled and run once against CANN's headers (CPU-debug
// mode) and once against the simulator's; any line that differs means something else there.
#include <cstddef>
#include <cstdio>

#include "kernel_operator.h"

#define SHOW(expr) std::printf("%s = %lld\n", #expr, static_cast<long long>(expr))
#define LAYOUT(type, field) \
    std::printf("%s::%s at %zu, %zu bytes\n", #type, #field, offsetof(type, field), sizeof(type::field))

int main()
{
    using namespace AscendC;
    SHOW(RoundMode::CAST_NONE);
    SHOW(RoundMode::CAST_RINT);
    SHOW(RoundMode::CAST_FLOOR);
    SHOW(RoundMode::CAST_CEIL);
    SHOW(RoundMode::CAST_ROUND);
    SHOW(RoundMode::CAST_TRUNC);
    SHOW(RoundMode::CAST_ODD);
    SHOW(HardEvent::MTE2_V);
    SHOW(HardEvent::V_MTE2);
    SHOW(HardEvent::MTE3_V);
    SHOW(HardEvent::V_MTE3);
    SHOW(HardEvent::V_V);
    SHOW(PIPE_S);
    SHOW(PIPE_V);
    SHOW(PIPE_MTE2);
    SHOW(PIPE_MTE3);
    SHOW(PIPE_ALL);
    SHOW(TPosition::GM);
    SHOW(TPosition::VECIN);
    SHOW(TPosition::VECOUT);
    SHOW(TPosition::VECCALC);
    SHOW(sizeof(half));
    SHOW(sizeof(bfloat16_t));

    SHOW(sizeof(DataCopyParams));
    LAYOUT(DataCopyParams, blockCount);
    LAYOUT(DataCopyParams, blockLen);
    LAYOUT(DataCopyParams, srcStride);
    LAYOUT(DataCopyParams, dstStride);
    const DataCopyParams copy;
    SHOW(copy.blockCount);
    SHOW(copy.blockLen);
    SHOW(copy.srcStride);
    SHOW(copy.dstStride);

    SHOW(sizeof(DataCopyExtParams));
    LAYOUT(DataCopyExtParams, blockCount);
    LAYOUT(DataCopyExtParams, blockLen);
    LAYOUT(DataCopyExtParams, srcStride);
    LAYOUT(DataCopyExtParams, dstStride);
    LAYOUT(DataCopyExtParams, rsv);
    const DataCopyExtParams ext;
    SHOW(ext.blockCount);
    SHOW(ext.blockLen);

    using Pad = DataCopyPadExtParams<uint16_t>;  // a plain element type: no half arithmetic to link
    LAYOUT(Pad, isPad);
    LAYOUT(Pad, leftPadding);
    LAYOUT(Pad, rightPadding);
    const Pad pad;
    SHOW(pad.isPad);
    SHOW(pad.leftPadding);
    SHOW(pad.rightPadding);

    SHOW(sizeof(BinaryRepeatParams));
    LAYOUT(BinaryRepeatParams, dstBlkStride);
    LAYOUT(BinaryRepeatParams, src0BlkStride);
    LAYOUT(BinaryRepeatParams, src1BlkStride);
    LAYOUT(BinaryRepeatParams, dstRepStride);
    LAYOUT(BinaryRepeatParams, src0RepStride);
    LAYOUT(BinaryRepeatParams, src1RepStride);
    const BinaryRepeatParams binary;
    SHOW(binary.dstBlkStride);
    SHOW(binary.src0BlkStride);
    SHOW(binary.src1BlkStride);
    SHOW(binary.dstRepStride);
    SHOW(binary.src0RepStride);
    SHOW(binary.src1RepStride);

    LAYOUT(UnaryRepeatParams, dstBlkStride);
    LAYOUT(UnaryRepeatParams, srcBlkStride);
    LAYOUT(UnaryRepeatParams, dstRepStride);
    LAYOUT(UnaryRepeatParams, srcRepStride);
    const UnaryRepeatParams unary;
    SHOW(unary.dstBlkStride);
    SHOW(unary.srcBlkStride);
    SHOW(unary.dstRepStride);
    SHOW(unary.srcRepStride);

    LAYOUT(BrcbRepeatParams, dstBlkStride);
    LAYOUT(BrcbRepeatParams, dstRepStride);
    const BrcbRepeatParams brcb;
    SHOW(brcb.dstBlkStride);
    SHOW(brcb.dstRepStride);
    return 0;
}
