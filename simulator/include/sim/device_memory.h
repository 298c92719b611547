// Device memory of the simulator: host memory in tracked allocations, so that every global-memory
// access of a kernel and every aclrtMemcpy can be checked against the allocation it falls in.
#ifndef SIM_DEVICE_MEMORY_H
#define SIM_DEVICE_MEMORY_H

#include <cstddef>
#include <cstdint>

namespace sim {

// Allocates `bytes` (0 allowed: a distinct, trackable pointer) aligned to 512 bytes like the
// device allocator; returns nullptr when the host is out of memory.
void *DeviceAlloc(size_t bytes);
// False when `ptr` is not the base of a live allocation.
bool DeviceFree(void *ptr);

struct Allocation {
    const uint8_t *base = nullptr;
    size_t size = 0;
};

// True when [ptr, ptr + bytes) lies entirely inside one live allocation; fills `found` with it.
bool FindAllocation(const void *ptr, size_t bytes, Allocation *found);
// Number of live allocations (leak checks in tests).
size_t LiveAllocationCount();

}  // namespace sim

#endif
