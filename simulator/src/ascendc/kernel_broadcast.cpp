#include "kernel_operator/kernel_broadcast.h"

#include <cstring>
#include <string>

namespace sim {
namespace kernel {
namespace {

std::string ShapeText(const uint32_t shape[2])
{
    return "[" + std::to_string(shape[0]) + ", " + std::to_string(shape[1]) + "]";
}

uint32_t Repeats(uint64_t bytes)
{
    return static_cast<uint32_t>((bytes + kRepeatBytes - 1) / kRepeatBytes);
}

}  // namespace

void Broadcast2d(const char *call, uint64_t dst, uint64_t src, uint32_t elementBytes, const uint32_t dstShape[2],
                 const uint32_t srcShape[2], int32_t axis)
{
    const uint32_t rows = dstShape[0];
    const uint32_t columns = dstShape[1];
    const uint64_t srcCount = uint64_t{srcShape[0]} * srcShape[1];
    const uint64_t dstCount = uint64_t{rows} * columns;
    const bool same = srcShape[0] == rows && srcShape[1] == columns;
    const bool alongColumns = axis == 1 && srcShape[0] == rows && srcShape[1] == 1;
    const bool alongRows = axis == 0 && srcShape[0] == 1 && srcShape[1] == columns;
    if (dstCount == 0 || !(same || srcCount == 1 || alongColumns || alongRows)) {
        Fault(std::string(call) + ": source shape " + ShapeText(srcShape) + " does not broadcast to " +
              ShapeText(dstShape) + " along axis " + std::to_string(axis));
    }
    // CANN's first-axis broadcast copies whole destination rows as 32-byte blocks.
    if (alongRows && !same && srcCount != 1 && uint64_t{columns} * elementBytes % kBlockBytes != 0) {
        Fault(std::string(call) + ": a broadcast along axis 0 needs rows of whole 32-byte blocks, not " +
              std::to_string(uint64_t{columns} * elementBytes) + " bytes");
    }
    CheckUbAligned(call, "dst", dst);
    CheckUbAligned(call, "src", src);
    CheckUbWritten(call, src, srcCount * elementBytes);
    CheckUbRange(call, dst, dstCount * elementBytes);
    uint8_t *ub = Ub();
    for (uint32_t row = 0; row < rows; ++row) {
        for (uint32_t column = 0; column < columns; ++column) {
            const uint64_t from = srcCount == 1 ? 0 : same ? uint64_t{row} * columns + column : alongColumns ? row : column;
            std::memmove(ub + dst + (uint64_t{row} * columns + column) * elementBytes, ub + src + from * elementBytes,
                         elementBytes);
        }
    }
    MarkUbWritten(dst, dstCount * elementBytes);
    // The vector work of CANN's expansion: a plain copy or fill of the destination, or, along
    // axis 1, a Brcb of 8 source elements per repeat and then one copy repeat per row.
    const uint64_t rowBytes = uint64_t{columns} * elementBytes;
    const uint64_t banks = UbBanks(src, src + srcCount * elementBytes) | UbBanks(dst, dst + dstCount * elementBytes);
    if (same || srcCount == 1) {
        const uint32_t repeats = Repeats(dstCount * elementBytes);
        CountVector(call, repeats, repeats, 0, banks);
    } else if (alongColumns) {
        const auto brcbRepeats = static_cast<uint32_t>((rows + kRepeatBlocks - 1) / kRepeatBlocks);
        CountVector(call, brcbRepeats, brcbRepeats, 0, banks);
        const uint32_t copyRepeats = rows * Repeats(rowBytes);
        CountVector(call, copyRepeats, copyRepeats, 0, banks);
    } else {
        const uint32_t copyRepeats = rows * Repeats(rowBytes);
        CountVector(call, copyRepeats, copyRepeats, 0, banks);
    }
}

}  // namespace kernel
}  // namespace sim
