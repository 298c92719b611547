// The columns of the op-info ini: one per supported combination of dtypes and formats.
//
// How the columns come about: DataType()/Format() declarations are columns already (all of them
// must have the same length N). DataTypeList()/FormatList() declarations combine with everything:
// for each of the N columns, every choice of every list port is taken, the first port's choice
// varying slowest. Scalars converted with To(type) have that one dtype, and scalars or
// value-depend ports are always ND. Ports declaring no format are ND.
#include <set>
#include "column_expansion.h"
#include "standin_log.h"

namespace ops {
namespace {
std::vector<Choice> DtypeOptions(const OpParamDefImpl &p, uint32_t column) {
  const bool scalar = p.is_scalar || p.is_scalar_list;
  if (scalar && (p.scalar_type != ge::DT_UNDEFINED || p.scalar_name.GetLength() > 0)) {
    return {{static_cast<uint32_t>(p.scalar_type), false}};
  }
  std::vector<Choice> options;
  const uint32_t n = p.type_decl == Decl::LIST ? static_cast<uint32_t>(p.types_list.size()) : 0U;
  for (uint32_t i = 0; i < n; ++i) {
    options.push_back({i, true});
  }
  return n > 0 ? options : std::vector<Choice>{{column, true}};
}

std::vector<Choice> FormatOptions(const OpParamDefImpl &p, uint32_t column) {
  if (p.is_scalar || p.is_scalar_list || p.value_depend.GetLength() > 0) {
    return {{static_cast<uint32_t>(ge::FORMAT_ND), false}};
  }
  std::vector<Choice> options;
  const uint32_t n = p.format_decl == Decl::LIST ? static_cast<uint32_t>(p.formats_list.size()) : 0U;
  for (uint32_t i = 0; i < n; ++i) {
    options.push_back({i, true});
  }
  return n > 0 ? options : std::vector<Choice>{{column, true}};
}

// The common length of the column declarations; 1 when there are none, 0 when they disagree.
uint32_t ColumnCount(const std::vector<OpParamDefImpl *> &ports) {
  std::set<size_t> sizes;
  for (const OpParamDefImpl *p : ports) {
    const bool scalar = p->is_scalar || p->is_scalar_list;
    const bool converted = p->scalar_type != ge::DT_UNDEFINED || p->scalar_name.GetLength() > 0;
    if (p->type_decl == Decl::COLUMNS && !(scalar && converted)) {
      sizes.insert(p->types.size());
    }
    if (p->format_decl == Decl::COLUMNS && !scalar && p->value_depend.GetLength() == 0) {
      sizes.insert(p->formats.size());
    }
  }
  if (sizes.empty()) {
    return 1;
  }
  if (sizes.size() > 1 || *sizes.begin() == 0) {
    STANDIN_ERROR("DataType and Format lists of the ports are not of one, non-zero length");
    return 0;
  }
  return static_cast<uint32_t>(*sizes.begin());
}

// Every combination for one declared column, the first port's choice varying slowest.
void AddColumns(const std::vector<OpParamDefImpl *> &ports, uint32_t column, std::vector<Column> &out) {
  std::vector<Column> partial(1);
  for (const OpParamDefImpl *p : ports) {
    std::vector<Column> next;
    for (const Column &c : partial) {
      for (const Choice &d : DtypeOptions(*p, column)) {
        for (const Choice &f : FormatOptions(*p, column)) {
          next.push_back(c);
          next.back().dtype.push_back(d);
          next.back().format.push_back(f);
        }
      }
    }
    partial.swap(next);
  }
  out.insert(out.end(), partial.begin(), partial.end());
}
}  // namespace

std::vector<Column> ExpandColumns(const std::vector<OpParamDefImpl *> &ports) {
  std::vector<Column> columns;
  const uint32_t n = ColumnCount(ports);
  for (uint32_t column = 0; column < n; ++column) {
    AddColumns(ports, column, columns);
  }
  return columns;
}
}  // namespace ops
