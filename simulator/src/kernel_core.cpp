#include "kernel_operator/kernel_core.h"

#include <algorithm>
#include <cstring>
#include <sstream>

#include "kernel_operator/kernel_vector.h"
#include "sim/device_memory.h"
#include "sim/kernel_core_state.h"

namespace sim {
namespace kernel {
namespace {

thread_local CoreState *g_core = nullptr;

CoreState &Core()
{
    if (g_core == nullptr) {
        throw HardwareFault{"an Ascend C call was made outside a kernel launch"};
    }
    return *g_core;
}

std::string Hex(const void *address)
{
    std::ostringstream text;
    text << address;
    return text.str();
}

}  // namespace

CoreState::CoreState(uint32_t index, uint32_t count, uint64_t key, const SocSpec &spec)
    : blockIdx(index), blockNum(count), tilingKey(key), soc(spec), ub(spec.ubBytes, 0xFF), written(spec.ubBytes, 0)
{
}

CoreScope::CoreScope(CoreState *state)
{
    g_core = state;
}

CoreScope::~CoreScope()
{
    g_core = nullptr;
}

int64_t BlockIdx()
{
    return Core().blockIdx;
}

int64_t BlockNum()
{
    return Core().blockNum;
}

uint64_t TilingKey()
{
    return Core().tilingKey;
}

const SocSpec &Soc()
{
    return Core().soc;
}

uint8_t *Ub()
{
    return Core().ub.data();
}

void Fault(const std::string &what)
{
    throw HardwareFault{what};
}

void CheckUbRange(const char *call, uint64_t offset, uint64_t bytes)
{
    const uint64_t size = Core().ub.size();
    if (offset > size || bytes > size - offset) {
        Fault(std::string(call) + ": " + std::to_string(bytes) + " bytes at UB offset " + std::to_string(offset) +
              " run past the " + std::to_string(size) + "-byte Unified Buffer");
    }
}

void CheckUbAligned(const char *call, const char *operand, uint64_t offset)
{
    if (offset % kBlockBytes != 0) {
        Fault(std::string(call) + ": " + operand + " at UB offset " + std::to_string(offset) +
              " is not 32-byte aligned");
    }
}

void CheckUbWritten(const char *call, uint64_t offset, uint64_t bytes)
{
    CheckUbRange(call, offset, bytes);
    const uint8_t *flags = Core().written.data() + offset;
    const void *hole = std::memchr(flags, 0, bytes);
    if (hole != nullptr) {
        const uint64_t at = offset + static_cast<uint64_t>(static_cast<const uint8_t *>(hole) - flags);
        Fault(std::string(call) + ": reads UB offset " + std::to_string(at) + ", which was never written (" +
              std::to_string(bytes) + " bytes read from offset " + std::to_string(offset) + ")");
    }
}

void MarkUbWritten(uint64_t offset, uint64_t bytes)
{
    std::memset(Core().written.data() + offset, 1, bytes);
}

void CheckGm(const char *call, const void *address, uint64_t bytes)
{
    if (!FindAllocation(address, bytes, nullptr)) {
        Allocation nearest;
        const bool inside = FindAllocation(address, 0, &nearest);
        Fault(std::string(call) + ": " + std::to_string(bytes) + " bytes at GM " + Hex(address) +
              (inside ? " run past the allocation [" + Hex(nearest.base) + ", +" + std::to_string(nearest.size) + ")"
                      : " are outside every device allocation"));
    }
}

void CheckRepeat(const char *call, uint32_t repeatTimes)
{
    if (repeatTimes > kMaxRepeat) {
        Fault(std::string(call) + ": repeat count " + std::to_string(repeatTimes) + " exceeds " +
              std::to_string(kMaxRepeat));
    }
}

void CheckMask(const char *call, uint64_t mask, uint32_t elementsPerRepeat)
{
    if (mask == 0 || mask > elementsPerRepeat) {
        Fault(std::string(call) + ": mask " + std::to_string(mask) + " is outside [1, " +
              std::to_string(elementsPerRepeat) + "] elements per repeat");
    }
}

uint64_t AllocateUb(const char *call, uint64_t bytes)
{
    CoreState &core = Core();
    const uint64_t offset = core.ubAllocated;
    if (bytes > core.ub.size() - offset) {
        Fault(std::string(call) + ": " + std::to_string(bytes) + " bytes at UB offset " + std::to_string(offset) +
              " overflow the " + std::to_string(core.ub.size()) + "-byte Unified Buffer");
    }
    core.ubAllocated += bytes;
    core.counters.peakUbBytes = std::max<uint64_t>(core.counters.peakUbBytes, core.ubAllocated);
    return offset;
}

void ResetUbAllocation()
{
    Core().ubAllocated = 0;
}

void CountVector(uint32_t repeats)
{
    CoreState &core = Core();
    core.counters.vectorInstructions += 1;
    core.counters.vectorRepeats += repeats;
    core.counters.vectorCycles += core.soc.vectorIssueCycles + repeats;
}

namespace {

void CountDma(uint64_t bytes)
{
    CoreState &core = Core();
    core.counters.dmaCycles += core.soc.dmaIssueCycles + static_cast<double>(bytes) / core.soc.coreDmaBytesPerCycle;
}

}  // namespace

void CountGmToUb(uint64_t bytes)
{
    Core().counters.gmToUbBytes += bytes;
    Core().counters.gmToUbCopies += 1;
    CountDma(bytes);
}

void CountUbToGm(uint64_t bytes)
{
    Core().counters.ubToGmBytes += bytes;
    Core().counters.ubToGmCopies += 1;
    CountDma(bytes);
}

namespace {

// Calls visit(address, bytes) for every block of `operand` the instruction touches.
template <typename Visit>
void ForEachBlock(const Operand &operand, uint64_t mask, uint32_t repeatTimes, Visit visit)
{
    const uint32_t perBlock = kBlockBytes / operand.elementBytes;
    const uint32_t blocks = static_cast<uint32_t>((mask + perBlock - 1) / perBlock);
    for (uint32_t r = 0; r < repeatTimes; ++r) {
        for (uint32_t b = 0; b < blocks; ++b) {
            const uint64_t elements = std::min<uint64_t>(perBlock, mask - uint64_t{b} * perBlock);
            visit(operand.offset + uint64_t{r} * operand.repStride * kBlockBytes + uint64_t{b} * operand.blkStride * kBlockBytes,
                  elements * operand.elementBytes);
        }
    }
}

}  // namespace

void CheckOperands(const char *call, const Operand &dst, std::initializer_list<Operand> sources, uint64_t mask,
                   uint32_t repeatTimes)
{
    CheckUbAligned(call, "dst", dst.offset);
    ForEachBlock(dst, mask, repeatTimes, [call](uint64_t address, uint64_t bytes) { CheckUbRange(call, address, bytes); });
    for (const Operand &source : sources) {
        CheckUbAligned(call, "src", source.offset);
        ForEachBlock(source, mask, repeatTimes,
                     [call](uint64_t address, uint64_t bytes) { CheckUbWritten(call, address, bytes); });
    }
}

void MarkWritten(const Operand &dst, uint64_t mask, uint32_t repeatTimes)
{
    ForEachBlock(dst, mask, repeatTimes, [](uint64_t address, uint64_t bytes) { MarkUbWritten(address, bytes); });
}

float CastValue(const char *call, float value, AscendC::RoundMode mode, bool narrowing)
{
    if (narrowing && mode != AscendC::RoundMode::CAST_RINT && mode != AscendC::RoundMode::CAST_NONE) {
        Fault(std::string(call) + ": round mode " + std::to_string(static_cast<int>(mode)) +
              " is not modeled for a narrowing cast (only CAST_RINT / CAST_NONE, nearest-even)");
    }
    return value;
}

}  // namespace kernel
}  // namespace sim
