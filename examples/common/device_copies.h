// Copies between the examples' files (or host vectors) and device buffers. Files go through one
// host staging buffer of at most `chunkBytes`, so the host never holds a second copy of a large
// tensor.
#ifndef NSA_EXAMPLE_DEVICE_COPIES_H
#define NSA_EXAMPLE_DEVICE_COPIES_H

#include <cstddef>
#include <cstdint>
#include <vector>

#include "acl_device.h"
#include "file_io.h"

// The file, a chunk at a time, into the whole device buffer.
void CopyFileToDevice(InputFile &file, const DeviceBuffer &device, int64_t chunkBytes);

// The first `bytes` of the device buffer into the file, the same way.
void CopyDeviceToFile(const DeviceBuffer &device, size_t bytes, OutputFile &file, int64_t chunkBytes);

// The whole device buffer set to the 16-bit `pattern` (little-endian), a chunk at a time.
void FillDevice(const DeviceBuffer &device, uint16_t pattern, int64_t chunkBytes);

// `host` into the start of the device buffer.
void CopyToDevice(const std::vector<uint8_t> &host, const DeviceBuffer &device);

// The bytes of `bytes` bytes of host memory at `data`, for CopyToDevice.
std::vector<uint8_t> Bytes(const void *data, size_t bytes);

// `count` float16 elements of `value`, as bytes (the demos' inputs).
std::vector<uint8_t> Float16Values(int64_t count, float value);

#endif  // NSA_EXAMPLE_DEVICE_COPIES_H
