// gert::RuntimeAttrs (exe_graph/runtime/runtime_attrs.h): a tiling or infer-shape function's view
// of the op's attributes. The object is the head of a RuntimeAttrsDef block (the public layout in
// base/runtime/runtime_attrs_def.h): the attribute count, reserved bytes, then one byte offset per
// attribute, counted from the start of the block. Pure host data, so this is the real thing.
#include <cstdint>  // runtime_attrs_def.h uses uint8_t without including it
#include <cstdio>
#include "base/runtime/runtime_attrs_def.h"
#include "exe_graph/runtime/runtime_attrs.h"

namespace gert {
namespace {
const RuntimeAttrsDef *Block(const uint64_t *head) { return reinterpret_cast<const RuntimeAttrsDef *>(head); }
}  // namespace

// nullptr for an index past the last attribute (an optional attribute the op was not given)
const void *RuntimeAttrs::GetPointerByIndex(size_t index) const {
  const RuntimeAttrsDef *block = Block(&placeholder_);
  if (index >= block->attr_num) {
    std::fprintf(stderr, "[stand-in exe_graph] attribute index %zu out of range (%zu attributes)\n", index,
                 block->attr_num);
    return nullptr;
  }
  return reinterpret_cast<const uint8_t *>(block) + block->offset[index];
}

size_t RuntimeAttrs::GetAttrNum() const { return Block(&placeholder_)->attr_num; }
}  // namespace gert
