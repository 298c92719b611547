// aclnnNsaCompress example.
//   test_aclnn_nsa_compress            the demo: T=64 as one sequence, N=4, D=32, l=d=32, all ones
//   test_aclnn_nsa_compress --help     the data-driven mode, used by the system tests
// The last line printed is one JSON object describing the call. Exit codes:
//   0  the call succeeded (and its output is written)
//   1  the call failed: the operator returned an error status (in the JSON line), or an ACL
//      runtime call failed (named on stderr, with no JSON line)
//   2  a usage error or a file error, named on stderr with no JSON line: arguments the example
//      cannot represent or parse; an input that is missing, not a regular file or of the wrong
//      size; an output or standard output that cannot be written (then the output is lost)
// The command line and its arithmetic are in cli_options.*, the file handling in file_io.*.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "aclnn_nsa_compress.h"
#include "cli_options.h"
#include "file_io.h"
#include "opdev/op_errno.h"
#if __has_include("sim/kernel_launch.h")
#include "sim/kernel_launch.h"
#define NSA_EXAMPLE_HAS_SIM_COUNTERS 1
#endif

namespace {

constexpr int kExitOk = 0;
constexpr int kExitCallFailed = 1;
constexpr int kExitUsageOrFile = 2;

const char *kUsage =
    "usage: test_aclnn_nsa_compress [--dtype float16|bfloat16|float32] --shape T,N,D --input FILE\n"
    "         --weight FILE (--act-seq-len a,b,... | --act-seq-len-file FILE) [--act-seq-len-type 0|1]\n"
    "         [--layout TND] --block l --stride d --output FILE [--output-rows K]\n"
    "         [--weight-shape a,b] [--weight-dtype DT] [--output-dtype DT] [--output-shape K,N,D]\n"
    "Inputs are raw little-endian element files of exactly the size their shape needs;\n"
    "--act-seq-len takes cumulative ends (type 0) or lengths (type 1); --act-seq-len-file FILE\n"
    "takes them from a text file, separated by commas, spaces or newlines (for lists longer than a\n"
    "command line may be). With no arguments the demo runs.\n"
    "Exit codes: 0 success; 1 the call failed (an error status or an ACL runtime error);\n"
    "2 a usage error or a file error (unreadable, not a regular file, wrong size, write failed).\n";

aclDataType AclType(ElementType type)
{
    switch (type) {
        case ElementType::Float16: return ACL_FLOAT16;
        case ElementType::BFloat16: return ACL_BF16;
        case ElementType::Float32: return ACL_FLOAT;
    }
    return ACL_DT_UNDEFINED;
}

// The whole file, refused before any byte is read unless it is a regular file of `extent`'s size.
std::vector<uint8_t> ReadInput(const std::string &path, const std::string &flag, const TensorExtent &extent)
{
    InputFile file(path, flag);
    file.RequireSize(extent.bytes, Describe(extent));
    std::vector<uint8_t> bytes(static_cast<size_t>(extent.bytes));
    file.Read(bytes.data(), bytes.size());
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
    json << "}\n";
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
    std::string text;
    if (result.status == ACLNN_SUCCESS) {
        for (int64_t i = 0; i < plan.output.elements; ++i) {
            aclFloat16 value;
            std::memcpy(&value, &result.output[static_cast<size_t>(i) * 2], 2);
            char line[64];
            std::snprintf(line, sizeof(line), "result[%ld] is: %f\n", static_cast<long>(i), aclFloat16ToFloat(value));
            text += line;
        }
    }
    WriteStandardOutput(text + ResultJson(result, rows));
    return result.status == ACLNN_SUCCESS ? kExitOk : kExitCallFailed;
}

int RunDataDriven(const Options &options, const CallPlan &plan, aclrtStream stream)
{
    const auto input = ReadInput(options.inputFile, "--input", plan.input);
    const auto weight = ReadInput(options.weightFile, "--weight", plan.weight);
    const CallResult result = RunNsaCompress(options, plan, input, weight, stream);
    if (result.status == ACLNN_SUCCESS) {
        OutputFile file(options.outputFile, "--output");
        file.Write(result.output.data(), result.output.size());
        file.Close();
    }
    WriteStandardOutput(ResultJson(result, plan.output.shape[0]));
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
            if (!options.actSeqLenFile.empty()) {
                options.actSeqLen = ParseActSeqLenText(ReadTextFile(options.actSeqLenFile, "--act-seq-len-file"),
                                                       options.actSeqLenFile);
            }
            plan = PlanCall(options);
        }
    } catch (const UsageError &error) {
        std::fprintf(stderr, "error: %s\n%s", error.what(), kUsage);
        return kExitUsageOrFile;
    } catch (const FileError &error) {
        std::fprintf(stderr, "error: %s\n", error.what());
        return kExitUsageOrFile;
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
        code = kExitUsageOrFile;
    } catch (const FileError &error) {
        std::fprintf(stderr, "error: %s\n", error.what());
        code = kExitUsageOrFile;
    } catch (const std::exception &error) {
        std::fprintf(stderr, "error: %s\n", error.what());
        code = kExitCallFailed;
    }
    aclrtDestroyStream(stream);
    aclrtResetDevice(0);
    aclFinalize();
    return code;
}
