// The arguments that fix an NSA op's windows, shared by the examples of the forward and the
// backward op: the input's shape per layout, the head count, the sequence list and its type, the
// block size and the stride; and the host arithmetic they imply (the layout's sizes, the number
// of windows K), as plain C++ with no ACL dependency.
//
// The line between an example and the operator: an example refuses only what it cannot represent
// or read (a --shape whose number of sizes does not fit --layout, which the host arithmetic has
// to read); every other argument, however illegal for the operator (N=129, D=20, a decreasing
// sequence list, T=0, an unknown layout, a batch longer than S), reaches the operator, which must
// reject it with its own status and message.
#ifndef NSA_EXAMPLE_WINDOW_ARGS_H
#define NSA_EXAMPLE_WINDOW_ARGS_H

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli_flags.h"

struct WindowArgs {
    // The input's view shape, read per --layout: TND [T, N, D], BSND [B, S, N, D],
    // BNSD [B, N, S, D], BSH [B, S, H], SBH [S, B, H] with H = N * D. A layout the example does
    // not know (the operator must refuse it) takes three sizes, read as TND, or four, read as BSND.
    std::vector<int64_t> inputShape;
    std::optional<int64_t> heads;              // --heads: N of the default weight and K-row shapes
    std::vector<int64_t> actSeqLen;            // from --act-seq-len, or ParseActSeqLenText
    std::string actSeqLenFile;                 // --act-seq-len-file, still to be read when set
    bool nullActSeqLen = false;                // neither flag: actSeqLenOptional is a null pointer
    int64_t actSeqLenType = 0;
    std::string layout = "TND";
    int64_t blockSize = 0;
    int64_t stride = 0;
};

// The flags of WindowArgs (--shape required, --block and --stride required), to merge into an
// example's flag table.
void AddWindowFlags(std::map<std::string, bool> *known);

// Refuses --act-seq-len and --act-seq-len-file given together. Kept apart from ParseWindowArgs so
// that an example checks it before any value, as the forward example always has.
void CheckOneSequenceList(const GivenFlags &given);

// Parses the flags of WindowArgs, in the order --shape, --layout, --heads (then whether --shape
// fits --layout), the sequence list, --block, --stride, --act-seq-len-type. Reads no file: a
// --act-seq-len-file is only recorded. Throws UsageError.
WindowArgs ParseWindowArgs(const GivenFlags &given);

// The layout's sizes as the host arithmetic reads them. For TND, batches is 1 and seqLen is T.
struct LayoutDims {
    bool batched = false;   // BSND, BNSD, BSH, SBH (and a four-size unknown layout, read as BSND)
    int64_t batches = 0;    // B
    int64_t seqLen = 0;     // S, or T for TND
    int64_t heads = 0;      // N: --heads, else the shape's (BSH and SBH need --heads)
    int64_t headDim = 0;    // D, or H / N (rounded down; 0 when N is 0) for BSH and SBH
};

LayoutDims ReadLayout(const WindowArgs &args);

// K as a caller computes it: the windows of every sequence (TND) or batch. A list the operator
// must reject (a negative entry, a decreasing end, an end or a sum past T, a batch longer than S,
// an entry count other than B, huge values) still gets a row count, at most T (TND) or B * S
// (saturated at INT64_MAX), so that the operator is the one to reject it.
int64_t HostOutputRows(const WindowArgs &args);

// Where K comes from, for messages: "--act-seq-len", "--act-seq-len-file FILE" or the null list.
std::string ActSeqLenSource(const WindowArgs &args);

// The weight's default shape [l, N]: a negative block size must reach the operator, which names
// it, and a negative size cannot be a tensor's, so it is taken as 0 rows.
std::vector<int64_t> DefaultWeightShape(const WindowArgs &args);

// Where the default weight shape comes from, for messages.
std::string DefaultWeightSource(const WindowArgs &args);

#endif  // NSA_EXAMPLE_WINDOW_ARGS_H
