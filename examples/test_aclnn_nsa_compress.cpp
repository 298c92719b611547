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

const std::string kUsage =
    "usage: test_aclnn_nsa_compress [--dtype float16|bfloat16|float32] --shape T,N,D --input FILE\n"
    "         --weight FILE (--act-seq-len a,b,... | --act-seq-len-file FILE) [--act-seq-len-type 0|1]\n"
    "         [--layout TND] --block l --stride d --output FILE [--output-rows K]\n"
    "         [--weight-shape a,b] [--weight-dtype DT] [--output-dtype DT] [--output-shape K,N,D]\n"
    "         [--chunk-bytes BYTES] [--trace FILE]\n"
    "Inputs are raw little-endian element files of exactly the size their shape needs;\n"
    "--act-seq-len takes cumulative ends (type 0) or lengths (type 1); --act-seq-len-file FILE\n"
    "takes them from a text file, separated by commas, spaces or newlines (for lists longer than a\n"
    "command line may be). The files are copied to and from the device through a host buffer of\n"
    "--chunk-bytes (default " + std::to_string(kDefaultChunkBytes >> 20) + " MiB). --trace FILE writes the\n"
    "simulator's modeled timeline of the kernel launch as a Chrome trace (chrome://tracing, Perfetto):\n"
    "a process per core, a thread per pipe. With no arguments the demo runs.\n"
    "Exit codes: 0 success; 1 the call failed (an error status or an ACL runtime error);\n"
    "2 a usage error or a file error (unreadable, not a regular file, wrong size, write failed).\n";

// An ACL runtime call that failed; the message names it and what the runtime said.
class AclError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::string TakeErrorMessage()
{
    const char *message = aclGetRecentErrMsg();
    return message == nullptr ? "" : message;
}

void CheckAcl(aclError error, const std::string &call)
{
    if (error != ACL_SUCCESS) {
        throw AclError(call + " returned " + std::to_string(error) + ": " + TakeErrorMessage());
    }
}

aclDataType AclType(ElementType type)
{
    switch (type) {
        case ElementType::Float16: return ACL_FLOAT16;
        case ElementType::BFloat16: return ACL_BF16;
        case ElementType::Float32: return ACL_FLOAT;
    }
    return ACL_DT_UNDEFINED;
}

// ACL initialized with device 0 and one stream, released in reverse order at scope exit. A
// constructor that throws leaves the rest to the process exit that follows.
class AclSession {
public:
    AclSession()
    {
        CheckAcl(aclInit(nullptr), "aclInit");
        CheckAcl(aclrtSetDevice(0), "aclrtSetDevice(0)");
        CheckAcl(aclrtCreateStream(&stream_), "aclrtCreateStream");
    }
    ~AclSession()
    {
        aclrtDestroyStream(stream_);
        aclrtResetDevice(0);
        aclFinalize();
    }
    AclSession(const AclSession &) = delete;
    AclSession &operator=(const AclSession &) = delete;
    aclrtStream stream() const { return stream_; }

private:
    aclrtStream stream_ = nullptr;
};

// A device buffer holding `bytes`, released at scope exit; `what` names it in a failure.
class DeviceBuffer {
public:
    DeviceBuffer(size_t bytes, const std::string &what) : bytes_(bytes)
    {
        // aclrtMalloc refuses 0 bytes; an empty tensor still needs an address.
        CheckAcl(aclrtMalloc(&ptr_, std::max<size_t>(bytes_, 1), ACL_MEM_MALLOC_HUGE_FIRST),
                 "aclrtMalloc of " + std::to_string(bytes_) + " bytes for the " + what);
    }
    ~DeviceBuffer() { aclrtFree(ptr_); }
    DeviceBuffer(const DeviceBuffer &) = delete;
    DeviceBuffer &operator=(const DeviceBuffer &) = delete;
    void *get() const { return ptr_; }
    size_t bytes() const { return bytes_; }

private:
    void *ptr_ = nullptr;
    size_t bytes_ = 0;
};

