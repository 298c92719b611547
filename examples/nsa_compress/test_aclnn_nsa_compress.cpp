// aclnnNsaCompress example.
//   test_aclnn_nsa_compress            the demo: T=64 as one sequence, N=4, D=32, l=d=32, all ones
//   test_aclnn_nsa_compress --help     the data-driven mode, used by the system tests
// The last line printed is one JSON object describing the call. Exit codes:
//   0  the call succeeded (and the whole output storage is written to --output)
//   1  the call failed: the operator returned an error status (in the JSON line), or an ACL
//      runtime call failed (named on stderr, with no JSON line)
//   2  a usage error or a file error, named on stderr with no JSON line: arguments the example
//      cannot represent or parse; an output (or --trace) naming an input's or another output's
//      file; an input that is missing, not a regular file or of the wrong size; an output FIFO
//      with no reader; an output or standard output that cannot be written (then the output is lost)
// The command line and its arithmetic are in cli_options.* and examples/common (cli_*, window_args,
// tensor_extent), the files and the device in examples/common (file_io, acl_device, device_copies),
// the result line and the exit codes in examples/common/result_line.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "acl_device.h"
#include "aclnn_nsa_compress.h"
#include "cli_options.h"
#include "device_copies.h"
#include "example_main.h"
#include "file_io.h"
#include "launch_trace.h"
#include "opdev/op_errno.h"
#include "result_line.h"

namespace {

// The kernel's op type in the simulator's launch reports.
const std::string kKernelOpType = "NsaCompress";

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
    "(chrome://tracing, Perfetto): a process per core, a thread per pipe. With no arguments the demo runs.\n";

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

// The output's first size (K for a 3-D output).
int64_t OutputRows(const CallPlan &plan)
{
    return plan.output.shape.empty() ? 0 : plan.output.shape[0];
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
    WriteStandardOutput(text + ResultLine(result, OutputRows(plan), kKernelOpType));
    return ExitCode(result);
}

// Every refusal the host can make (arguments, arithmetic, input files) comes before ACL starts.
int RunDataDriven(const std::vector<std::string> &args)
{
    Options options = ParseOptions(args);
    CheckOutputsApart(InputFiles(options), OutputFiles(options));
    std::optional<TraceRequest> trace;
    if (!options.traceFile.empty()) {
        trace.emplace(options.traceFile);
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
    WriteStandardOutput(ResultLine(result, OutputRows(plan), kKernelOpType));
    return ExitCode(result);
}

}  // namespace

int main(int argc, char **argv)
{
    return RunExample(argc, argv, kUsage, RunDemo, RunDataDriven);
}
