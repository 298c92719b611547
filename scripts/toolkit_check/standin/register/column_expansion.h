// The ini columns of an op (column_expansion.cpp) and how a port takes its share of them
// (op_def_merge.cpp).
#pragma once
#include <vector>
#include "opdef_impl.h"

namespace ops {
// One port's dtype (or format) in one column: an index into what the port declared, or, when
// `indexed` is false, a fixed ge::DataType / ge::Format value.
struct Choice {
  uint32_t value;
  bool indexed;
};

struct Column {
  std::vector<Choice> dtype;  // one per port, inputs then outputs
  std::vector<Choice> format;
};

// All columns of the ports (inputs then outputs); empty when their declarations disagree.
std::vector<Column> ExpandColumns(const std::vector<OpParamDefImpl *> &ports);

// Rewrites a port's dtypes (formats) to one per column; `slot` is the port's place in the columns.
void SpreadDtypes(const std::vector<Column> &cols, size_t slot, OpParamDefImpl &p);
void SpreadFormats(const std::vector<Column> &cols, size_t slot, OpParamDefImpl &p);

}  // namespace ops
