// What the vendor drivers share: reading a case file and placing bytes in simulated device memory.
#ifndef VENDOR_KERNEL_DRIVER_IO_H
#define VENDOR_KERNEL_DRIVER_IO_H

#include <cstdint>
#include <string>
#include <vector>

std::vector<char> ReadFile(const std::string &path);

// Device memory holding `bytes` (at least one byte, so an empty input still has an address).
uint8_t *DeviceCopy(const std::vector<char> &bytes);

// The `bytes` bytes at `device`, written to `path`.
void WriteDeviceBytes(const std::string &path, const uint8_t *device, uint64_t bytes);

#endif
