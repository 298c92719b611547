// aclnnNsaCompress example.
//   test_aclnn_nsa_compress            the demo: T=64 as one sequence, N=4, D=32, l=d=32, all ones
//   test_aclnn_nsa_compress --help     the data-driven mode, used by the system tests
// The last line printed is one JSON object describing the call; the exit code is 0 when the
// call succeeded, 1 when it returned an error status, 2 for a usage error.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "aclnn_nsa_compress.h"
#include "opdev/op_errno.h"
#if __has_include("sim/kernel_launch.h")
#include "sim/kernel_launch.h"
#define NSA_EXAMPLE_HAS_SIM_COUNTERS 1
#endif

namespace {

constexpr int kExitOk = 0;
constexpr int kExitCallFailed = 1;
constexpr int kExitUsage = 2;

struct UsageError {
    std::string what;
};

struct Options {
    aclDataType dtype = ACL_FLOAT16;
    std::vector<int64_t> inputShape;
    std::string inputFile;
    std::string weightFile;
    std::vector<int64_t> weightShape;       // default [l, N]
    aclDataType weightDtype = ACL_DT_UNDEFINED;  // default: dtype
    aclDataType outputDtype = ACL_DT_UNDEFINED;  // default: dtype
    std::vector<int64_t> actSeqLen;
    int64_t actSeqLenType = 0;
    std::string layout = "TND";
    int64_t blockSize = 0;
    int64_t stride = 0;
    std::string outputFile;
    int64_t outputRows = -1;                // default: K computed on the host
    std::vector<int64_t> outputShape;       // overrides everything about the output shape
};

const char *kUsage =
    "usage: test_aclnn_nsa_compress [--dtype float16|bfloat16|float32] --shape T,N,D --input FILE\n"
    "         --weight FILE --act-seq-len a,b,... [--act-seq-len-type 0|1] [--layout TND]\n"
    "         --block l --stride d --output FILE [--output-rows K]\n"
    "         [--weight-shape a,b] [--weight-dtype DT] [--output-dtype DT] [--output-shape K,N,D]\n"
    "Inputs are raw little-endian element files; --act-seq-len takes cumulative ends (type 0)\n"
    "or lengths (type 1). With no arguments the demo runs.\n";

aclDataType ParseDtype(const std::string &name)
{
    static const std::map<std::string, aclDataType> names{
        {"float16", ACL_FLOAT16}, {"bfloat16", ACL_BF16}, {"float32", ACL_FLOAT}};
    auto it = names.find(name);
    if (it == names.end()) {
        throw UsageError{"unknown dtype '" + name + "' (float16, bfloat16, float32)"};
    }
    return it->second;
}

size_t DtypeBytes(aclDataType dtype)
{
    return dtype == ACL_FLOAT ? 4 : 2;
}

int64_t ParseInt(const std::string &text, const std::string &flag)
{
    try {
        size_t used = 0;
        const long long value = std::stoll(text, &used);
        if (used == text.size()) {
            return value;
        }
    } catch (const std::exception &) {
    }
    throw UsageError{flag + " takes an integer, got '" + text + "'"};
}

std::vector<int64_t> ParseList(const std::string &text, const std::string &flag)
{
    std::vector<int64_t> values;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ',')) {
        values.push_back(ParseInt(item, flag));
    }
    return values;
}

Options ParseOptions(int argc, char **argv)
{
    Options options;
    std::map<std::string, std::string> seen;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag.rfind("--", 0) != 0 || i + 1 >= argc) {
            throw UsageError{"expected '--flag value', got '" + flag + "'"};
        }
        seen[flag] = argv[++i];
    }
    auto take = [&seen](const std::string &flag, bool required) -> std::string * {
        auto it = seen.find(flag);
        if (it == seen.end()) {
            if (required) {
                throw UsageError{"missing " + flag};
            }
            return nullptr;
        }
        return &it->second;
    };
    if (auto *v = take("--dtype", false)) options.dtype = ParseDtype(*v);
    options.inputShape = ParseList(*take("--shape", true), "--shape");
    options.inputFile = *take("--input", true);
    options.weightFile = *take("--weight", true);
    options.actSeqLen = ParseList(*take("--act-seq-len", true), "--act-seq-len");
    options.blockSize = ParseInt(*take("--block", true), "--block");
    options.stride = ParseInt(*take("--stride", true), "--stride");
    options.outputFile = *take("--output", true);
    if (auto *v = take("--act-seq-len-type", false)) options.actSeqLenType = ParseInt(*v, "--act-seq-len-type");
    if (auto *v = take("--layout", false)) options.layout = *v;
    if (auto *v = take("--output-rows", false)) options.outputRows = ParseInt(*v, "--output-rows");
    if (auto *v = take("--weight-shape", false)) options.weightShape = ParseList(*v, "--weight-shape");
    if (auto *v = take("--weight-dtype", false)) options.weightDtype = ParseDtype(*v);
    if (auto *v = take("--output-dtype", false)) options.outputDtype = ParseDtype(*v);
    if (auto *v = take("--output-shape", false)) options.outputShape = ParseList(*v, "--output-shape");
    for (const auto &[flag, value] : seen) {
        static const char *known[] = {"--dtype", "--shape", "--input", "--weight", "--act-seq-len", "--block",
                                      "--stride", "--output", "--act-seq-len-type", "--layout", "--output-rows",
                                      "--weight-shape", "--weight-dtype", "--output-dtype", "--output-shape"};
        if (std::none_of(std::begin(known), std::end(known), [&flag](const char *k) { return flag == k; })) {
            throw UsageError{"unknown option " + flag};
        }
    }
    if (options.inputShape.size() != 3) {
        throw UsageError{"--shape takes T,N,D"};
    }
    if (options.weightShape.empty()) {
        options.weightShape = {options.blockSize, options.inputShape[1]};
    }
    if (options.weightDtype == ACL_DT_UNDEFINED) options.weightDtype = options.dtype;
    if (options.outputDtype == ACL_DT_UNDEFINED) options.outputDtype = options.dtype;
    return options;
}

