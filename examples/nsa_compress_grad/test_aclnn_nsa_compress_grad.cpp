// aclnnNsaCompressGrad example.
//   test_aclnn_nsa_compress_grad          the demo: T=64 as one sequence, N=2, D=16, l=32, d=16,
//                                         input, weight and outputGrad all ones
//   test_aclnn_nsa_compress_grad --help   the data-driven mode, used by the system tests
// The last line printed is one JSON object describing the call, as the forward example's; exit
// codes as there (examples/common/result_line.h): 0 success (both output storages written to
// their files), 1 the call failed, 2 a usage or file error (no JSON line).
// The command line and its arithmetic are in cli_options.* and examples/common (cli_*,
// window_args, tensor_extent), the files and the device in examples/common (file_io,
// acl_device, device_copies), the result line in examples/common/result_line.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "acl/acl.h"
#include "acl_device.h"
#include "aclnn_nsa_compress_grad.h"
#include "device_copies.h"
#include "example_main.h"
#include "file_io.h"
#include "cli_options.h"
#include "launch_trace.h"
#include "opdev/op_errno.h"
#include "result_line.h"

namespace {

// The kernel's op type in the simulator's launch reports.
const std::string kKernelOpType = "NsaCompressGrad";

const std::string kUsage =
    "usage: test_aclnn_nsa_compress_grad [--dtype float16|bfloat16|float32] --shape SIZES\n"
    "         --output-grad FILE --input FILE --weight FILE --input-grad-output FILE --weight-grad-output FILE\n"
    "         [--act-seq-len a,b,... | --act-seq-len-file FILE] [--act-seq-len-type 0|1]\n"
    "         [--layout TND|BSND|BNSD|BSH|SBH] [--heads N] --block l --stride d\n"
    "         [--X-shape SIZES] [--X-dtype DT] for X in output-grad, weight, input-grad, weight-grad\n"
    "         [--X-strides s,...] [--X-offset E] for X in output-grad, input, weight, input-grad, weight-grad\n"
    "         [--input-grad-storage own|output-grad|input|weight]\n"
    "         [--weight-grad-storage own|output-grad|input|weight|input-grad] [--chunk-bytes BYTES] [--trace FILE]\n"
    "--shape is the input's view, per --layout (default TND): TND T,N,D; BSND B,S,N,D; BNSD B,N,S,D;\n"
    "BSH B,S,H and SBH S,B,H with H = N*D, which need --heads N. --heads sets the N of the default\n"
    "weight [l, N] and outputGrad [K, N, D] shapes (default: N of --shape). The defaults of the other\n"
    "shapes: outputGrad [K, N, D] with K computed on the host, inputGrad the input's, weightGrad the\n"
    "weight's; every dtype defaults to --dtype. A layout the example does not know is passed on with\n"
    "three sizes (read as TND) or four (read as BSND).\n"
    "--act-seq-len takes cumulative ends (type 0) or lengths (type 1): one entry per sequence for TND,\n"
    "one per batch for the batched layouts; --act-seq-len-file FILE takes them from a text file,\n"
    "separated by commas, spaces or newlines. With neither, actSeqLenOptional is a null pointer.\n"
    "Views: --X-strides (elements, one per size, >= 0; default contiguous) and --X-offset (elements,\n"
    "default 0) place a tensor's view in a storage of offset + 1 + sum((size - 1) * stride) elements\n"
    "(0 for an empty view). The --output-grad, --input and --weight files hold that whole storage, raw\n"
    "little-endian elements, exactly its size. Each output's storage is filled with 0xFFFF before the\n"
    "call, and --input-grad-output / --weight-grad-output receive all of it after a successful call.\n"
    "--input-grad-storage / --weight-grad-storage place an output's view in another tensor's storage\n"
    "instead (no fill; the output file then receives that storage).\n"
    "The files are copied to and from the device through a host buffer of --chunk-bytes (default " +
    std::to_string(kDefaultChunkBytes >> 20) + " MiB).\n"
    "--trace FILE writes the simulator's modeled timeline of the launches as a Chrome trace\n"
    "(chrome://tracing, Perfetto). With no arguments the demo runs.\n";

size_t Index(GradTensor tensor)
{
    return static_cast<size_t>(tensor);
}

// The device storage of each tensor: the three inputs have their own; an output has its own
// unless its options place it in another tensor's storage.
class DeviceTensors {
public:
    DeviceTensors(const GradCallPlan &plan, const GradOptions &options)
    {
        for (GradTensor tensor : {GradTensor::OutputGrad, GradTensor::Input, GradTensor::Weight}) {
            Own(tensor, plan);
        }
        for (const auto &[output, storage] : {std::pair{GradTensor::InputGrad, options.inputGradStorage},
                                              std::pair{GradTensor::WeightGrad, options.weightGradStorage}}) {
            if (storage.own) {
                Own(output, plan);
            } else {
                storage_[Index(output)] = storage_[Index(storage.shared)];
            }
        }
    }
    const DeviceBuffer &operator[](GradTensor tensor) const { return *storage_[Index(tensor)]; }
    // The buffer the tensor has to itself, or null when it lives in another's storage.
    const DeviceBuffer *Owned(GradTensor tensor) const { return owned_[Index(tensor)].get(); }

private:
    void Own(GradTensor tensor, const GradCallPlan &plan)
    {
        owned_[Index(tensor)] =
            std::make_unique<DeviceBuffer>(static_cast<size_t>(plan[tensor].storageBytes), GradTensorName(tensor));
        storage_[Index(tensor)] = owned_[Index(tensor)].get();
    }

