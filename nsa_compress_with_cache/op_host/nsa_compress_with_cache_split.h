// How NsaCompressWithCache's work is spread over the vector cores (docs/design.md, "Kernel
// design"). The split depends on shapes only, never on the length values, so a decode step needs
// no re-tiling: each head chunk gets `batchLanes` cores, and lane c of a chunk takes the due
// batches of rank c, c + batchLanes, ... among the step's due batches, which it finds on the
// device (so the due batches spread evenly over the lanes wherever they lie). With more chunks
// than cores, each core takes chunks c, c + cores, ... over every due batch. Host arithmetic, for
// the tiling.
#ifndef NSA_COMPRESS_WITH_CACHE_SPLIT_H
#define NSA_COMPRESS_WITH_CACHE_SPLIT_H

#include <cstdint>

namespace nsa::with_cache {

struct WorkSplit {
    uint32_t usedCores = 0;
    uint32_t batchLanes = 0;   // cores per head chunk
};

// For `batches` batches and `chunks` head chunks on `coreNum` cores; no core when there is no
// batch.
WorkSplit SplitWork(uint64_t batches, uint32_t chunks, uint32_t coreNum);

// The head chunk, a divisor of `headNum` no wider than `widest` (the widest the UB holds), whose
// split gives the least work to the busiest core when about 1 in `windowStep` of the `batches`
// batches is due, as at a decode step: finer chunks when few windows are expected, so that
// chunks x lanes still fill the cores. A function of shapes and attributes, never of lengths.
uint32_t ChooseHeadChunk(uint32_t headNum, uint32_t widest, uint64_t batches, uint32_t windowStep, uint32_t coreNum);

}  // namespace nsa::with_cache

#endif