// K as the caller computes it: windows per sequence, for either kind of sequence list. A list
// the operator will reject still gets a row count, so that the operator is the one to reject it.
int64_t HostOutputRows(const Options &options)
{
    if (options.blockSize <= 0 || options.stride <= 0) {
        return 0;
    }
    int64_t rows = 0;
    int64_t previousEnd = 0;
    for (int64_t value : options.actSeqLen) {
        const int64_t length = options.actSeqLenType == 1 ? value : value - previousEnd;
        previousEnd = options.actSeqLenType == 1 ? previousEnd + value : value;
        if (length >= options.blockSize) {
            rows += (length - options.blockSize) / options.stride + 1;
        }
    }
    return rows;
}

int64_t Numel(const std::vector<int64_t> &shape)
{
    int64_t n = 1;
    for (int64_t dim : shape) {
        n *= dim < 0 ? 0 : dim;
    }
    return n;
}

std::vector<uint8_t> ReadFile(const std::string &path, size_t expectedBytes)
{
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        throw UsageError{"cannot read " + path};
    }
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (bytes.size() != expectedBytes) {
        throw UsageError{path + " holds " + std::to_string(bytes.size()) + " bytes, the shape needs " +
                         std::to_string(expectedBytes)};
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

aclTensor *CreateTensor(const std::vector<int64_t> &shape, aclDataType dtype, void *data)
{
    std::vector<int64_t> strides(shape.size(), 1);
    for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i) {
        strides[i] = strides[i + 1] * shape[i + 1];
    }
    return aclCreateTensor(shape.data(), shape.size(), dtype, strides.data(), 0, ACL_FORMAT_ND, shape.data(),
                           shape.size(), data);
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
CallResult RunNsaCompress(const Options &options, const std::vector<uint8_t> &input, const std::vector<uint8_t> &weight,
                          const std::vector<int64_t> &outputShape, aclrtStream stream)
{
    CallResult result;
    DeviceBuffer inputDev(input.size());
    DeviceBuffer weightDev(weight.size());
    const size_t outputBytes = static_cast<size_t>(Numel(outputShape)) * DtypeBytes(options.outputDtype);
    DeviceBuffer outputDev(outputBytes);
    aclrtMemcpy(inputDev.get(), input.size(), input.data(), input.size(), ACL_MEMCPY_HOST_TO_DEVICE);
    aclrtMemcpy(weightDev.get(), weight.size(), weight.data(), weight.size(), ACL_MEMCPY_HOST_TO_DEVICE);

    aclTensor *inputTensor = CreateTensor(options.inputShape, options.dtype, inputDev.get());
    aclTensor *weightTensor = CreateTensor(options.weightShape, options.weightDtype, weightDev.get());
    aclTensor *outputTensor = CreateTensor(outputShape, options.outputDtype, outputDev.get());
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
    options.weightShape = {32, 4};
    options.weightDtype = ACL_FLOAT16;
    options.outputDtype = ACL_FLOAT16;
    options.actSeqLen = {64};
    options.blockSize = 32;
    options.stride = 32;
    const int64_t rows = HostOutputRows(options);
    const CallResult result = RunNsaCompress(options, OnesFloat16(Numel(options.inputShape)),
                                             OnesFloat16(Numel(options.weightShape)), {rows, 4, 32}, stream);
    if (result.status == ACLNN_SUCCESS) {
        for (int64_t i = 0; i < rows * 4 * 32; ++i) {
            aclFloat16 value;
            std::memcpy(&value, &result.output[static_cast<size_t>(i) * 2], 2);
            std::printf("result[%ld] is: %f\n", static_cast<long>(i), aclFloat16ToFloat(value));
        }
    }
    std::printf("%s\n", ResultJson(result, rows).c_str());
    return result.status == ACLNN_SUCCESS ? kExitOk : kExitCallFailed;
}

int RunDataDriven(const Options &options, aclrtStream stream)
{
    const int64_t rows = options.outputRows >= 0 ? options.outputRows : HostOutputRows(options);
    const std::vector<int64_t> outputShape =
        options.outputShape.empty() ? std::vector<int64_t>{rows, options.inputShape[1], options.inputShape[2]}
                                    : options.outputShape;
    const auto input = ReadFile(options.inputFile, static_cast<size_t>(Numel(options.inputShape)) * DtypeBytes(options.dtype));
    const auto weight =
        ReadFile(options.weightFile, static_cast<size_t>(Numel(options.weightShape)) * DtypeBytes(options.weightDtype));
    const CallResult result = RunNsaCompress(options, input, weight, outputShape, stream);
    if (result.status == ACLNN_SUCCESS) {
        std::ofstream file(options.outputFile, std::ios::binary);
        file.write(reinterpret_cast<const char *>(result.output.data()), static_cast<std::streamsize>(result.output.size()));
        if (!file) {
            throw UsageError{"cannot write " + options.outputFile};
        }
    }
    std::printf("%s\n", ResultJson(result, outputShape[0]).c_str());
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
    try {
        if (argc > 1) {
            options = ParseOptions(argc, argv);
        }
    } catch (const UsageError &error) {
        std::fprintf(stderr, "error: %s\n%s", error.what.c_str(), kUsage);
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
        code = argc > 1 ? RunDataDriven(options, stream) : RunDemo(stream);
    } catch (const UsageError &error) {
        std::fprintf(stderr, "error: %s\n%s", error.what.c_str(), kUsage);
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
