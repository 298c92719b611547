// A tensor as an example creates it: its view (shape, strides and offset in elements) inside a
// one-dimensional storage, with every count checked against INT64_MAX.
#ifndef NSA_EXAMPLE_TENSOR_EXTENT_H
#define NSA_EXAMPLE_TENSOR_EXTENT_H

#include <cstdint>
#include <string>
#include <vector>

#include "cli_flags.h"
#include "cli_values.h"

// The view and the storage it lives in, and where its shape and view come from (flags, or how
// the default is made), for messages.
struct TensorExtent {
    std::vector<int64_t> shape;
    std::vector<int64_t> strides;
    int64_t offset = 0;
    int64_t elements = 0;           // of the view
    int64_t storageElements = 0;    // offset + 1 + sum((size_i - 1) * stride_i), or 0 for an empty view
    int64_t storageBytes = 0;
    bool contiguous = true;         // default strides and offset 0: storage and view coincide
    ElementType type = ElementType::Float16;
    std::string source;
};

// "<source> is [a, b, c] of <type>", with the strides, offset and storage when they are not the
// default ones.
std::string Describe(const TensorExtent &extent);

// The extent of a contiguous `shape` (sizes >= 0) at offset 0. Throws UsageError naming `source`
// when a stride, the element count or the byte count passes INT64_MAX.
TensorExtent ExtentOf(const std::vector<int64_t> &shape, ElementType type, const std::string &source);

// The extent of `shape` seen through `view` (strides empty: the contiguous ones); `flag` is the
// flag prefix of the view ("--input" names --input-strides and --input-offset). Throws UsageError
// when the strides do not match the rank, or a count, the storage extent or its bytes pass
// INT64_MAX.
TensorExtent ViewExtentOf(const std::vector<int64_t> &shape, const ViewFlags &view, ElementType type,
                          const std::string &source, const std::string &flag);

// `view` placed in the storage of `shared` (another tensor's), its storage counted in `view`'s
// elements; `option` names the flag and value that ask for it ("--output-storage input"). Throws
// UsageError when the view reaches past that storage.
TensorExtent SharingStorage(const TensorExtent &view, const TensorExtent &shared, const std::string &option);

#endif  // NSA_EXAMPLE_TENSOR_EXTENT_H
