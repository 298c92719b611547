// OpAttrDef::GetAttrDefaultVal: the default value as text, for the ini and the generated sources.
// `brac` is the pair of brackets a list is written in ("[]" for the ini, "{}" for C++); without a
// full pair a list renders as "". Floats use iostream's default notation, as CANN does.
#include <sstream>
#include <string>
#include "opdef_impl.h"

namespace ops {
namespace {
template <typename T, typename Write>
std::string Bracketed(const std::vector<T> &values, const char *brac, Write write) {
  if (brac == nullptr || brac[0] == '\0' || brac[1] == '\0') {
    return "";
  }
  std::ostringstream out;
  out << brac[0];
  for (size_t i = 0; i < values.size(); ++i) {
    out << (i == 0 ? "" : ",");
    write(out, values[i]);
  }
  out << brac[1];
  return out.str();
}

std::string Scalar(const OpAttrDefImpl &a) {
  std::ostringstream out;
  switch (a.data_type) {
    case AttrDataType::ATTR_DT_BOOL: out << (a.bool_value ? "true" : "false"); break;
    case AttrDataType::ATTR_DT_FLOAT: out << a.float_value; break;
    case AttrDataType::ATTR_DT_INT: out << a.int_value; break;
    case AttrDataType::ATTR_DT_STR: out << a.str_value.GetString(); break;
    default: break;
  }
  return out.str();
}

std::string Render(const OpAttrDefImpl &a, const char *brac) {
  const auto plain = [](std::ostream &o, auto v) { o << v; };
  switch (a.data_type) {
    case AttrDataType::ATTR_DT_LIST_BOOL:
      return Bracketed(a.list_bool, brac, [](std::ostream &o, bool v) { o << (v ? "true" : "false"); });
    case AttrDataType::ATTR_DT_LIST_FLOAT: return Bracketed(a.list_float, brac, plain);
    case AttrDataType::ATTR_DT_LIST_INT: return Bracketed(a.list_int, brac, plain);
    case AttrDataType::ATTR_DT_LIST_LIST_INT: {
      std::vector<std::string> rows;
      for (const auto &row : a.list_list_int) {
        rows.push_back(Bracketed(row, brac, plain));
      }
      return Bracketed(rows, brac, plain);
    }
    default: return Scalar(a);
  }
}
}  // namespace

ge::AscendString &OpAttrDef::GetAttrDefaultVal(const char *brac) {
  impl_->rendered_default = Render(*impl_, brac).c_str();
  return impl_->rendered_default;
}
}  // namespace ops
