// aclnnNsaCompressWithCacheV2 example.
//   test_aclnn_nsa_compress_with_cache_v2            the demo: a prefill and a decode step, K and V
//   test_aclnn_nsa_compress_with_cache_v2 --help     the data-driven mode, used by the system tests
// The last line printed is one JSON object describing the call; the exit codes are the examples'
// (examples/common/result_line.h): 0 success (each cache's whole storage written to its output
// file), 1 the call failed, 2 a usage or file error.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "acl/acl.h"
#include "acl_device.h"
#include "aclnn_nsa_compress_with_cache_v2.h"
#include "cli_options.h"
#include "device_copies.h"
#include "example_main.h"
#include "file_io.h"
#include "launch_trace.h"
#include "opdev/op_errno.h"
#include "result_line.h"

namespace {

const std::string kKernelOpType = "NsaCompressWithCacheV2";

const std::string kUsage =
    "usage: test_aclnn_nsa_compress_with_cache_v2 [--dtype float16|bfloat16|float32] --shape blocks,P,N,D\n"
    "         --input FILE --weight FILE [--weight-shape l,N] --cache-shape R,N,D [--cache FILE]\n"
    "         [--cache-fill 0xHHHH] [--cache-storage own|input|weight] --output FILE\n"
    "         [--value-input FILE] [--value-weight FILE] [--value-cache FILE] [--value-output FILE]\n"
    "         [--value-shape SIZES] [--value-dtype DT] [--value-cache-storage own|output]\n"
    "         --slot-mapping FILE --slot-shape B,S [--slot-dtype int32|int64]\n"
    "         [--block-table FILE --block-table-shape B,W] [--block-table-dtype int32|int64]\n"
    "         [--prev-seq-len a,b,... | --prev-seq-len-file FILE] [--act-seq-len a,b,... |\n"
    "         --act-seq-len-file FILE] [--seq-len-dtype int64|int32]\n"
    "         --block l --stride d [--page-block-size P] [--weight-dtype DT] [--cache-dtype DT]\n"
    "         [--X-strides s,...] [--X-offset E] for X in input, weight, cache, value-input,\n"
    "         value-weight, value-cache; [--chunk-bytes BYTES] [--trace FILE]\n"
    "Batch b emits every window ending in (prevSeqLen[b], actSeqLen[b]]; its k-th goes to row\n"
    "slotMapping[b, k] of each cache. The two length lists, given inline or as files of integers,\n"
    "become [B] device tensors (int64; without either flag, a null pointer). The slot mapping and block\n"
    "table files hold raw little-endian int32 (or int64) values; without --block-table, blockTable is a\n"
    "null pointer. The V pool, weight and cache are passed when --value-input, --value-weight and\n"
    "--value-output are given (each alone passes the others as null pointers); they take the K\n"
    "tensors' shapes (--value-shape: the pool's) and --value-dtype (default --dtype). Each cache's\n"
    "storage is its file's contents (--cache, --value-cache), else filled with --cache-fill (default\n"
    "0xFFFF), before the call, and its output file receives all of it after a successful call.\n"
    "--cache-storage input|weight places the K cache in that tensor's storage, --value-cache-storage\n"
    "output the V cache in the K cache's.\n"
    "--trace FILE writes the simulator's modeled timeline of the launch. With no arguments the demo runs.\n";

// A tensor's own device buffer, or none when the call passes a null pointer for it.
std::unique_ptr<DeviceBuffer> BufferIf(bool given, int64_t bytes, const std::string &what)
{
    return given ? std::make_unique<DeviceBuffer>(static_cast<size_t>(bytes), what) : nullptr;
}

struct DeviceTensors {
    DeviceTensors(const Options &options, const CallPlan &plan);
    const DeviceBuffer *KeyCache() const;
    const DeviceBuffer *ValueCache() const { return options.valueCacheInKeyCache ? KeyCache() : valueCache.get(); }

