// aclnnNsaCompressWithCache example.
//   test_aclnn_nsa_compress_with_cache            the demo: two batches of a paged pool, one due
//   test_aclnn_nsa_compress_with_cache --help     the data-driven mode, used by the system tests
// The last line printed is one JSON object describing the call; the exit codes are the examples'
// (examples/common/result_line.h): 0 success (the whole cache storage written to --output), 1 the
// call failed, 2 a usage or file error.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "acl_device.h"
#include "aclnn_nsa_compress_with_cache.h"
#include "cli_options.h"
#include "device_copies.h"
#include "example_main.h"
#include "file_io.h"
#include "host_timing.h"
#include "launch_trace.h"
#include "opdev/op_errno.h"
#include "result_line.h"

namespace {

const std::string kKernelOpType = "NsaCompressWithCache";

const std::string kUsage =
    "usage: test_aclnn_nsa_compress_with_cache [--dtype float16|bfloat16|float32] --shape SIZES --input FILE\n"
    "         --weight FILE [--weight-shape l,N] --cache-shape R,N,D [--cache FILE | --cache-fill 0xHHHH]\n"
    "         [--cache-storage own|input|weight] --output FILE --slot-mapping FILE [--slot-shape S]\n"
    "         [--slot-dtype int32|int64] [--block-table FILE --block-table-shape B,W]\n"
    "         [--block-table-dtype int32|int64] [--act-seq-len a,b,... | --act-seq-len-file FILE]\n"
    "         [--act-seq-len-type 0|1] [--layout NAME|null] --block l --stride d [--page-block-size P]\n"
    "         [--weight-dtype DT] [--cache-dtype DT] [--input-strides s,...] [--input-offset E]\n"
    "         [--weight-strides s,...] [--weight-offset E] [--cache-strides s,...] [--cache-offset E]\n"
    "         [--chunk-bytes BYTES] [--trace FILE] [--repeat CALLS]\n"
    "--shape is the input's view: a paged pool blocks,P,N,D (with --block-table) or T,N,D (layout TND).\n"
    "--act-seq-len takes per-batch lengths (type 1, the default) or cumulative ends (type 0); with\n"
    "neither list flag actSeqLenOptional is a null pointer. --layout null passes a null layoutOptional\n"
    "(default \"TND\"). --page-block-size defaults to the input's P (shape[1] of a 4-dim input).\n"
    "The slot mapping ([S], default S = the list's length) and block table ([B, W]) files hold raw\n"
    "little-endian int32 (or int64) values; without --block-table, blockTableOptional is a null pointer.\n"
    "Views: --X-strides and --X-offset (elements) place the input, weight or cache view in its storage,\n"
    "which the --input, --weight and --cache files hold whole. The cache storage is --cache's contents\n"
    "(else filled with --cache-fill, default 0xFFFF) before the call, and --output receives all of it\n"
    "after a successful call. --cache-storage input|weight places the cache view in that tensor's storage.\n"
    "--trace FILE writes the simulator's modeled timeline of the launch. --repeat CALLS makes the call\n"
    "CALLS times on the same tensors; above 1, the JSON line gains host_seconds: the median host\n"
    "wall-clock of phase one and of phase two per call (phase two less the simulator's run of its\n"
    "launches).\n"
    "With no arguments the demo runs.\n";

struct DeviceTensors {
    DeviceTensors(const CallPlan &plan, CacheStorage storage)
        : input(static_cast<size_t>(plan.input.storageBytes), "input"),
          weight(static_cast<size_t>(plan.weight.storageBytes), "weight"),
          slots(static_cast<size_t>(plan.slotBytes), "slotMapping"),
          table(static_cast<size_t>(plan.tableBytes), "blockTable")
    {
        if (storage == CacheStorage::Own) {
            ownCache = std::make_unique<DeviceBuffer>(static_cast<size_t>(plan.cache.storageBytes), "outputCache");
        }
        cache = storage == CacheStorage::Input    ? &input
                : storage == CacheStorage::Weight ? &weight
                                                  : ownCache.get();
    }
    DeviceBuffer input;
    DeviceBuffer weight;
    DeviceBuffer slots;
    DeviceBuffer table;
    std::unique_ptr<DeviceBuffer> ownCache;
    const DeviceBuffer *cache = nullptr;
};

aclTensor *CreateIndexTensor(const IndexTensorArgs &args, void *data)
{
    if (!args.given) {
        return nullptr;
    }
    std::vector<int64_t> strides(args.shape.size(), 1);
    for (size_t i = args.shape.size(); i-- > 1;) {
        strides[i - 1] = strides[i] * args.shape[i];
    }
    return aclCreateTensor(args.shape.data(), args.shape.size(), args.int64 ? ACL_INT64 : ACL_INT32,
                           strides.data(), 0, ACL_FORMAT_ND, args.shape.data(), args.shape.size(), data);
}

// One call; `seconds`, when given, receives its phases' host wall-clock.
CallResult RunNsaCompressWithCache(const Options &options, const CallPlan &plan, const DeviceTensors &tensors,
                                   aclrtStream stream, PhaseSeconds *seconds = nullptr)
{
    CallResult result;
    aclTensor *input = CreateTensor(plan.input, tensors.input.get());
    aclTensor *weight = CreateTensor(plan.weight, tensors.weight.get());
    aclTensor *cache = CreateTensor(plan.cache, tensors.cache->get());
    aclTensor *slots = CreateIndexTensor(options.slots, tensors.slots.get());
    aclTensor *table = CreateIndexTensor(options.blockTable, tensors.table.get());
    aclIntArray *actSeqLen =
        options.nullActSeqLen ? nullptr : aclCreateIntArray(options.actSeqLen.data(), options.actSeqLen.size());
    std::vector<char> layout(options.layout.begin(), options.layout.end());
    layout.push_back('\0');
    aclOpExecutor *executor = nullptr;
    ForgetSimulatedLaunches();
    const auto phaseOneStart = std::chrono::steady_clock::now();
    result.status = aclnnNsaCompressWithCacheGetWorkspaceSize(
        input, weight, slots, actSeqLen, table, options.nullLayout ? nullptr : layout.data(), options.blockSize,
        options.stride, options.actSeqLenType, options.pageBlockSize, cache, &result.workspaceBytes, &executor);
    const double phaseOne = SecondsSince(phaseOneStart);
    if (result.status == ACLNN_SUCCESS) {
        DeviceBuffer workspace(result.workspaceBytes, "workspace");
        const auto phaseTwoStart = std::chrono::steady_clock::now();
        result.status = aclnnNsaCompressWithCache(workspace.get(), result.workspaceBytes, executor, stream);
        if (seconds != nullptr) {
            *seconds = {phaseOne, SecondsSince(phaseTwoStart) - SimulatedLaunchWallSeconds()};
        }
        if (result.status == ACLNN_SUCCESS && aclrtSynchronizeStream(stream) != ACL_SUCCESS) {
            result.status = ACLNN_ERR_RUNTIME_ERROR;
        }
    }
    if (result.status != ACLNN_SUCCESS) {
        result.message = TakeErrorMessage();
    }
    for (aclTensor *tensor : {input, weight, cache, slots, table}) {
        aclDestroyTensor(tensor);
    }
    aclDestroyIntArray(actSeqLen);
    return result;
}

// The call --repeat times, up to the first failure; `calls` receives each call's host seconds.
CallResult CallRepeatedly(const Options &options, const CallPlan &plan, const DeviceTensors &tensors,
                          aclrtStream stream, std::vector<PhaseSeconds> *calls)
{
    CallResult result;
    for (int64_t call = 0; call < options.repeat && result.status == ACLNN_SUCCESS; ++call) {
        PhaseSeconds seconds;
        result = RunNsaCompressWithCache(options, plan, tensors, stream, &seconds);
        calls->push_back(seconds);
    }
    return result;
}

std::vector<uint8_t> Bytes(const void *data, size_t bytes)
{
    const auto *begin = static_cast<const uint8_t *>(data);
    return std::vector<uint8_t>(begin, begin + bytes);
}

std::vector<uint8_t> Float16Values(int64_t count, float value)
{
    std::vector<aclFloat16> values(static_cast<size_t>(count), aclFloatToFloat16(value));
    return Bytes(values.data(), values.size() * sizeof(aclFloat16));
}

// Two batches in a pool of 4 pages of 16 tokens, N=2, D=16, l=32, d=16: batch 0 (48 tokens, pages
// 2, 0, 3) completes its window of tokens [16, 48) into slot 1; batch 1 (40 tokens) is not due.
// Every token is 1 and every weight 1/32, so row 1 of the cache becomes 1 and rows 0 and 2 stay 0.
int RunDemo()
{
    Options options;
    options.inputShape = {4, 16, 2, 16};
    options.cacheShape = {3, 2, 16};
    options.actSeqLen = {48, 40};
    options.blockSize = 32;
    options.stride = 16;
    options.pageBlockSize = 16;
    options.slots = {{2}, false, "", true};
    options.blockTable = {{2, 3}, false, "", true};
    const CallPlan plan = PlanCall(options);
    AclSession session;
    const DeviceTensors tensors(plan, CacheStorage::Own);
    CopyToDevice(Float16Values(plan.input.elements, 1.0f), tensors.input);
    CopyToDevice(Float16Values(plan.weight.elements, 1.0f / 32), tensors.weight);
    CopyToDevice(Float16Values(plan.cache.elements, 0.0f), *tensors.cache);
    const int32_t slots[] = {1, 0};
    const int32_t table[] = {2, 0, 3, 1, 1, 1};
    CopyToDevice(Bytes(slots, sizeof(slots)), tensors.slots);
    CopyToDevice(Bytes(table, sizeof(table)), tensors.table);
    const CallResult result = RunNsaCompressWithCache(options, plan, tensors, session.stream());
    std::string text;
    if (result.status == ACLNN_SUCCESS) {
        std::vector<aclFloat16> cache(static_cast<size_t>(plan.cache.elements));
        CheckAcl(aclrtMemcpy(cache.data(), cache.size() * 2, tensors.cache->get(), tensors.cache->bytes(),
                             ACL_MEMCPY_DEVICE_TO_HOST),
                 "aclrtMemcpy DEVICE_TO_HOST of the cache");
        for (int64_t row = 0; row < options.cacheShape[0]; ++row) {
            char line[64];
            std::snprintf(line, sizeof(line), "cache row %ld starts with: %f\n", static_cast<long>(row),
                          aclFloat16ToFloat(cache[static_cast<size_t>(row * 32)]));
            text += line;
        }
    }
    WriteStandardOutput(text + ResultLine(result, HostDueBatches(options), kKernelOpType));
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
        if (!options.slotShapeGiven) {
            options.slots.shape = {static_cast<int64_t>(options.actSeqLen.size())};
        }
    }
    const CallPlan plan = PlanCall(options);
    InputFile input(options.inputFile, "--input");
    input.RequireSize(plan.input.storageBytes, Describe(plan.input));
    InputFile weight(options.weightFile, "--weight");
    weight.RequireSize(plan.weight.storageBytes, Describe(plan.weight));
    InputFile slots(options.slots.file, "--slot-mapping");
    slots.RequireSize(plan.slotBytes, "slotMapping " + ShapeText(options.slots.shape));
    std::optional<InputFile> table;
    if (options.blockTable.given) {
        table.emplace(options.blockTable.file, "--block-table");
        table->RequireSize(plan.tableBytes, "blockTable " + ShapeText(options.blockTable.shape));
    }
    std::optional<InputFile> cacheFile;
    if (!options.cacheFile.empty()) {
        cacheFile.emplace(options.cacheFile, "--cache");
        cacheFile->RequireSize(plan.cache.storageBytes, Describe(plan.cache));
    }

