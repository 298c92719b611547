// aclnnNsaCompress example.
//   test_aclnn_nsa_compress            the demo: T=64 as one sequence, N=4, D=32, l=d=32, all ones
//   test_aclnn_nsa_compress --help     the data-driven mode, used by the system tests
// The last line printed is one JSON object describing the call; the exit code is 0 when the
// call succeeded, 1 when it returned an error status, 2 for a usage error.
// The command line and its arithmetic are in cli_options.*.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "aclnn_nsa_compress.h"
#include "cli_options.h"
#include "opdev/op_errno.h"
#if __has_include("sim/kernel_launch.h")
#include "sim/kernel_launch.h"
#define NSA_EXAMPLE_HAS_SIM_COUNTERS 1
#endif

namespace {

constexpr int kExitOk = 0;
constexpr int kExitCallFailed = 1;
constexpr int kExitUsage = 2;

const char *kUsage =
    "usage: test_aclnn_nsa_compress [--dtype float16|bfloat16|float32] --shape T,N,D --input FILE\n"
    "         --weight FILE --act-seq-len a,b,... [--act-seq-len-type 0|1] [--layout TND]\n"
    "         --block l --stride d --output FILE [--output-rows K]\n"
    "         [--weight-shape a,b] [--weight-dtype DT] [--output-dtype DT] [--output-shape K,N,D]\n"
    "Inputs are raw little-endian element files; --act-seq-len takes cumulative ends (type 0)\n"
    "or lengths (type 1). With no arguments the demo runs.\n";

aclDataType AclType(ElementType type)
{
    switch (type) {
        case ElementType::Float16: return ACL_FLOAT16;
        case ElementType::BFloat16: return ACL_BF16;
        case ElementType::Float32: return ACL_FLOAT;
    }
    return ACL_DT_UNDEFINED;
}

std::vector<uint8_t> ReadFile(const std::string &path, int64_t expectedBytes)
{
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        throw UsageError("cannot read " + path);
    }
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (static_cast<int64_t>(bytes.size()) != expectedBytes) {
        throw UsageError(path + " holds " + std::to_string(bytes.size()) + " bytes, the shape needs " +
                         std::to_string(expectedBytes));
    }
    return bytes;
}

