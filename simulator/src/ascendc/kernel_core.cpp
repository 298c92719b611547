#include "kernel_operator/kernel_core.h"
#include "kernel_operator/kernel_print.h"

#include <algorithm>
#include <cstdio>
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

void PrintLine(const std::string &text)
{
    const std::string line = "[ascend_sim] core " + std::to_string(BlockIdx()) + ": " + text +
                             (text.empty() || text.back() != '\n' ? "\n" : "");
    std::fwrite(line.data(), 1, line.size(), stderr);
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

namespace {

// The bit of the UB bank a 32-byte block lies in (sim/soc_spec.h: its group is the block's index
// modulo the group count, its bank within the group the bank region it is in).
uint64_t BankBit(uint64_t block)
{
    const SocSpec &soc = Soc();
    const uint64_t region = block * kBlockBytes / soc.ubBankRegionBytes;
    const uint64_t bank = region * soc.ubBankGroups + block % soc.ubBankGroups;
    return bank < 64 ? uint64_t{1} << bank : 0;
}

}  // namespace

uint64_t UbBanks(uint64_t begin, uint64_t end)
{
    const SocSpec &soc = Soc();
    const uint64_t blocksPerRegion = soc.ubBankRegionBytes / kBlockBytes;
    uint64_t banks = 0;
    if (end <= begin) {
        return banks;
    }
    const uint64_t last = (end - 1) / kBlockBytes;
    for (uint64_t block = begin / kBlockBytes; block <= last;) {
        const uint64_t region = block / blocksPerRegion;
        const uint64_t regionLast = std::min(last, (region + 1) * blocksPerRegion - 1);
        // Past `groups` consecutive blocks every group of the region is already covered.
        const uint64_t touched = std::min<uint64_t>(regionLast - block + 1, soc.ubBankGroups);
        for (uint64_t i = 0; i < touched; ++i) {
            banks |= BankBit(block + i);
        }
        block = regionLast + 1;
    }
    return banks;
}

void CountVector(const char *call, uint32_t repeats, uint64_t cycles, uint64_t bankCycles,
                 uint64_t ubBanks)
{
    CoreState &core = Core();
    core.counters.vectorInstructions += 1;
    core.counters.vectorRepeats += repeats;
    Record record{Op::kVector, Pipe::V, bankCycles > 0 ? Cause::kBank : Cause::kNone, L2Mode::kNormal};
    record.amount = cycles;
    record.rows = repeats;
    record.bankCycles = bankCycles;
    record.ubBanks = ubBanks;
    record.name = call;
    core.recorder.Add(record);
}

void CountCopy(const char *call, Pipe pipe, const void *gm, uint64_t rowBytes, uint32_t rows, uint64_t gmPitch,
               L2Mode l2, uint64_t ubBegin, uint64_t ubEnd)
{
    CoreState &core = Core();
    const uint64_t bytes = rowBytes * rows;
    if (pipe == Pipe::MTE2) {
        core.counters.gmToUbBytes += bytes;
        core.counters.gmToUbCopies += 1;
    } else {
        core.counters.ubToGmBytes += bytes;
        core.counters.ubToGmCopies += 1;
    }
    Record record{Op::kCopy, pipe, Cause::kNone, l2};
    // The DMA moves whole 32-byte bursts: a row of any length occupies the bursts it touches.
    const auto address = reinterpret_cast<uint64_t>(gm);
    record.gm = address / kBlockBytes * kBlockBytes;
    record.amount = (address + rowBytes + kBlockBytes - 1) / kBlockBytes * kBlockBytes - record.gm;
    record.rows = rows;
    record.gmPitch = gmPitch;
    record.ubBanks = UbBanks(ubBegin, ubEnd);
    record.name = call;
    core.recorder.Add(record);
}

namespace {

// The pipes a HardEvent of a vector core links, by its enumerator.
bool EventPipes(int event, Pipe *from, Pipe *to)
{
    using AscendC::HardEvent;
    switch (static_cast<HardEvent>(event)) {
        case HardEvent::MTE2_V: *from = Pipe::MTE2; *to = Pipe::V; return true;
        case HardEvent::V_MTE2: *from = Pipe::V; *to = Pipe::MTE2; return true;
        case HardEvent::MTE3_V: *from = Pipe::MTE3; *to = Pipe::V; return true;
        case HardEvent::V_MTE3: *from = Pipe::V; *to = Pipe::MTE3; return true;
        case HardEvent::V_V: *from = Pipe::V; *to = Pipe::V; return true;
        case HardEvent::MTE3_MTE2: *from = Pipe::MTE3; *to = Pipe::MTE2; return true;
        case HardEvent::MTE2_MTE3: *from = Pipe::MTE2; *to = Pipe::MTE3; return true;
        case HardEvent::S_V: *from = Pipe::S; *to = Pipe::V; return true;
        case HardEvent::V_S: *from = Pipe::V; *to = Pipe::S; return true;
        case HardEvent::S_MTE2: *from = Pipe::S; *to = Pipe::MTE2; return true;
        case HardEvent::MTE2_S: *from = Pipe::MTE2; *to = Pipe::S; return true;
        case HardEvent::S_MTE3: *from = Pipe::S; *to = Pipe::MTE3; return true;
        case HardEvent::MTE3_S: *from = Pipe::MTE3; *to = Pipe::S; return true;
        default: return false;
    }
}

Pipe FlagPipe(const char *call, int event, bool source)
{
    Pipe from;
    Pipe to;
    if (!EventPipes(event, &from, &to)) {
        Fault(std::string(call) + ": HardEvent " + std::to_string(event) +
              " links a pipe a vector core does not have (cube, MTE1 or FIXPIPE)");
    }
    return source ? from : to;
}

}  // namespace

void SetFlag(int event, int32_t eventId)
{
    CoreState &core = Core();
    const int32_t index = core.recorder.Add({Op::kSetFlag, FlagPipe("SetFlag", event, true), Cause::kNone,
                                             L2Mode::kNormal});
    core.pendingFlags[{event, eventId}].push_back(index);
}

void WaitFlag(int event, int32_t eventId)
{
    CoreState &core = Core();
    const Pipe pipe = FlagPipe("WaitFlag", event, false);
    auto &pending = core.pendingFlags[{event, eventId}];
    if (pending.empty()) {
        Fault("WaitFlag(event " + std::to_string(event) + ", id " + std::to_string(eventId) +
              ") has no SetFlag before it: the " + PipeName(pipe) + " pipe would wait forever");
    }
    Record record{Op::kWaitFlag, pipe, Cause::kFlag, L2Mode::kNormal};
    record.dep = pending.front();
    pending.pop_front();
    core.recorder.Add(record);
}

void Barrier(int pipe)
{
    switch (static_cast<pipe_t>(pipe)) {
        case PIPE_V: Core().recorder.Add({Op::kBarrier, Pipe::V, Cause::kBarrier, L2Mode::kNormal}); return;
        case PIPE_MTE2: Core().recorder.Add({Op::kBarrier, Pipe::MTE2, Cause::kBarrier, L2Mode::kNormal}); return;
        case PIPE_MTE3: Core().recorder.Add({Op::kBarrier, Pipe::MTE3, Cause::kBarrier, L2Mode::kNormal}); return;
        case PIPE_ALL: Core().recorder.Add({Op::kBarrierAll, Pipe::S, Cause::kBarrier, L2Mode::kNormal}); return;
        default: return;  // S runs in order; a vector core has no cube or MTE1 pipe to wait for
    }
}

void SyncAll()
{
    CoreState &core = Core();
    if (core.barrier == nullptr) {
        Fault("SyncAll: the core runs outside a launch with a cross-core barrier");
    }
    // CANN: the launch's blockDim must not exceed the cores that run it; else the cores run the
    // blocks in rounds and a block of the first round waits for one of the next: the kernel hangs.
    if (core.blockNum > core.soc.vectorCoreNum) {
        Fault("SyncAll: blockDim " + std::to_string(core.blockNum) + " exceeds the " +
              std::to_string(core.soc.vectorCoreNum) + " vector cores of " + core.soc.name +
              ": the blocks would run in rounds and the barrier would hang on the device");
    }
    core.recorder.Add({Op::kSyncAll, Pipe::S, Cause::kSyncAll, L2Mode::kNormal});
    core.barrier->SyncAll(core.blockIdx);
}

int32_t QueueSetFlag(Pipe pipe)
{
    return Core().recorder.Add({Op::kSetFlag, pipe, Cause::kNone, L2Mode::kNormal});
}

void QueueWaitFlag(Pipe pipe, int32_t setRecord)
{
    Record record{Op::kWaitFlag, pipe, Cause::kQueue, L2Mode::kNormal};
    record.dep = setRecord;
    Core().recorder.Add(record);
}

void ScalarUbAccess()
{
    Core().recorder.UbAccess();
}

void ScalarGmAccess(const void *address)
{
    Core().recorder.GmAccess(reinterpret_cast<uint64_t>(address));
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

void CountVector(const char *call, const Operand &dst, std::initializer_list<Operand> sources, uint64_t mask,
                 uint32_t repeatTimes)
{
    const SocSpec &soc = Soc();
    const uint32_t groups = soc.ubBankGroups;
    std::vector<uint32_t> reads(groups);
    std::vector<uint32_t> writes(groups);
    std::vector<uint64_t> readBlocks;
    std::vector<uint64_t> writeBlocks;
    uint64_t cycles = 0;
    uint64_t banks = 0;
    for (uint32_t r = 0; r < repeatTimes; ++r) {
        std::fill(reads.begin(), reads.end(), 0);
        std::fill(writes.begin(), writes.end(), 0);
        readBlocks.clear();
        writeBlocks.clear();
        // A block read twice in one repeat (a zero block stride) is read once.
        for (const Operand &source : sources) {
            ForEachBlock(source, mask, 1, [&](uint64_t address, uint64_t) {
                const uint64_t block = (address + uint64_t{r} * source.repStride * kBlockBytes) / kBlockBytes;
                if (std::find(readBlocks.begin(), readBlocks.end(), block) == readBlocks.end()) {
                    readBlocks.push_back(block);
                    ++reads[block % groups];
                    banks |= BankBit(block);
                }
            });
        }
        ForEachBlock(dst, mask, 1, [&](uint64_t address, uint64_t) {
            const uint64_t block = (address + uint64_t{r} * dst.repStride * kBlockBytes) / kBlockBytes;
            if (std::find(writeBlocks.begin(), writeBlocks.end(), block) == writeBlocks.end()) {
                writeBlocks.push_back(block);
                ++writes[block % groups];
                banks |= BankBit(block);
            }
        });
        // Read-write conflicts (a read and a write in one bank) are not modeled: an instruction
        // writes a repeat some cycles after reading it, and the sample's case 1 layout (z in x's
        // bank) shows no cost for them.
        const uint64_t repeatCycles = std::max<uint64_t>({1, *std::max_element(reads.begin(), reads.end()),
                                                    *std::max_element(writes.begin(), writes.end())});
        cycles += repeatCycles;
    }
    CountVector(call, repeatTimes, cycles, cycles - repeatTimes, banks);
}

void MarkWritten(const Operand &dst, uint64_t mask, uint32_t repeatTimes)
{
    ForEachBlock(dst, mask, repeatTimes, [](uint64_t address, uint64_t bytes) { MarkUbWritten(address, bytes); });
}

}  // namespace kernel
}  // namespace sim