// The file, in chunks of at most `chunkBytes` through one host buffer, into the whole device
// buffer: the host never holds more than a chunk of it.
void CopyFileToDevice(InputFile &file, const DeviceBuffer &device, int64_t chunkBytes)
{
    std::vector<uint8_t> staging(std::min(device.bytes(), static_cast<size_t>(chunkBytes)));
    for (size_t offset = 0; offset < device.bytes(); offset += staging.size()) {
        const size_t count = std::min(staging.size(), device.bytes() - offset);
        file.Read(staging.data(), count);
        CheckAcl(aclrtMemcpy(static_cast<uint8_t *>(device.get()) + offset, device.bytes() - offset, staging.data(),
                             count, ACL_MEMCPY_HOST_TO_DEVICE),
                 "aclrtMemcpy HOST_TO_DEVICE of " + std::to_string(count) + " bytes at offset " + std::to_string(offset));
    }
}

// The whole device buffer into the file, the same way.
void CopyDeviceToFile(const DeviceBuffer &device, OutputFile &file, int64_t chunkBytes)
{
    std::vector<uint8_t> staging(std::min(device.bytes(), static_cast<size_t>(chunkBytes)));
    for (size_t offset = 0; offset < device.bytes(); offset += staging.size()) {
        const size_t count = std::min(staging.size(), device.bytes() - offset);
        CheckAcl(aclrtMemcpy(staging.data(), staging.size(), static_cast<const uint8_t *>(device.get()) + offset,
                             count, ACL_MEMCPY_DEVICE_TO_HOST),
                 "aclrtMemcpy DEVICE_TO_HOST of " + std::to_string(count) + " bytes at offset " + std::to_string(offset));
        file.Write(staging.data(), count);
    }
}

aclTensor *CreateTensor(const TensorExtent &extent, void *data)
{
    return aclCreateTensor(extent.shape.data(), extent.shape.size(), AclType(extent.type), extent.strides.data(), 0,
                           ACL_FORMAT_ND, extent.shape.data(), extent.shape.size(), data);
}

struct DeviceTensors {
    explicit DeviceTensors(const CallPlan &plan)
        : input(static_cast<size_t>(plan.input.bytes), "input"),
          weight(static_cast<size_t>(plan.weight.bytes), "weight"),
          output(static_cast<size_t>(plan.output.bytes), "output")
    {
    }
    DeviceBuffer input;
    DeviceBuffer weight;
    DeviceBuffer output;
};

struct CallResult {
    aclnnStatus status = ACLNN_SUCCESS;
    std::string message;
    uint64_t workspaceBytes = 0;
};