    std::unique_ptr<DeviceBuffer> owned_[kGradTensorCount];
    const DeviceBuffer *storage_[kGradTensorCount] = {};
};

// Both aclnn phases on the device tensors; the outputs stay on the device.
CallResult RunNsaCompressGrad(const GradOptions &options, const GradCallPlan &plan, const DeviceTensors &device,
                              aclrtStream stream)
{
    CallResult result;
    aclTensor *tensors[kGradTensorCount] = {};
    for (size_t i = 0; i < kGradTensorCount; ++i) {
        tensors[i] = CreateTensor(plan.tensors[i], device[static_cast<GradTensor>(i)].get());
    }
    aclIntArray *actSeqLen =
        options.nullActSeqLen ? nullptr : aclCreateIntArray(options.actSeqLen.data(), options.actSeqLen.size());
    std::vector<char> layout(options.layout.begin(), options.layout.end());
    layout.push_back('\0');

    aclOpExecutor *executor = nullptr;
    result.status = aclnnNsaCompressGradGetWorkspaceSize(
        tensors[Index(GradTensor::OutputGrad)], tensors[Index(GradTensor::Input)], tensors[Index(GradTensor::Weight)],
        actSeqLen, options.blockSize, options.stride, options.actSeqLenType, layout.data(),
        tensors[Index(GradTensor::InputGrad)], tensors[Index(GradTensor::WeightGrad)], &result.workspaceBytes,
        &executor);
    if (result.status == ACLNN_SUCCESS) {
        DeviceBuffer workspace(result.workspaceBytes, "workspace");
        result.status = aclnnNsaCompressGrad(workspace.get(), result.workspaceBytes, executor, stream);
        if (result.status == ACLNN_SUCCESS && aclrtSynchronizeStream(stream) != ACL_SUCCESS) {
            result.status = ACLNN_ERR_RUNTIME_ERROR;
        }
    }
    if (result.status != ACLNN_SUCCESS) {
        result.message = TakeErrorMessage();
    }
    for (aclTensor *tensor : tensors) {
        aclDestroyTensor(tensor);
    }
    aclDestroyIntArray(actSeqLen);
    return result;
}

// K: outputGrad's first size.
int64_t OutputRows(const GradCallPlan &plan)
{
    const std::vector<int64_t> &shape = plan[GradTensor::OutputGrad].shape;
    return shape.empty() ? 0 : shape[0];
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

std::vector<aclFloat16> ReadFloat16(const DeviceBuffer &device, int64_t count, const char *what)
{
    std::vector<aclFloat16> values(static_cast<size_t>(count));
    CheckAcl(aclrtMemcpy(values.data(), values.size() * 2, device.get(), values.size() * 2,
                         ACL_MEMCPY_DEVICE_TO_HOST),
             std::string("aclrtMemcpy DEVICE_TO_HOST of ") + what);
    return values;
}

// "<name>[<row>] is: v v v ..." per row of `columns` values.
std::string Rows(const char *name, const std::vector<aclFloat16> &values, size_t columns)
{
    std::string text;
    for (size_t row = 0; row * columns < values.size(); ++row) {
        text += std::string(name) + "[" + std::to_string(row) + "] is:";
        for (size_t c = 0; c < columns; ++c) {
            char value[32];
            std::snprintf(value, sizeof(value), " %g", aclFloat16ToFloat(values[row * columns + c]));
            text += value;
        }
        text += "\n";
    }
    return text;
}

// With every value 1, inputGrad[t] counts the windows covering token t (1, 2, 2, 1 for the four
// stretches of 16 tokens) and weightGrad[j, n] is K * D = 3 * 16 = 48.
int RunDemo()
{
    GradOptions options;
    options.inputShape = {64, 2, 16};
    options.actSeqLen = {64};
    options.blockSize = 32;
    options.stride = 16;
    const GradCallPlan plan = PlanGradCall(options);

    AclSession session;
    const DeviceTensors device(plan, options);
    for (GradTensor tensor : {GradTensor::OutputGrad, GradTensor::Input, GradTensor::Weight}) {
        CopyToDevice(OnesFloat16(plan[tensor].elements), device[tensor]);
    }
    const CallResult result = RunNsaCompressGrad(options, plan, device, session.stream());
    std::string text;
    if (result.status == ACLNN_SUCCESS) {
        const TensorExtent &inputGrad = plan[GradTensor::InputGrad];
        const TensorExtent &weightGrad = plan[GradTensor::WeightGrad];
        // One line per token and head (D values), one per weight row (N values).
        text += Rows("inputGrad", ReadFloat16(device[GradTensor::InputGrad], inputGrad.elements, "the inputGrad"),
                     static_cast<size_t>(inputGrad.shape[2]));
        text += Rows("weightGrad", ReadFloat16(device[GradTensor::WeightGrad], weightGrad.elements, "the weightGrad"),
                     static_cast<size_t>(weightGrad.shape[1]));
    }
    WriteStandardOutput(text + ResultLine(result, OutputRows(plan), kKernelOpType));
    return ExitCode(result);
}

// Every refusal the host can make (arguments, arithmetic, input files) comes before ACL starts.
int RunDataDriven(const std::vector<std::string> &args)
{
    GradOptions options = ParseGradOptions(args);
    CheckOutputsApart(GradInputFiles(options), GradOutputFiles(options));
    std::optional<TraceRequest> trace;
    if (!options.traceFile.empty()) {
        trace.emplace(options.traceFile);
    }
    if (!options.actSeqLenFile.empty()) {
        options.actSeqLen =
            ParseActSeqLenText(ReadTextFile(options.actSeqLenFile, "--act-seq-len-file"), options.actSeqLenFile);
    }
    const GradCallPlan plan = PlanGradCall(options);
    const std::pair<GradTensor, const std::string *> inputs[] = {{GradTensor::OutputGrad, &options.outputGradFile},
                                                                 {GradTensor::Input, &options.inputFile},
                                                                 {GradTensor::Weight, &options.weightFile}};
    std::vector<std::unique_ptr<InputFile>> files;
    for (const auto &[tensor, path] : inputs) {
        files.push_back(std::make_unique<InputFile>(*path, GradTensorFlag(tensor)));
        files.back()->RequireSize(plan[tensor].storageBytes, Describe(plan[tensor]));
    }

    AclSession session;
    const DeviceTensors device(plan, options);
    for (size_t i = 0; i < files.size(); ++i) {
        CopyFileToDevice(*files[i], device[inputs[i].first], options.chunkBytes);
    }
    for (GradTensor output : {GradTensor::InputGrad, GradTensor::WeightGrad}) {
        if (const DeviceBuffer *owned = device.Owned(output)) {
            FillDevice(*owned, kGradOutputFill, options.chunkBytes);
        }
    }
    const CallResult result = RunNsaCompressGrad(options, plan, device, session.stream());
    if (result.status == ACLNN_SUCCESS) {
        for (const auto &[output, path, flag] :
             {std::tuple{GradTensor::InputGrad, &options.inputGradFile, "--input-grad-output"},
              std::tuple{GradTensor::WeightGrad, &options.weightGradFile, "--weight-grad-output"}}) {
            OutputFile file(*path, flag);
            CopyDeviceToFile(device[output], static_cast<size_t>(plan[output].storageBytes), file, options.chunkBytes);
            file.Close();
        }
    }
    WriteStandardOutput(ResultLine(result, OutputRows(plan), kKernelOpType));
    return ExitCode(result);
}

}  // namespace

int main(int argc, char **argv)
{
    return RunExample(argc, argv, kUsage, RunDemo, RunDataDriven);
}
