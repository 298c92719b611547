// The decode example's command line and the host arithmetic it implies (byte counts, the batches
// that complete a window), as plain C++ with no ACL dependency, so that it can be tested and
// fuzzed on its own. The values, flags and tensor extents are the examples' shared ones
// (examples/common).
//
// The line between the CLI and the operator: the CLI refuses only what it cannot represent or
// read (a negative size, offset or stride; a count or byte size past INT64_MAX; a stride list
// whose length differs from its tensor's rank; a cache view that does not fit the storage it is
// told to share); every other argument, however illegal for the operator (a 5-dim input, a wrong
// page size, a slot table shorter than the batches, an int64 block table), reaches the operator,
// which must reject it with its own status and message.
#ifndef NSA_COMPRESS_WITH_CACHE_EXAMPLE_CLI_OPTIONS_H
#define NSA_COMPRESS_WITH_CACHE_EXAMPLE_CLI_OPTIONS_H

#include <cstdint>
#include <string>
#include <vector>

#include "cli_flags.h"
#include "cli_values.h"
#include "distinct_files.h"
#include "tensor_extent.h"

// What the cache storage holds before the call when no --cache file is given.
constexpr uint16_t kDefaultCacheFill = 0xFFFF;

// Where the cache's storage comes from: its own device buffer (the default), or the input's or
// the weight's (--cache-storage), so that the cache can be made to overlap an input.
enum class CacheStorage { Own, Input, Weight };

// An index tensor (slotMapping, blockTable): its shape, element size and file.
struct IndexTensorArgs {
    std::vector<int64_t> shape;
    bool int64 = false;        // --X-dtype int64: the operator must refuse it
    std::string file;
    bool given = false;        // blockTable: false means a null pointer
};

struct Options {
    ElementType dtype = ElementType::Float16;
    ElementType weightDtype = ElementType::Float16;
    ElementType cacheDtype = ElementType::Float16;
    std::vector<int64_t> inputShape;     // [blocks, P, N, D] or [T, N, D]; any rank reaches the op
    std::vector<int64_t> weightShape;    // default [l, N]
    std::vector<int64_t> cacheShape;     // [R, N, D]
    ViewFlags inputView;
    ViewFlags weightView;
    ViewFlags cacheView;
    std::string inputFile;
    std::string weightFile;
    std::string cacheFile;               // the cache's storage before the call; empty: --cache-fill
    std::string outputFile;              // the cache's storage after a successful call
    uint16_t cacheFill = kDefaultCacheFill;
    CacheStorage cacheStorage = CacheStorage::Own;
    IndexTensorArgs slots;
    bool slotShapeGiven = false;         // else [B], B the length of the sequence list
    IndexTensorArgs blockTable;
    std::vector<int64_t> actSeqLen;
    std::string actSeqLenFile;
    bool nullActSeqLen = false;
    int64_t actSeqLenType = 1;
    std::string layout = "TND";
    bool nullLayout = false;             // --layout null: a null layoutOptional
    int64_t blockSize = 0;
    int64_t stride = 0;
    int64_t pageBlockSize = 0;           // default: input.shape[1] of a 4-dim input, else 0
    int64_t chunkBytes = kDefaultChunkBytes;
    std::string traceFile;
    int64_t repeat = 1;                  // calls on the same tensors, for the phases' host timing
};

// Parses the arguments after argv[0]. Reads no file. Throws UsageError.
Options ParseOptions(const std::vector<std::string> &args);

std::vector<NamedFile> InputFiles(const Options &options);
std::vector<NamedFile> OutputFiles(const Options &options);

// The tensors of the call, with every count checked.
struct CallPlan {
    TensorExtent input;
    TensorExtent weight;
    TensorExtent cache;
    int64_t slotBytes = 0;
    int64_t tableBytes = 0;
};

CallPlan PlanCall(const Options &options);

// The batches whose lengths complete a window, as a caller counts them (0 for arguments the
// operator must refuse): the rows the call writes at most.
int64_t HostDueBatches(const Options &options);

#endif  // NSA_COMPRESS_WITH_CACHE_EXAMPLE_CLI_OPTIONS_H
