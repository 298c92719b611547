// The state of the simulated vector core a thread runs as: its Unified Buffer (with a record of
// which bytes were written), its counters, and the checks that abort a launch.
#ifndef SIM_KERNEL_OPERATOR_KERNEL_CORE_H
#define SIM_KERNEL_OPERATOR_KERNEL_CORE_H

#include <cstdint>
#include <string>

#include "sim/kernel_launch.h"
#include "sim/soc_spec.h"
#include "sim/timing_record.h"

namespace sim {
namespace kernel {

constexpr uint32_t kBlockBytes = 32;
constexpr uint32_t kRepeatBlocks = 8;
constexpr uint32_t kRepeatBytes = kBlockBytes * kRepeatBlocks;
constexpr uint32_t kMaxRepeat = 255;
constexpr uint32_t kMaxDataCopyBlocks = 4095;
// The share of a kernel's workspace that Ascend C reserves for its library (RESERVED_WORKSPACE of
// CANN's kernel_utils_constants.h for these SoCs; PlatformAscendC::GetLibApiWorkSpaceSize).
constexpr uint64_t kLibApiWorkspaceBytes = 16ull * 1024 * 1024;

int64_t BlockIdx();
int64_t BlockNum();
uint64_t TilingKey();
const SocSpec &Soc();
uint8_t *Ub();

// Aborts the launch: throws to the core's thread, which records "core N: <what>".
[[noreturn]] void Fault(const std::string &what);

// UB checks of one access of `bytes` at UB offset `offset` by `call`.
void CheckUbRange(const char *call, uint64_t offset, uint64_t bytes);
void CheckUbAligned(const char *call, const char *operand, uint64_t offset);
void CheckUbWritten(const char *call, uint64_t offset, uint64_t bytes);
void MarkUbWritten(uint64_t offset, uint64_t bytes);
// A global-memory access of `bytes` at `address` must lie in one live device allocation.
void CheckGm(const char *call, const void *address, uint64_t bytes);
void CheckRepeat(const char *call, uint32_t repeatTimes);
void CheckMask(const char *call, uint64_t mask, uint32_t elementsPerRepeat);

// Buffers TPipe hands out are carved from the UB in order; overflow is a fault.
uint64_t AllocateUb(const char *call, uint64_t bytes);
void ResetUbAllocation();

// Counters and timing records of the calling core (sim/timing_record.h).
// A vector instruction of `repeats` repeats taking `cycles` cycles, `bankCycles` of them lost to
// UB bank conflicts, touching the UB banks `ubBanks` (UbBanks).
void CountVector(const char *call, uint32_t repeats, uint64_t cycles, uint64_t bankCycles, uint64_t ubBanks);
// The UB banks the bytes [begin, end) lie in, one bit per bank: bit (region * groups + group).
uint64_t UbBanks(uint64_t begin, uint64_t end);
// A copy of `rows` rows of `rowBytes` bytes, `gmPitch` apart in global memory from `gm`; its UB
// side spans [ubBegin, ubEnd).
void CountCopy(const char *call, Pipe pipe, const void *gm, uint64_t rowBytes, uint32_t rows, uint64_t gmPitch,
               L2Mode l2, uint64_t ubBegin, uint64_t ubEnd);
// SetFlag / WaitFlag of a HardEvent (its enumerator's value) and event id; PipeBarrier of a pipe_t.
void SetFlag(int event, int32_t eventId);
void WaitFlag(int event, int32_t eventId);
void Barrier(int pipe);
// AscendC::SyncAll: every earlier instruction of the core is done, then every block of the launch
// waits until all have arrived (sim/launch_barrier.h); recorded as one Op::kSyncAll.
void SyncAll();
// The flags a TQue sets and waits on: SetFlag returns the record a later wait pairs with.
int32_t QueueSetFlag(Pipe pipe);
void QueueWaitFlag(Pipe pipe, int32_t setRecord);
// Scalar GetValue / SetValue on the Unified Buffer, and on global memory through the data cache.
void ScalarUbAccess();
void ScalarGmAccess(const void *address);

}  // namespace kernel
}  // namespace sim

#endif
