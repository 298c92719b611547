// The state of the simulated vector core a thread runs as: its Unified Buffer (with a record of
// which bytes were written), its counters, and the checks that abort a launch.
#ifndef SIM_KERNEL_OPERATOR_KERNEL_CORE_H
#define SIM_KERNEL_OPERATOR_KERNEL_CORE_H

#include <cstdint>
#include <string>

#include "sim/kernel_launch.h"
#include "sim/soc_spec.h"

namespace sim {
namespace kernel {

constexpr uint32_t kBlockBytes = 32;
constexpr uint32_t kRepeatBlocks = 8;
constexpr uint32_t kRepeatBytes = kBlockBytes * kRepeatBlocks;
constexpr uint32_t kMaxRepeat = 255;
constexpr uint32_t kMaxDataCopyBlocks = 4095;

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

void CountVector(uint32_t repeats);
void CountGmToUb(uint64_t bytes);
void CountUbToGm(uint64_t bytes);

}  // namespace kernel
}  // namespace sim

#endif
