// The index tensors of the decode examples (slot mappings, block tables): the shape, element type
// and file a command line gives them, and the bytes of their contiguous storage, as plain C++ with
// no ACL dependency.
#ifndef NSA_EXAMPLE_INDEX_ARGS_H
#define NSA_EXAMPLE_INDEX_ARGS_H

#include <cstdint>
#include <string>
#include <vector>

#include "cli_flags.h"

// An index tensor: its shape, element size and file.
struct IndexTensorArgs {
    std::vector<int64_t> shape;
    bool int64 = false;        // --X-dtype int64, which the operators must refuse
    std::string file;
    bool given = false;        // false means a null pointer
};

// The value of an index dtype flag: int32 (the operators', and the default) or int64 (true).
// Throws UsageError naming `flag` for any other value.
bool ParseIndexInt64(const GivenFlags &given, const std::string &flag);

// Bytes of the tensor's contiguous storage (0 when it is not given); throws UsageError naming
// `flag` past INT64_MAX.
int64_t IndexBytes(const IndexTensorArgs &tensor, const std::string &flag);

#endif  // NSA_EXAMPLE_INDEX_ARGS_H