std::string JsonEscape(const std::string &text)
{
    std::string out;
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20) {
            char buffer[8];
            std::snprintf(buffer, sizeof(buffer), "\\u%04x", c);
            out += buffer;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

// A device buffer holding `bytes`, released at scope exit.
class DeviceBuffer {
public:
    explicit DeviceBuffer(size_t bytes)
    {
        if (aclrtMalloc(&ptr_, bytes == 0 ? 1 : bytes, ACL_MEM_MALLOC_HUGE_FIRST) != ACL_SUCCESS) {
            throw std::runtime_error("aclrtMalloc of " + std::to_string(bytes) + " bytes failed");
        }
    }
    ~DeviceBuffer() { aclrtFree(ptr_); }
    DeviceBuffer(const DeviceBuffer &) = delete;
    DeviceBuffer &operator=(const DeviceBuffer &) = delete;
    void *get() const { return ptr_; }

private:
    void *ptr_ = nullptr;
};

aclTensor *CreateTensor(const TensorExtent &extent, void *data)
{
    return aclCreateTensor(extent.shape.data(), extent.shape.size(), AclType(extent.type), extent.strides.data(), 0,
                           ACL_FORMAT_ND, extent.shape.data(), extent.shape.size(), data);
}

struct CallResult {
    aclnnStatus status = ACLNN_SUCCESS;
    std::string message;
    uint64_t workspaceBytes = 0;
    std::vector<uint8_t> output;
};

std::string TakeErrorMessage()
{
    const char *message = aclGetRecentErrMsg();
    return message == nullptr ? "" : message;
}

// Runs both aclnn phases on device copies of the host data; the output comes back to the host.
CallResult RunNsaCompress(const Options &options, const CallPlan &plan, const std::vector<uint8_t> &input,
                          const std::vector<uint8_t> &weight, aclrtStream stream)
{
    CallResult result;
    DeviceBuffer inputDev(input.size());
    DeviceBuffer weightDev(weight.size());
    const size_t outputBytes = static_cast<size_t>(plan.output.bytes);
    DeviceBuffer outputDev(outputBytes);
    aclrtMemcpy(inputDev.get(), input.size(), input.data(), input.size(), ACL_MEMCPY_HOST_TO_DEVICE);
    aclrtMemcpy(weightDev.get(), weight.size(), weight.data(), weight.size(), ACL_MEMCPY_HOST_TO_DEVICE);

    aclTensor *inputTensor = CreateTensor(plan.input, inputDev.get());
    aclTensor *weightTensor = CreateTensor(plan.weight, weightDev.get());
    aclTensor *outputTensor = CreateTensor(plan.output, outputDev.get());
    aclIntArray *actSeqLen = aclCreateIntArray(options.actSeqLen.data(), options.actSeqLen.size());
    std::vector<char> layout(options.layout.begin(), options.layout.end());
    layout.push_back('\0');

    aclOpExecutor *executor = nullptr;
    result.status = aclnnNsaCompressGetWorkspaceSize(inputTensor, weightTensor, actSeqLen, layout.data(),
                                                     options.blockSize, options.stride, options.actSeqLenType,
                                                     outputTensor, &result.workspaceBytes, &executor);
    if (result.status == ACLNN_SUCCESS) {
        DeviceBuffer workspace(result.workspaceBytes);
        result.status = aclnnNsaCompress(workspace.get(), result.workspaceBytes, executor, stream);
        if (result.status == ACLNN_SUCCESS && aclrtSynchronizeStream(stream) != ACL_SUCCESS) {
            result.status = ACLNN_ERR_RUNTIME_ERROR;
        }
    }
    if (result.status == ACLNN_SUCCESS) {
        result.output.resize(outputBytes);
        aclrtMemcpy(result.output.data(), outputBytes, outputDev.get(), outputBytes, ACL_MEMCPY_DEVICE_TO_HOST);
    } else {
        result.message = TakeErrorMessage();
    }
    aclDestroyTensor(inputTensor);
    aclDestroyTensor(weightTensor);
    aclDestroyTensor(outputTensor);
    aclDestroyIntArray(actSeqLen);
    return result;
}

std::string ResultJson(const CallResult &result, int64_t rows)
{
    std::ostringstream json;
    json << "{\"status\": " << result.status << ", \"message\": \"" << JsonEscape(result.message)
         << "\", \"rows\": " << rows << ", \"workspace_bytes\": " << result.workspaceBytes;
#ifdef NSA_EXAMPLE_HAS_SIM_COUNTERS
    if (result.status == ACLNN_SUCCESS && rows > 0) {
        json << ", \"launch\": " << sim::LastLaunchReport().ToJson();
    }
#endif
    json << "}";
    return json.str();
}

std::vector<uint8_t> OnesFloat16(int64_t count)
{
    std::vector<uint8_t> bytes(static_cast<size_t>(count) * 2);
    const aclFloat16 one = aclFloatToFloat16(1.0f);
    for (int64_t i = 0; i < count; ++i) {
        std::memcpy(&bytes[static_cast<size_t>(i) * 2], &one, 2);
    }
    return bytes;
}

int RunDemo(aclrtStream stream)
{
    Options options;
    options.inputShape = {64, 4, 32};
    options.actSeqLen = {64};
    options.blockSize = 32;
    options.stride = 32;
    const CallPlan plan = PlanCall(options);
    const int64_t rows = plan.output.shape[0];
    const CallResult result =
        RunNsaCompress(options, plan, OnesFloat16(plan.input.elements), OnesFloat16(plan.weight.elements), stream);
    if (result.status == ACLNN_SUCCESS) {
        for (int64_t i = 0; i < plan.output.elements; ++i) {
            aclFloat16 value;
            std::memcpy(&value, &result.output[static_cast<size_t>(i) * 2], 2);
            std::printf("result[%ld] is: %f\n", static_cast<long>(i), aclFloat16ToFloat(value));
        }
    }
    std::printf("%s\n", ResultJson(result, rows).c_str());
    return result.status == ACLNN_SUCCESS ? kExitOk : kExitCallFailed;
}

int RunDataDriven(const Options &options, const CallPlan &plan, aclrtStream stream)
{
    const auto input = ReadFile(options.inputFile, plan.input.bytes);
    const auto weight = ReadFile(options.weightFile, plan.weight.bytes);
    const CallResult result = RunNsaCompress(options, plan, input, weight, stream);
    if (result.status == ACLNN_SUCCESS) {
        std::ofstream file(options.outputFile, std::ios::binary);
        file.write(reinterpret_cast<const char *>(result.output.data()), static_cast<std::streamsize>(result.output.size()));
        if (!file) {
            throw UsageError("cannot write " + options.outputFile);
        }
    }
    std::printf("%s\n", ResultJson(result, plan.output.shape[0]).c_str());
    return result.status == ACLNN_SUCCESS ? kExitOk : kExitCallFailed;
}

}  // namespace

int main(int argc, char **argv)
{
    if (argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
        std::printf("%s", kUsage);
        return kExitOk;
    }
    Options options;
    CallPlan plan;
    try {
        if (argc > 1) {
            options = ParseOptions(std::vector<std::string>(argv + 1, argv + argc));
            plan = PlanCall(options);
        }
    } catch (const UsageError &error) {
        std::fprintf(stderr, "error: %s\n%s", error.what(), kUsage);
        return kExitUsage;
    }
    if (aclInit(nullptr) != ACL_SUCCESS || aclrtSetDevice(0) != ACL_SUCCESS) {
        std::fprintf(stderr, "error: ACL initialization failed: %s\n", TakeErrorMessage().c_str());
        return kExitCallFailed;
    }
    aclrtStream stream = nullptr;
    aclrtCreateStream(&stream);
    int code = kExitOk;
    try {
        code = argc > 1 ? RunDataDriven(options, plan, stream) : RunDemo(stream);
    } catch (const UsageError &error) {
        std::fprintf(stderr, "error: %s\n%s", error.what(), kUsage);
        code = kExitUsage;
    } catch (const std::exception &error) {
        std::fprintf(stderr, "error: %s\n", error.what());
        code = kExitCallFailed;
    }
    aclrtDestroyStream(stream);
    aclrtResetDevice(0);
    aclFinalize();
    return code;
}