    const Options &options;
    DeviceBuffer input;
    DeviceBuffer weight;
    DeviceBuffer slots;
    DeviceBuffer table;
    DeviceBuffer prevSeqLen;
    DeviceBuffer actSeqLen;
    std::unique_ptr<DeviceBuffer> keyCache;     // null when the K cache lives in an input's storage
    std::unique_ptr<DeviceBuffer> valueInput;
    std::unique_ptr<DeviceBuffer> valueWeight;
    std::unique_ptr<DeviceBuffer> valueCache;   // null when there is none or it lives in the K cache's
};

// Each length as the element type the call passes: int64, or int32 for a call the op must refuse.
std::vector<uint8_t> LengthBytes(const LengthArgs &lengths)
{
    if (!lengths.int32) {
        return Bytes(lengths.values.data(), lengths.values.size() * sizeof(int64_t));
    }
    const std::vector<int32_t> narrow(lengths.values.begin(), lengths.values.end());
    return Bytes(narrow.data(), narrow.size() * sizeof(int32_t));
}

DeviceTensors::DeviceTensors(const Options &options, const CallPlan &plan)
    : options(options),
      input(static_cast<size_t>(plan.input.storageBytes), "input"),
      weight(static_cast<size_t>(plan.weight.storageBytes), "weight"),
      slots(static_cast<size_t>(plan.slotBytes), "slotMapping"),
      table(static_cast<size_t>(plan.tableBytes), "blockTable"),
      prevSeqLen(LengthBytes(options.prevSeqLen).size(), "prevSeqLen"),
      actSeqLen(LengthBytes(options.actSeqLen).size(), "actSeqLen"),
      keyCache(BufferIf(options.cacheStorage == CacheStorage::Own, plan.cache.storageBytes, "outputCache")),
      valueInput(BufferIf(HasValueInput(options), plan.valueInput.storageBytes, "valueInputOptional")),
      valueWeight(BufferIf(HasValueWeight(options), plan.valueWeight.storageBytes, "valueWeightOptional")),
      valueCache(BufferIf(HasValueCache(options) && !options.valueCacheInKeyCache, plan.valueCache.storageBytes,
                          "valueCacheOptional"))
{
    CopyToDevice(LengthBytes(options.prevSeqLen), prevSeqLen);
    CopyToDevice(LengthBytes(options.actSeqLen), actSeqLen);
}

const DeviceBuffer *DeviceTensors::KeyCache() const
{
    switch (options.cacheStorage) {
        case CacheStorage::Input: return &input;
        case CacheStorage::Weight: return &weight;
        case CacheStorage::Own: break;
    }
    return keyCache.get();
}

aclTensor *CreateLengthTensor(const LengthArgs &lengths, const DeviceBuffer &buffer)
{
    return lengths.given ? CreateIntegerTensor({static_cast<int64_t>(lengths.values.size())}, !lengths.int32,
                                               buffer.get())
                         : nullptr;
}

aclTensor *CreateOptional(const std::unique_ptr<DeviceBuffer> &buffer, const TensorExtent &extent)
{
    return buffer ? CreateTensor(extent, buffer->get()) : nullptr;
}

// The call's tensors, each destroyed with it.
struct CallTensors {
    CallTensors(const Options &options, const CallPlan &plan, const DeviceTensors &device);
    ~CallTensors();
    CallTensors(const CallTensors &) = delete;
    CallTensors &operator=(const CallTensors &) = delete;
    aclTensor *input, *weight, *valueInput, *valueWeight, *slots, *prevSeqLen, *actSeqLen, *table, *cache,
        *valueCache;
};

CallTensors::CallTensors(const Options &options, const CallPlan &plan, const DeviceTensors &device)
    : input(CreateTensor(plan.input, device.input.get())),
      weight(CreateTensor(plan.weight, device.weight.get())),
      valueInput(CreateOptional(device.valueInput, plan.valueInput)),
      valueWeight(CreateOptional(device.valueWeight, plan.valueWeight)),
      slots(CreateIndexTensor(options.slots, device.slots.get())),
      prevSeqLen(CreateLengthTensor(options.prevSeqLen, device.prevSeqLen)),
      actSeqLen(CreateLengthTensor(options.actSeqLen, device.actSeqLen)),
      table(CreateIndexTensor(options.blockTable, device.table.get())),
      cache(CreateTensor(plan.cache, device.KeyCache()->get())),
      valueCache(HasValueCache(options) ? CreateTensor(plan.valueCache, device.ValueCache()->get()) : nullptr)
{
}

CallTensors::~CallTensors()
{
    for (aclTensor *tensor : {input, weight, valueInput, valueWeight, slots, prevSeqLen, actSeqLen, table, cache,
                              valueCache}) {
        aclDestroyTensor(tensor);
    }
}

CallResult RunNsaCompressWithCacheV2(const Options &options, const CallPlan &plan, const DeviceTensors &device,
                                     aclrtStream stream)
{
    CallResult result;
    const CallTensors t(options, plan, device);
    aclOpExecutor *executor = nullptr;
    result.status = aclnnNsaCompressWithCacheV2GetWorkspaceSize(
        t.input, t.weight, t.valueInput, t.valueWeight, t.slots, t.prevSeqLen, t.actSeqLen, t.table,
        options.blockSize, options.stride, options.pageBlockSize, t.cache, t.valueCache, &result.workspaceBytes,
        &executor);
    if (result.status == ACLNN_SUCCESS) {
        DeviceBuffer workspace(result.workspaceBytes, "workspace");
        result.status = aclnnNsaCompressWithCacheV2(workspace.get(), result.workspaceBytes, executor, stream);
        if (result.status == ACLNN_SUCCESS && aclrtSynchronizeStream(stream) != ACL_SUCCESS) {
            result.status = ACLNN_ERR_RUNTIME_ERROR;
        }
    }
    if (result.status != ACLNN_SUCCESS) {
        result.message = TakeErrorMessage();
    }
    return result;
}

// "<name> cache row r starts with: x" for every row of a [R, N, D] float16 cache.
std::string CacheRowsText(const char *name, const DeviceBuffer &cache, const std::vector<int64_t> &shape)
{
    std::vector<aclFloat16> values(cache.bytes() / sizeof(aclFloat16));
    CheckAcl(aclrtMemcpy(values.data(), values.size() * sizeof(aclFloat16), cache.get(), cache.bytes(),
                         ACL_MEMCPY_DEVICE_TO_HOST),
             std::string("aclrtMemcpy DEVICE_TO_HOST of the ") + name + " cache");
    std::string text;
    for (int64_t row = 0; row < shape[0]; ++row) {
        char line[64];
        std::snprintf(line, sizeof(line), "%s cache row %ld starts with: %f\n", name, static_cast<long>(row),
                      aclFloat16ToFloat(values[static_cast<size_t>(row * shape[1] * shape[2])]));
        text += line;
    }
    return text;
}

// The demo's call: a pool of 6 pages of 16 tokens, N=2, D=16, l=32, d=16, K and V, a cache of 4
// rows; batch 0 is a prefill (0 -> 48 tokens, pages 0..2), batch 1 a decode step (47 -> 48
// tokens, pages 3..5). Only the tensors' shapes are set: the data is the demo's.
Options DemoOptions()
{
    Options options;
    options.inputShape = options.valueShape = {6, 16, 2, 16};
    options.cacheShape = {4, 2, 16};
    // The demo fills its tensors itself: these names only say that the V tensors are passed.
    options.value.input = options.value.weight = options.value.output = "demo";
    options.prevSeqLen = {{0, 47}, "", true, false};
    options.actSeqLen = {{48, 48}, "", true, false};
    options.blockSize = 32;
    options.stride = 16;
    options.pageBlockSize = 16;
    options.slots = {{2, 2}, false, "", true};
    options.blockTable = {{2, 3}, false, "", true};
    return options;
}

// Batch 0 emits its windows ending at 32 and 48 into rows 0 and 1, batch 1 its window ending at
// 48 into row 2; row 3 is no window's. K tokens are 1 and V tokens 2, every weight 1/32: the K
// rows written become 1, the V rows 2, and row 3 of each cache stays 0.
int RunDemo()
{
    const Options options = DemoOptions();
    const CallPlan plan = PlanCall(options);
    AclSession session;
    const DeviceTensors device(options, plan);
    CopyToDevice(Float16Values(plan.input.elements, 1.0f), device.input);
    CopyToDevice(Float16Values(plan.valueInput.elements, 2.0f), *device.valueInput);
    CopyToDevice(Float16Values(plan.weight.elements, 1.0f / 32), device.weight);
    CopyToDevice(Float16Values(plan.valueWeight.elements, 1.0f / 32), *device.valueWeight);
    CopyToDevice(Float16Values(plan.cache.elements, 0.0f), *device.KeyCache());
    CopyToDevice(Float16Values(plan.valueCache.elements, 0.0f), *device.ValueCache());
    const int32_t slots[] = {0, 1, 2, -1};
    const int32_t table[] = {0, 1, 2, 3, 4, 5};
    CopyToDevice(Bytes(slots, sizeof(slots)), device.slots);
    CopyToDevice(Bytes(table, sizeof(table)), device.table);
    const CallResult result = RunNsaCompressWithCacheV2(options, plan, device, session.stream());
    std::string text;
    if (result.status == ACLNN_SUCCESS) {
        text = CacheRowsText("K", *device.KeyCache(), options.cacheShape) +
               CacheRowsText("V", *device.ValueCache(), options.cacheShape);
    }
    WriteStandardOutput(text + ResultLine(result, HostNewWindows(options), kKernelOpType));
    return ExitCode(result);
}

// The input files, each opened and its size checked before ACL starts.
struct OpenedInputs {
    OpenedInputs(const Options &options, const CallPlan &plan);
    InputFile input;
    InputFile weight;
    InputFile slots;
    std::optional<InputFile> table, cache, valueInput, valueWeight, valueCache;
};

// Opens `path` into `file` and checks its size, unless no file is named.
void OpenIf(std::optional<InputFile> *file, const std::string &path, const std::string &flag, int64_t bytes,
            const std::string &what)
{
    if (!path.empty()) {
        file->emplace(path, flag);
        (*file)->RequireSize(bytes, what);
    }
}

OpenedInputs::OpenedInputs(const Options &options, const CallPlan &plan)
    : input(options.key.input, "--input"), weight(options.key.weight, "--weight"),
      slots(options.slots.file, "--slot-mapping")
{
    input.RequireSize(plan.input.storageBytes, Describe(plan.input));
    weight.RequireSize(plan.weight.storageBytes, Describe(plan.weight));
    slots.RequireSize(plan.slotBytes, "slotMapping " + ShapeText(options.slots.shape));
    OpenIf(&table, options.blockTable.file, "--block-table", plan.tableBytes,
                   "blockTable " + ShapeText(options.blockTable.shape));
    OpenIf(&cache, options.key.cache, "--cache", plan.cache.storageBytes, Describe(plan.cache));
    OpenIf(&valueInput, options.value.input, "--value-input", plan.valueInput.storageBytes, Describe(plan.valueInput));
    OpenIf(&valueWeight, options.value.weight, "--value-weight", plan.valueWeight.storageBytes,
           Describe(plan.valueWeight));
    OpenIf(&valueCache, options.value.cache, "--value-cache", plan.valueCache.storageBytes, Describe(plan.valueCache));
}

// A cache's storage before the call: its file, else the fill (a cache in another tensor's storage
// has that tensor's file).
void LoadCache(std::optional<InputFile> &file, const std::unique_ptr<DeviceBuffer> &own, const Options &options)
{
    if (file) {
        CopyFileToDevice(*file, *own, options.chunkBytes);
    } else if (own) {
        FillDevice(*own, options.cacheFill, options.chunkBytes);
    }
}

void LoadDevice(OpenedInputs &files, const DeviceTensors &device, const Options &options)
{
    CopyFileToDevice(files.input, device.input, options.chunkBytes);
    CopyFileToDevice(files.weight, device.weight, options.chunkBytes);
    CopyFileToDevice(files.slots, device.slots, options.chunkBytes);
    if (files.table) CopyFileToDevice(*files.table, device.table, options.chunkBytes);
    if (files.valueInput) CopyFileToDevice(*files.valueInput, *device.valueInput, options.chunkBytes);
    if (files.valueWeight) CopyFileToDevice(*files.valueWeight, *device.valueWeight, options.chunkBytes);
    LoadCache(files.cache, device.keyCache, options);
    LoadCache(files.valueCache, device.valueCache, options);
}

void SaveCache(const DeviceBuffer &cache, const TensorExtent &extent, const std::string &path, const char *flag,
               const Options &options)
{
    OutputFile output(path, flag);
    CopyDeviceToFile(cache, static_cast<size_t>(extent.storageBytes), output, options.chunkBytes);
    output.Close();
}

// The length lists given as files, read in ParseActSeqLenText's format.
void ReadLengthFiles(Options *options)
{
    for (auto [lengths, flag] : {std::make_pair(&options->prevSeqLen, "--prev-seq-len-file"),
                                 std::make_pair(&options->actSeqLen, "--act-seq-len-file")}) {
        if (!lengths->file.empty()) {
            lengths->values = ParseActSeqLenText(ReadTextFile(lengths->file, flag), lengths->file);
        }
    }
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
    ReadLengthFiles(&options);
    const CallPlan plan = PlanCall(options);
    OpenedInputs files(options, plan);
    AclSession session;
    const DeviceTensors device(options, plan);
    LoadDevice(files, device, options);
    const CallResult result = RunNsaCompressWithCacheV2(options, plan, device, session.stream());
    if (result.status == ACLNN_SUCCESS) {
        SaveCache(*device.KeyCache(), plan.cache, options.key.output, "--output", options);
        if (HasValueCache(options)) {
            SaveCache(*device.ValueCache(), plan.valueCache, options.value.output, "--value-output", options);
        }
    }
    WriteStandardOutput(ResultLine(result, HostNewWindows(options), kKernelOpType));
    return ExitCode(result);
}

}  // namespace

int main(int argc, char **argv)
{
    return RunExample(argc, argv, kUsage, RunDemo, RunDataDriven);
}
