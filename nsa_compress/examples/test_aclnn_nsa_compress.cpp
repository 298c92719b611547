// aclnnNsaCompress example.
//   test_aclnn_nsa_compress            the demo: T=64 as one sequence, N=4, D=32, l=d=32, all ones
//   test_aclnn_nsa_compress --help     the data-driven mode, used by the system tests
// The last line printed is one JSON object describing the call. Exit codes:
//   0  the call succeeded (and the whole output storage is written to --output)
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
#include <memory>
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
#include "sim/run_reports.h"
#define NSA_EXAMPLE_HAS_SIM_COUNTERS 1
#endif

namespace {

constexpr int kExitOk = 0;
constexpr int kExitCallFailed = 1;
constexpr int kExitUsageOrFile = 2;

const std::string kUsage =
    "usage: test_aclnn_nsa_compress [--dtype float16|bfloat16|float32] --shape SIZES --input FILE\n"
    "         --weight FILE [--act-seq-len a,b,... | --act-seq-len-file FILE] [--act-seq-len-type 0|1]\n"
    "         [--layout TND|BSND|BNSD|BSH|SBH] [--heads N] --block l --stride d --output FILE\n"
    "         [--output-rows K] [--weight-shape a,b] [--weight-dtype DT] [--output-dtype DT]\n"
    "         [--output-shape K,N,D] [--input-strides s,...] [--input-offset E]\n"
    "         [--weight-strides s,...] [--weight-offset E] [--output-strides s,...] [--output-offset E]\n"
    "         [--output-fill 0xHHHH] [--output-storage own|input|weight] [--chunk-bytes BYTES] [--trace FILE]\n"
    "--shape is the input's view, per --layout (default TND): TND T,N,D; BSND B,S,N,D; BNSD B,N,S,D;\n"
    "BSH B,S,H and SBH S,B,H with H = N*D, which need --heads N. --heads sets the N of the default\n"
    "weight [l, N] and output [K, N, D] shapes (default: N of --shape). A layout the example does not\n"
    "know is passed on with three sizes (read as TND) or four (read as BSND).\n"
    "--act-seq-len takes cumulative ends (type 0) or lengths (type 1): one entry per sequence for TND,\n"
    "one per batch for the batched layouts; --act-seq-len-file FILE takes them from a text file,\n"
    "separated by commas, spaces or newlines (for lists longer than a command line may be). With\n"
    "neither, actSeqLenOptional is a null pointer.\n"
    "Views: --X-strides (elements, one per size, >= 0; default contiguous) and --X-offset (elements,\n"
    "default 0) place the input, weight or output view in a storage of offset + 1 +\n"
    "sum((size - 1) * stride) elements (0 for an empty view). The --input and --weight files hold\n"
    "that whole storage, raw little-endian elements, exactly its size. The output's storage is\n"
    "filled with the 16-bit pattern --output-fill (default 0xFFFF) before the call, and --output\n"
    "receives all of it after a successful call. --output-storage input|weight places the output\n"
    "view in the input's or weight's storage instead (no fill; --output then receives that storage).\n"
    "The files are copied to and from the device through a host buffer of --chunk-bytes (default " +
    std::to_string(kDefaultChunkBytes >> 20) + " MiB).\n"
    "--trace FILE writes the simulator's modeled timeline of the kernel launch as a Chrome trace\n"
    "(chrome://tracing, Perfetto): a process per core, a thread per pipe. With no arguments the demo runs.\n"
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

// The first `bytes` of the device buffer into the file, the same way.
void CopyDeviceToFile(const DeviceBuffer &device, size_t bytes, OutputFile &file, int64_t chunkBytes)
{
    std::vector<uint8_t> staging(std::min(bytes, static_cast<size_t>(chunkBytes)));
    for (size_t offset = 0; offset < bytes; offset += staging.size()) {
        const size_t count = std::min(staging.size(), bytes - offset);
        CheckAcl(aclrtMemcpy(staging.data(), staging.size(), static_cast<const uint8_t *>(device.get()) + offset,
                             count, ACL_MEMCPY_DEVICE_TO_HOST),
                 "aclrtMemcpy DEVICE_TO_HOST of " + std::to_string(count) + " bytes at offset " + std::to_string(offset));
        file.Write(staging.data(), count);
    }
}

// The whole device buffer set to the 16-bit `pattern` (little-endian), a chunk at a time.
void FillDevice(const DeviceBuffer &device, uint16_t pattern, int64_t chunkBytes)
{
    std::vector<uint8_t> staging(std::min(device.bytes(), static_cast<size_t>(chunkBytes)));
    for (size_t offset = 0; offset < device.bytes(); offset += staging.size()) {
        const size_t count = std::min(staging.size(), device.bytes() - offset);
        // By the byte's place in the buffer: a chunk may start inside an element.
        for (size_t i = 0; i < count; ++i) {
            staging[i] = static_cast<uint8_t>((offset + i) % 2 == 0 ? pattern & 0xFF : pattern >> 8);
        }
        CheckAcl(aclrtMemcpy(static_cast<uint8_t *>(device.get()) + offset, device.bytes() - offset, staging.data(),
                             count, ACL_MEMCPY_HOST_TO_DEVICE),
                 "aclrtMemcpy HOST_TO_DEVICE of " + std::to_string(count) + " fill bytes at offset " +
                     std::to_string(offset));
    }
}

// The view of `extent` in a one-dimensional storage of extent.storageElements elements at `data`.
aclTensor *CreateTensor(const TensorExtent &extent, void *data)
{
    const int64_t storageDims[] = {extent.storageElements};
    return aclCreateTensor(extent.shape.data(), extent.shape.size(), AclType(extent.type), extent.strides.data(),
                           extent.offset, ACL_FORMAT_ND, storageDims, 1, data);
}

// The device storage of each tensor; the output has its own unless --output-storage shares the
// input's or the weight's.
struct DeviceTensors {
    DeviceTensors(const CallPlan &plan, OutputStorage outputStorage)
        : input(static_cast<size_t>(plan.input.storageBytes), "input"),
          weight(static_cast<size_t>(plan.weight.storageBytes), "weight")
    {
        if (outputStorage == OutputStorage::Own) {
            ownOutput = std::make_unique<DeviceBuffer>(static_cast<size_t>(plan.output.storageBytes), "output");
        }
        output = outputStorage == OutputStorage::Input ? &input
                 : outputStorage == OutputStorage::Weight ? &weight
                                                          : ownOutput.get();
    }
    DeviceBuffer input;
    DeviceBuffer weight;
    std::unique_ptr<DeviceBuffer> ownOutput;
    const DeviceBuffer *output = nullptr;
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
    aclTensor *outputTensor = CreateTensor(plan.output, tensors.output->get());
    aclIntArray *actSeqLen =
        options.nullActSeqLen ? nullptr : aclCreateIntArray(options.actSeqLen.data(), options.actSeqLen.size());
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

// The output's first size (K for a 3-D output).
int64_t OutputRows(const CallPlan &plan)
{
    return plan.output.shape.empty() ? 0 : plan.output.shape[0];
}

std::string ResultLine(const CallResult &result, int64_t rows)
{
    std::ostringstream json;
    json << "{\"status\": " << result.status << ", \"message\": \"" << JsonEscape(result.message)
         << "\", \"rows\": " << rows << ", \"workspace_bytes\": " << result.workspaceBytes;
#ifdef NSA_EXAMPLE_HAS_SIM_COUNTERS
    if (result.status == ACLNN_SUCCESS && rows > 0) {
        // "launch": the operator's kernel; "copies": the launches l0op::Contiguous and
        // l0op::ViewCopy added around it for views the kernel does not stride, in order.
        std::string copies;
        for (const sim::LaunchReport &report : sim::LastRunReports()) {
            if (report.opType == "NsaCompress") {
                json << ", \"launch\": " << report.ToJson();
            } else {
                copies += (copies.empty() ? "" : ", ") + report.ToJson();
            }
        }
        json << ", \"copies\": [" << copies << "]";
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
    const DeviceTensors tensors(plan, OutputStorage::Own);
    CopyToDevice(OnesFloat16(plan.input.elements), tensors.input);
    CopyToDevice(OnesFloat16(plan.weight.elements), tensors.weight);
    const CallResult result = RunNsaCompress(options, plan, tensors, session.stream());
    std::string text;
    if (result.status == ACLNN_SUCCESS) {
        std::vector<aclFloat16> output(static_cast<size_t>(plan.output.elements));
        CheckAcl(aclrtMemcpy(output.data(), output.size() * 2, tensors.output->get(), tensors.output->bytes(),
                             ACL_MEMCPY_DEVICE_TO_HOST),
                 "aclrtMemcpy DEVICE_TO_HOST of the output");
        for (size_t i = 0; i < output.size(); ++i) {
            char line[64];
            std::snprintf(line, sizeof(line), "result[%zu] is: %f\n", i, aclFloat16ToFloat(output[i]));
            text += line;
        }
    }
    WriteStandardOutput(text + ResultLine(result, OutputRows(plan)));
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
    input.RequireSize(plan.input.storageBytes, Describe(plan.input));
    InputFile weight(options.weightFile, "--weight");
    weight.RequireSize(plan.weight.storageBytes, Describe(plan.weight));

    AclSession session;
    const DeviceTensors tensors(plan, options.outputStorage);
    CopyFileToDevice(input, tensors.input, options.chunkBytes);
    CopyFileToDevice(weight, tensors.weight, options.chunkBytes);
    if (tensors.ownOutput) {
        FillDevice(*tensors.ownOutput, options.outputFill, options.chunkBytes);
    }
    const CallResult result = RunNsaCompress(options, plan, tensors, session.stream());
    if (result.status == ACLNN_SUCCESS) {
        OutputFile output(options.outputFile, "--output");
        CopyDeviceToFile(*tensors.output, static_cast<size_t>(plan.output.storageBytes), output, options.chunkBytes);
        output.Close();
    }
    WriteStandardOutput(ResultLine(result, OutputRows(plan)));
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