// Both aclnn phases on the device tensors; the output stays on the device.
CallResult RunNsaCompress(const Options &options, const CallPlan &plan, const DeviceTensors &tensors,
                          aclrtStream stream)
{
    CallResult result;
    aclTensor *inputTensor = CreateTensor(plan.input, tensors.input.get());
    aclTensor *weightTensor = CreateTensor(plan.weight, tensors.weight.get());
    aclTensor *outputTensor = CreateTensor(plan.output, tensors.output.get());
    aclIntArray *actSeqLen = aclCreateIntArray(options.actSeqLen.data(), options.actSeqLen.size());
    std::vector<char> layout(options.layout.begin(), options.layout.end());
    layout.push_back('\0');

    aclOpExecutor *executor = nullptr;
    result.status = aclnnNsaCompressGetWorkspaceSize(inputTensor, weightTensor, actSeqLen, layout.data(),
                                                     options.blockSize, options.stride, options.actSeqLenType,
                                                     outputTensor, &result.workspaceBytes, &executor);
    if (result.status == ACLNN_SUCCESS) {
        DeviceBuffer workspace(result.workspaceBytes, "workspace");
        result.status = aclnnNsaCompress(workspace.get(), result.workspaceBytes, executor, stream);
        if (result.status == ACLNN_SUCCESS && aclrtSynchronizeStream(stream) != ACL_SUCCESS) {
            result.status = ACLNN_ERR_RUNTIME_ERROR;
        }
    }
    if (result.status != ACLNN_SUCCESS) {
        result.message = TakeErrorMessage();
    }
    aclDestroyTensor(inputTensor);
    aclDestroyTensor(weightTensor);
    aclDestroyTensor(outputTensor);
    aclDestroyIntArray(actSeqLen);
    return result;
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

std::string ResultLine(const CallResult &result, int64_t rows)
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

int ExitCode(const CallResult &result)
{
    return result.status == ACLNN_SUCCESS ? kExitOk : kExitCallFailed;
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

void CopyToDevice(const std::vector<uint8_t> &host, const DeviceBuffer &device)
{
    CheckAcl(aclrtMemcpy(device.get(), device.bytes(), host.data(), host.size(), ACL_MEMCPY_HOST_TO_DEVICE),
             "aclrtMemcpy HOST_TO_DEVICE of " + std::to_string(host.size()) + " bytes");
}

int RunDemo()
{
    Options options;
    options.inputShape = {64, 4, 32};
    options.actSeqLen = {64};
    options.blockSize = 32;
    options.stride = 32;
    const CallPlan plan = PlanCall(options);

    AclSession session;
    const DeviceTensors tensors(plan);
    CopyToDevice(OnesFloat16(plan.input.elements), tensors.input);
    CopyToDevice(OnesFloat16(plan.weight.elements), tensors.weight);
    const CallResult result = RunNsaCompress(options, plan, tensors, session.stream());
    std::string text;
    if (result.status == ACLNN_SUCCESS) {
        std::vector<aclFloat16> output(static_cast<size_t>(plan.output.elements));
        CheckAcl(aclrtMemcpy(output.data(), output.size() * 2, tensors.output.get(), tensors.output.bytes(),
                             ACL_MEMCPY_DEVICE_TO_HOST),
                 "aclrtMemcpy DEVICE_TO_HOST of the output");
        for (size_t i = 0; i < output.size(); ++i) {
            char line[64];
            std::snprintf(line, sizeof(line), "result[%zu] is: %f\n", i, aclFloat16ToFloat(output[i]));
            text += line;
        }
    }
    WriteStandardOutput(text + ResultLine(result, plan.output.shape[0]));
    return ExitCode(result);
}

// --trace: the simulator writes the trace of each launch to $ASCEND_SIM_TRACE; a device has no
// such switch (its timeline comes from msprof), so there the option is refused.
void RequestTrace(const std::string &file)
{
#ifdef NSA_EXAMPLE_HAS_SIM_COUNTERS
    if (setenv("ASCEND_SIM_TRACE", file.c_str(), 1) != 0) {
        throw std::runtime_error("setenv ASCEND_SIM_TRACE failed");
    }
#else
    throw UsageError("--trace " + file + ": the trace is the simulator's; on a device, use msprof");
#endif
}

// Every refusal the host can make (arguments, arithmetic, input files) comes before ACL starts.
int RunDataDriven(const std::vector<std::string> &args)
{
    Options options = ParseOptions(args);
    if (!options.traceFile.empty()) {
        RequestTrace(options.traceFile);
    }
    if (!options.actSeqLenFile.empty()) {
        options.actSeqLen =
            ParseActSeqLenText(ReadTextFile(options.actSeqLenFile, "--act-seq-len-file"), options.actSeqLenFile);
    }
    const CallPlan plan = PlanCall(options);
    InputFile input(options.inputFile, "--input");
    input.RequireSize(plan.input.bytes, Describe(plan.input));
    InputFile weight(options.weightFile, "--weight");
    weight.RequireSize(plan.weight.bytes, Describe(plan.weight));

    AclSession session;
    const DeviceTensors tensors(plan);
    CopyFileToDevice(input, tensors.input, options.chunkBytes);
    CopyFileToDevice(weight, tensors.weight, options.chunkBytes);
    const CallResult result = RunNsaCompress(options, plan, tensors, session.stream());
    if (result.status == ACLNN_SUCCESS) {
        OutputFile output(options.outputFile, "--output");
        CopyDeviceToFile(tensors.output, output, options.chunkBytes);
        output.Close();
    }
    WriteStandardOutput(ResultLine(result, plan.output.shape[0]));
    return ExitCode(result);
}

}  // namespace

int main(int argc, char **argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        std::printf("%s", kUsage.c_str());
        return kExitOk;
    }
    try {
        return args.empty() ? RunDemo() : RunDataDriven(args);
    } catch (const UsageError &error) {
        std::fprintf(stderr, "error: %s\n%s", error.what(), kUsage.c_str());
        return kExitUsageOrFile;
    } catch (const FileError &error) {
        std::fprintf(stderr, "error: %s\n", error.what());
        return kExitUsageOrFile;
    } catch (const std::exception &error) {
        std::fprintf(stderr, "error: %s\n", error.what());
        return kExitCallFailed;
    }
}
