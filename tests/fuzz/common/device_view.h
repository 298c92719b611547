// A strided view's whole storage on the device for the differential fuzz targets: the host copy
// the target fills (values in the view, canaries around it), the aclTensor the call gets, and
// the storage read back to compare, element by element, with what the target expects.
#ifndef NSA_FUZZ_DEVICE_VIEW_H
#define NSA_FUZZ_DEVICE_VIEW_H

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "aclnn/acl_meta.h"
#include "strided_view.h"

namespace nsa_fuzz {

[[noreturn]] inline void Mismatch(const std::string &what)
{
    std::fprintf(stderr, "fuzz oracle: %s\n", what.c_str());
    std::abort();
}

class DeviceView {
public:
    DeviceView(const StridedView &view, aclDataType dtype)
        : view_(view), dtype_(dtype), host_(static_cast<size_t>(view.storageElements), kCanary)
    {
        if (aclrtMalloc(&device_, Bytes(), ACL_MEM_MALLOC_HUGE_FIRST) != ACL_SUCCESS) {
            Mismatch("aclrtMalloc failed");
        }
    }
    DeviceView(const DeviceView &) = delete;
    DeviceView &operator=(const DeviceView &) = delete;
    ~DeviceView()
    {
        aclDestroyTensor(tensor_);
        aclrtFree(device_);
    }

    const StridedView &View() const { return view_; }
    // The storage element of the view's element at `position`.
    uint16_t &At(const std::vector<int64_t> &position) { return host_[view_.StorageIndex(position)]; }
    // Storage element `index` (a target that walks rows computes it once per row).
    uint16_t &Storage(int64_t index) { return host_[index]; }
    // The storage element of the view's element at row-major logical index `flat`.
    uint16_t &AtFlat(int64_t flat) { return host_[view_.StorageIndexOf(flat)]; }
    // Every element of the view set to `bits` (a NaN, so that one the call leaves unwritten shows).
    void Poison(uint16_t bits)
    {
        for (int64_t flat = 0; flat < view_.Elements(); ++flat) {
            AtFlat(flat) = bits;
        }
    }
    const std::vector<uint16_t> &Host() const { return host_; }

    // Copies the host storage to the device and creates the tensor the call takes.
    aclTensor *Upload()
    {
        if (aclrtMemcpy(device_, Bytes(), host_.data(), Bytes(), ACL_MEMCPY_HOST_TO_DEVICE) != ACL_SUCCESS) {
            Mismatch("aclrtMemcpy to the device failed");
        }
        const int64_t storageDims[] = {view_.storageElements};
        tensor_ = aclCreateTensor(view_.dims.data(), view_.dims.size(), dtype_, view_.strides.data(), view_.offset,
                                  ACL_FORMAT_ND, storageDims, 1, device_);
        return tensor_;
    }
    std::vector<uint16_t> Download() const
    {
        std::vector<uint16_t> storage(host_.size());
        if (aclrtMemcpy(storage.data(), Bytes(), device_, Bytes(), ACL_MEMCPY_DEVICE_TO_HOST) != ACL_SUCCESS) {
            Mismatch("aclrtMemcpy from the device failed");
        }
        return storage;
    }
    // Aborts unless the device storage holds `expected` (the host storage with the results the
    // target computed written into the view).
    void Expect(const std::vector<uint16_t> &expected, const char *name) const
    {
        const std::vector<uint16_t> got = Download();
        for (size_t i = 0; i < got.size(); ++i) {
            if (got[i] != expected[i]) {
                char line[160];
                std::snprintf(line, sizeof(line), "%s storage element %zu (%s the view): got 0x%04x, expected 0x%04x",
                              name, i, Covered(view_)[i] ? "inside" : "outside, a canary", got[i], expected[i]);
                Mismatch(line);
            }
        }
    }

private:
    size_t Bytes() const { return host_.size() * sizeof(uint16_t); }

    StridedView view_;
    aclDataType dtype_;
    std::vector<uint16_t> host_;
    void *device_ = nullptr;
    aclTensor *tensor_ = nullptr;
};

}  // namespace nsa_fuzz

#endif  // NSA_FUZZ_DEVICE_VIEW_H
