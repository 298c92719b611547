// The exported C functions (include/nsa_compress_cpu.h): check, then compute. Nothing is
// touched before every check has passed, and no C++ exception crosses the C boundary.
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "arguments.h"
#include "forward.h"
#include "grad.h"
#include "isa.h"
#include "nsa_compress_cpu.h"
#include "parallel.h"
#include "with_cache.h"
#include "with_cache_v2.h"

namespace {

// An error status the caller can tell from the aclnn ones: the library itself failed.
constexpr int kInternalError = 561000;

void Copy(const std::string &text, char *message, size_t size)
{
    if (message != nullptr && size > 0) {
        const size_t n = text.size() < size - 1 ? text.size() : size - 1;
        std::memcpy(message, text.data(), n);
        message[n] = '\0';
    }
}

int Threads(const NsaCpuWindows &windows)
{
    return windows.threads > 0 ? windows.threads : nsa_cpu::DefaultThreads();
}

template <typename Run>
int Guarded(char *message, size_t size, Run run)
{
    try {
        return run();
    } catch (const std::bad_alloc &) {
        Copy("the CPU implementation ran out of memory", message, size);
    } catch (const std::exception &error) {
        Copy(std::string("the CPU implementation failed: ") + error.what(), message, size);
    }
    return kInternalError;
}

}  // namespace

extern "C" __attribute__((visibility("default"))) int nsa_cpu_compress(
    const NsaCpuTensor *input, const NsaCpuTensor *weight, const NsaCpuTensor *output, const NsaCpuWindows *windows,
    char *message, size_t message_size)
{
    return Guarded(message, message_size, [&]() {
        if (windows == nullptr) {
            Copy("windows must not be a null pointer.", message, message_size);
            return static_cast<int>(NSA_CPU_NULLPTR);
        }
        using nsa_cpu::Role;
        const nsa_cpu::Checked checked = nsa_cpu::CheckCall(
            {{"input", input, Role::kInput}, {"weight", weight, Role::kWeight}, {"output", output, Role::kWindows}},
            *windows);
        Copy(checked.message, message, message_size);
        if (checked.status == NSA_CPU_OK) {
            nsa_cpu::Compress(checked, *input, *weight, *output, Threads(*windows));
        }
        return checked.status;
    });
}

extern "C" __attribute__((visibility("default"))) int nsa_cpu_compress_grad(
    const NsaCpuTensor *output_grad, const NsaCpuTensor *input, const NsaCpuTensor *weight,
    const NsaCpuTensor *input_grad, const NsaCpuTensor *weight_grad, const NsaCpuWindows *windows, char *message,
    size_t message_size)
{
    return Guarded(message, message_size, [&]() {
        if (windows == nullptr) {
            Copy("windows must not be a null pointer.", message, message_size);
            return static_cast<int>(NSA_CPU_NULLPTR);
        }
        using nsa_cpu::Role;
        const nsa_cpu::Checked checked = nsa_cpu::CheckCall({{"outputGrad", output_grad, Role::kWindows},
                                                             {"input", input, Role::kInput},
                                                             {"weight", weight, Role::kWeight},
                                                             {"inputGrad", input_grad, Role::kInputLike},
                                                             {"weightGrad", weight_grad, Role::kWeightLike}},
                                                            *windows);
        Copy(checked.message, message, message_size);
        if (checked.status == NSA_CPU_OK) {
            nsa_cpu::InputGrad(checked, *output_grad, *weight, *input_grad, Threads(*windows));
            nsa_cpu::WeightGrad(checked, *output_grad, *input, *weight_grad, Threads(*windows));
        }
        return checked.status;
    });
}

extern "C" __attribute__((visibility("default"))) int nsa_cpu_compress_with_cache(
    const NsaCpuTensor *input, const NsaCpuTensor *weight, const NsaCpuTensor *slot_mapping,
    const NsaCpuTensor *block_table, const NsaCpuTensor *output_cache, const NsaCpuWindows *windows,
    int64_t page_block_size, char *message, size_t message_size)
{
    return Guarded(message, message_size, [&]() {
        if (windows == nullptr) {
            Copy("windows must not be a null pointer.", message, message_size);
            return static_cast<int>(NSA_CPU_NULLPTR);
        }
        const nsa_cpu::DecodeTensors tensors{input, weight, slot_mapping, output_cache, block_table};
        const nsa_cpu::CheckedDecode checked = nsa_cpu::CheckDecodeCall(tensors, *windows, page_block_size);
        Copy(checked.message, message, message_size);
        if (checked.status == NSA_CPU_OK) {
            nsa_cpu::CompressWithCache(checked, tensors, Threads(*windows));
        }
        return checked.status;
    });
}

extern "C" __attribute__((visibility("default"))) int nsa_cpu_compress_with_cache_v2(
    const NsaCpuTensor *input, const NsaCpuTensor *weight, const NsaCpuTensor *value_input,
    const NsaCpuTensor *value_weight, const NsaCpuTensor *slot_mapping, const NsaCpuTensor *prev_seq_len,
    const NsaCpuTensor *act_seq_len, const NsaCpuTensor *block_table, int64_t compress_block_size,
    int64_t compress_stride, int64_t page_block_size, const NsaCpuTensor *output_cache,
    const NsaCpuTensor *value_cache, int32_t threads, char *message, size_t message_size)
{
    return Guarded(message, message_size, [&]() {
        const nsa_cpu::V2Tensors tensors{input,        weight,       value_input, value_weight, slot_mapping,
                                         prev_seq_len, act_seq_len,  block_table, output_cache, value_cache};
        const nsa_cpu::V2Windows windows{compress_block_size, compress_stride, page_block_size};
        const nsa_cpu::CheckedV2 checked = nsa_cpu::CheckV2Call(tensors, windows);
        Copy(checked.message, message, message_size);
        if (checked.status == NSA_CPU_OK) {
            nsa_cpu::CompressWithCacheV2(checked, tensors, windows, threads > 0 ? threads : nsa_cpu::DefaultThreads());
        }
        return checked.status;
    });
}

extern "C" __attribute__((visibility("default"))) int nsa_cpu_default_threads(void)
{
    return nsa_cpu::DefaultThreads();
}

extern "C" __attribute__((visibility("default"))) const char *nsa_cpu_isa(void)
{
    return nsa_cpu::IsaName(nsa_cpu::ActiveIsa());
}
