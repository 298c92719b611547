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

    const DataCopyParams copyGiven(3, 20, 12, 1);
    SHOW(copyGiven.blockCount);
    SHOW(copyGiven.blockLen);
    SHOW(copyGiven.srcStride);
    SHOW(copyGiven.dstStride);

    SHOW(sizeof(DataCopyPadParams));
    LAYOUT(DataCopyPadParams, isPad);
    LAYOUT(DataCopyPadParams, leftPadding);
    LAYOUT(DataCopyPadParams, rightPadding);
    LAYOUT(DataCopyPadParams, paddingValue);
    const DataCopyPadParams padDefaults;
    SHOW(padDefaults.isPad);
    SHOW(padDefaults.leftPadding);
    SHOW(padDefaults.rightPadding);
    SHOW(padDefaults.paddingValue);
    const DataCopyPadParams padGiven(true, 2, 3, 0x4700);
    SHOW(padGiven.isPad);
    SHOW(padGiven.leftPadding);
    SHOW(padGiven.rightPadding);
    SHOW(padGiven.paddingValue);

    SHOW(sizeof(CopyRepeatParams));
    LAYOUT(CopyRepeatParams, dstStride);
    LAYOUT(CopyRepeatParams, srcStride);
    LAYOUT(CopyRepeatParams, dstRepeatSize);
    LAYOUT(CopyRepeatParams, srcRepeatSize);
    const CopyRepeatParams copyRepeat;
    SHOW(copyRepeat.dstStride);
    SHOW(copyRepeat.srcStride);
    SHOW(copyRepeat.dstRepeatSize);
    SHOW(copyRepeat.srcRepeatSize);
    const CopyRepeatParams copyRepeatGiven(1, 2, 3, 4);
    SHOW(copyRepeatGiven.dstStride);
    SHOW(copyRepeatGiven.srcStride);
    SHOW(copyRepeatGiven.dstRepeatSize);
    SHOW(copyRepeatGiven.srcRepeatSize);

    SHOW(K_MAX_SHAPE_DIM);
    SHOW(sizeof(ShapeInfo));
    LAYOUT(ShapeInfo, shapeDim);
    LAYOUT(ShapeInfo, originalShapeDim);
    LAYOUT(ShapeInfo, shape);
    LAYOUT(ShapeInfo, originalShape);
    LAYOUT(ShapeInfo, dataFormat);
    // ShapeInfo's constructors are not run here: CANN's assert in them needs the CPU-debug
    // runtime library, which the probe does not link. The unit tests cover what they fill.
    SHOW(sizeof(DataFormat));
    SHOW(DataFormat::ND);
    SHOW(DataFormat::NZ);
    SHOW(DataFormat::NCHW);
    SHOW(DataFormat::NC1HWC0);
    SHOW(DataFormat::NHWC);
    SHOW(DataFormat::NCDHW);
    SHOW(DataFormat::NDC1HWC0);
    SHOW(DataFormat::FRACTAL_Z_3D);

    SHOW((IsSameType<half, half>::value));
    SHOW((IsSameType<half, bfloat16_t>::value));
    SHOW((IsSameType<float, float>::Type::value));

    SHOW(sizeof(KernelMetaType));
    SHOW(KERNEL_TYPE_AIV_ONLY);
    SHOW(KERNEL_TYPE_AIC_ONLY);
    SHOW(KERNEL_TYPE_MIX_AIV_1_0);
    SHOW(KERNEL_TYPE_MIX_AIC_1_0);
    SHOW(KERNEL_TYPE_MIX_AIC_1_1);
    SHOW(KERNEL_TYPE_MIX_AIC_1_2);
    SHOW(KERNEL_TYPE_AICORE);
    SHOW(KERNEL_TYPE_VECTORCORE);
    SHOW(KERNEL_TYPE_MIX_AICORE);
    SHOW(KERNEL_TYPE_MIX_VECTOR_CORE);
    SHOW(KERNEL_TYPE_MAX);

    SHOW(DT_FLOAT);
    SHOW(DT_FLOAT16);
    SHOW(DT_INT8);
    SHOW(DT_INT32);
    SHOW(DT_UINT8);
    SHOW(DT_INT16);
    SHOW(DT_UINT16);
    SHOW(DT_UINT32);
    SHOW(DT_INT64);
    SHOW(DT_UINT64);
    SHOW(DT_DOUBLE);
    SHOW(DT_BOOL);
    SHOW(DT_BF16);
    SHOW(DT_UNDEFINED);
    SHOW(DT_INT4);
    SHOW(DT_HIFLOAT8);
    SHOW(DT_FLOAT8_E5M2);
    SHOW(DT_FLOAT8_E4M3FN);
    SHOW(DT_FLOAT4_E1M2);
    SHOW(DT_MAX);

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
