// The command line of aclnnNsaCompressWithCacheV2's example and the host arithmetic it implies
// (byte counts, the windows a step emits), as plain C++ with no ACL dependency, so that it can be
// tested and fuzzed on its own. The values, flags, index tensors and tensor extents are the
// examples' shared ones (examples/common).
//
// The line between the CLI and the operator is the first entry point's example's: the CLI refuses
// only what it cannot represent or read; every other argument, however illegal for the operator
// (a V pool without its weight, length lists of different lengths, int32 lengths, a cache in
// another tensor's storage), reaches the operator, which must refuse it with its own status and
// message.
#ifndef NSA_COMPRESS_WITH_CACHE_V2_EXAMPLE_CLI_OPTIONS_H
#define NSA_COMPRESS_WITH_CACHE_V2_EXAMPLE_CLI_OPTIONS_H

#include <cstdint>
#include <string>
#include <vector>

#include "cli_flags.h"
#include "cli_values.h"
#include "distinct_files.h"
#include "index_args.h"
#include "tensor_extent.h"

// What a cache's storage holds before the call when no file is given for it.
constexpr uint16_t kDefaultCacheFill = 0xFFFF;

// Where the K cache's storage comes from: its own device buffer (the default), or the K pool's or
// K weight's (--cache-storage), so that the cache can be made to overlap an input.
enum class CacheStorage { Own, Input, Weight };

// A length tensor (prevSeqLen, actSeqLen): a list uploaded as a [B] device tensor.
struct LengthArgs {
    std::vector<int64_t> values;
    std::string file;        // --X-seq-len-file, still to be read into `values` when set
    bool given = false;      // neither the list nor its file: a null pointer
    bool int32 = false;      // --seq-len-dtype int32: the operator must refuse it
};

// One pool's files (K: required; V: each optional, a null pointer when not given).
struct PoolFiles {
    std::string input;       // the pool's storage
    std::string weight;      // the weight's storage
    std::string cache;       // the cache's storage before the call; empty: --cache-fill
    std::string output;      // the cache's storage after a successful call; empty (V only): no cache
};

struct Options {
    ElementType dtype = ElementType::Float16;
    ElementType weightDtype = ElementType::Float16;
    ElementType cacheDtype = ElementType::Float16;
    ElementType valueDtype = ElementType::Float16;   // the V pool's; default --dtype
    std::vector<int64_t> inputShape;                 // [blocks, P, N, D]; any rank reaches the op
    std::vector<int64_t> valueShape;                 // default: inputShape
    std::vector<int64_t> weightShape;                // default [l, N], for both weights
    std::vector<int64_t> cacheShape;                 // [R, N, D], for both caches
    ViewFlags inputView, weightView, cacheView;
    ViewFlags valueInputView, valueWeightView, valueCacheView;
    PoolFiles key;
    PoolFiles value;
    uint16_t cacheFill = kDefaultCacheFill;
    CacheStorage cacheStorage = CacheStorage::Own;
    bool valueCacheInKeyCache = false;               // --value-cache-storage output
    IndexTensorArgs slots;                           // [B, S]
    IndexTensorArgs blockTable;                      // [B, W]
    LengthArgs prevSeqLen;
    LengthArgs actSeqLen;
    int64_t blockSize = 0;
    int64_t stride = 0;
    int64_t pageBlockSize = 0;                       // default: input.shape[1] of a 4-dim input, else 0
    int64_t chunkBytes = kDefaultChunkBytes;
    std::string traceFile;
};

// Parses the arguments after argv[0]. Reads no file. Throws UsageError.
Options ParseOptions(const std::vector<std::string> &args);

// Which V tensors the call passes (each a null pointer when not).
bool HasValueInput(const Options &options);
bool HasValueWeight(const Options &options);
bool HasValueCache(const Options &options);

std::vector<NamedFile> InputFiles(const Options &options);
std::vector<NamedFile> OutputFiles(const Options &options);

// The tensors of the call, with every count checked (the V ones only when given).
struct CallPlan {
    TensorExtent input, weight, cache;
    TensorExtent valueInput, valueWeight, valueCache;
    int64_t slotBytes = 0;
    int64_t tableBytes = 0;
};

CallPlan PlanCall(const Options &options);

// The windows the step emits with a slot column, as a caller counts them from its lengths (a
// broken pair emits none): the rows the call writes at most in each cache.
int64_t HostNewWindows(const Options &options);

#endif  // NSA_COMPRESS_WITH_CACHE_V2_EXAMPLE_CLI_OPTIONS_H
