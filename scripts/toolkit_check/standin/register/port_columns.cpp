// A port takes its share of the expanded columns: its dtypes, formats and ForBinQuery lists become
// one entry per column. A fixed choice (a scalar converted with To, an ND-only port) fills every
// column with that value and drops the ForBinQuery list, which cannot apply to it.
#include "column_expansion.h"
#include "standin_log.h"

namespace ops {
namespace {
template <typename T>
void Spread(const std::vector<Column> &cols, std::vector<Choice> Column::*side, size_t slot, bool use_for_bin,
            const std::vector<T> &declared, const std::vector<T> &for_bin_declared, std::vector<T> &out,
            std::vector<T> &for_bin_out) {
  std::vector<T> values;
  std::vector<T> for_bin;
  for (const Column &c : cols) {
    const Choice &choice = (c.*side)[slot];
    if (use_for_bin && choice.indexed) {
      for_bin.push_back(for_bin_declared[choice.value]);
    }
    if (!declared.empty()) {
      values.push_back(declared[choice.value]);
    }
  }
  if (!for_bin.empty()) {
    for_bin_out = for_bin;
  }
  out = values;
}
}  // namespace

void SpreadDtypes(const std::vector<Column> &cols, size_t slot, OpParamDefImpl &p) {
  const Choice &first = cols.front().dtype[slot];
  if (!first.indexed) {
    // a To(name) scalar has no dtype of its own yet: ResolveScalarTo fills it in
    if (static_cast<ge::DataType>(first.value) == ge::DT_UNDEFINED) {
      return;
    }
    if (p.types_for_bin_set) {
      STANDIN_WARN("param %s: DataTypeForBinQuery does not apply to a To(type) scalar", p.name.GetString());
      p.types_for_bin_set = false;
    }
    p.types.assign(cols.size(), static_cast<ge::DataType>(first.value));
    return;
  }
  // a port following a list port is filled in from its target afterwards (FillListFollowers)
  const bool follows_list = p.type_decl == Decl::LIST &&
                            (p.follow_type == FollowType::ALL || p.follow_type == FollowType::DTYPE);
  const std::vector<ge::DataType> none;
  const auto &declared = p.type_decl == Decl::LIST ? p.types_list : (p.type_decl == Decl::COLUMNS ? p.types : none);
  Spread(cols, &Column::dtype, slot, p.types_for_bin_set && !follows_list, declared, p.types_for_bin, p.types,
         p.types_for_bin);
}

void SpreadFormats(const std::vector<Column> &cols, size_t slot, OpParamDefImpl &p) {
  const Choice &first = cols.front().format[slot];
  if (!first.indexed) {
    if (p.formats_for_bin_set) {
      STANDIN_WARN("param %s: FormatForBinQuery does not apply to a scalar or value-depend port", p.name.GetString());
      p.formats_for_bin_set = false;
    }
    p.formats.assign(cols.size(), static_cast<ge::Format>(first.value));
    return;
  }
  const bool follows_list = p.format_decl == Decl::LIST &&
                            (p.follow_type == FollowType::ALL || p.follow_type == FollowType::FORMAT);
  const std::vector<ge::Format> none;
  const auto &declared =
      p.format_decl == Decl::LIST ? p.formats_list : (p.format_decl == Decl::COLUMNS ? p.formats : none);
  Spread(cols, &Column::format, slot, p.formats_for_bin_set && !follows_list, declared, p.formats_for_bin,
         p.formats, p.formats_for_bin);
}
}  // namespace ops
