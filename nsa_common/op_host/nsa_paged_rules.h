// The argument rules of the decode op (NsaCompressWithCache) beyond the geometry every op shares
// (nsa_rules.h): the batches' lengths, the paged pool's page size, and the per-batch tables
// against the batch count and the block table's capacity. The aclnn phase one and the tiling
// function both check them. Each check returns an empty string when the rule holds, else a
// sentence naming the parameter, its value and the rule.
#ifndef NSA_COMMON_PAGED_RULES_H
#define NSA_COMMON_PAGED_RULES_H

#include <cstdint>
#include <string>
#include <vector>

#include "nsa_rules.h"

namespace nsa {

// The axes of a paged pool [blocks, P, N, D] as the geometry messages name them.
constexpr AxisNames kPagedAxisNames{"input page size P (input.shape[1])", "input head number N (input.shape[2])",
                                    "input head dim D (input.shape[3])"};
constexpr size_t kPagedInputRank = 4;

// Each batch's length from actSeqLen: type 0 gives cumulative ends (non-decreasing, from at least
// 0), type 1 the lengths themselves (each at least 0).
std::string BatchLengths(const std::vector<int64_t> &values, int64_t type, std::vector<int64_t> *lengths);

// A paged pool holds at least one page, and pageBlockSize is its page size input.shape[1].
std::string CheckPagedPool(int64_t pages, int64_t pageBlockSize, int64_t inputPageSize);

// `name` (slotMapping's length, blockTable's rows) has an entry for each of the `batches` batches
// actSeqLen gives; entries past them are ignored.
std::string CheckCoversBatches(const char *name, int64_t entries, int64_t batches);

// Every batch that completes a window has all its tokens within its block-table row:
// L_b <= tableWidth * pageSize.
std::string CheckTableCapacity(const std::vector<int64_t> &lengths, int64_t windowLen, int64_t windowStep,
                               int64_t tableWidth, int64_t pageSize);

// The batches that complete a window (CompletesWindow).
int64_t DueBatches(const std::vector<int64_t> &lengths, int64_t windowLen, int64_t windowStep);

}  // namespace nsa

#endif