    AclSession session;
    const DeviceTensors tensors(plan, options.cacheStorage);
    CopyFileToDevice(input, tensors.input, options.chunkBytes);
    CopyFileToDevice(weight, tensors.weight, options.chunkBytes);
    CopyFileToDevice(slots, tensors.slots, options.chunkBytes);
    if (table) {
        CopyFileToDevice(*table, tensors.table, options.chunkBytes);
    }
    if (cacheFile) {
        CopyFileToDevice(*cacheFile, *tensors.ownCache, options.chunkBytes);
    } else if (tensors.ownCache) {
        FillDevice(*tensors.ownCache, options.cacheFill, options.chunkBytes);
    }
    std::vector<PhaseSeconds> calls;
    const CallResult result = CallRepeatedly(options, plan, tensors, session.stream(), &calls);
    if (result.status == ACLNN_SUCCESS) {
        OutputFile output(options.outputFile, "--output");
        CopyDeviceToFile(*tensors.cache, static_cast<size_t>(plan.cache.storageBytes), output, options.chunkBytes);
        output.Close();
    }
    const bool timed = options.repeat > 1 && result.status == ACLNN_SUCCESS;
    WriteStandardOutput(ResultLine(result, HostDueBatches(options), kKernelOpType,
                                   timed ? HostSecondsField(calls) : std::string()));
    return ExitCode(result);
}

}  // namespace

int main(int argc, char **argv)
{
    return RunExample(argc, argv, kUsage, RunDemo, RunDataDriven);
}
