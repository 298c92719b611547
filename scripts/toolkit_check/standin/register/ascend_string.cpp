// ge::AscendString (graph/ascend_string.h). A default-constructed string holds no text at all,
// which CANN keeps distinct from "": it reads as "", equals only another empty-handed string,
// and sorts before every string that holds text.
#include <cstring>
#include <string>
#include "graph/ascend_string.h"

namespace ge {
namespace {
// -1, 0, 1 like strcmp, with "holds no text" first.
int Compare(const std::shared_ptr<std::string> &a, const std::shared_ptr<std::string> &b) {
  if (a == nullptr || b == nullptr) {
    return (a == nullptr ? 0 : 1) - (b == nullptr ? 0 : 1);
  }
  const int c = a->compare(*b);
  return (c > 0) - (c < 0);
}
}  // namespace

AscendString::AscendString(const char_t *const name) {
  if (name != nullptr) {
    name_ = std::make_shared<std::string>(name);
  }
}

AscendString::AscendString(const char_t *const name, size_t length) {
  if (name != nullptr) {
    name_ = std::make_shared<std::string>(name, length);
  }
}

const char_t *AscendString::GetString() const {
  return name_ == nullptr ? "" : name_->c_str();
}

size_t AscendString::GetLength() const {
  return name_ == nullptr ? 0U : name_->size();
}

size_t AscendString::Find(const AscendString &ascend_string) const {
  if (name_ == nullptr || ascend_string.name_ == nullptr) {
    return std::string::npos;
  }
  return name_->find(*ascend_string.name_);
}

size_t AscendString::Hash() const {
  return std::hash<std::string>()(name_ == nullptr ? std::string() : *name_);
}

bool AscendString::operator<(const AscendString &d) const { return Compare(name_, d.name_) < 0; }
bool AscendString::operator>(const AscendString &d) const { return Compare(name_, d.name_) > 0; }
bool AscendString::operator<=(const AscendString &d) const { return Compare(name_, d.name_) <= 0; }
bool AscendString::operator>=(const AscendString &d) const { return Compare(name_, d.name_) >= 0; }
bool AscendString::operator==(const AscendString &d) const { return Compare(name_, d.name_) == 0; }
bool AscendString::operator!=(const AscendString &d) const { return Compare(name_, d.name_) != 0; }

// A null char pointer stands for "no text", like a default-constructed AscendString.
bool AscendString::operator==(const char_t *const d) const {
  if (name_ == nullptr || d == nullptr) {
    return name_ == nullptr && d == nullptr;
  }
  return std::strcmp(name_->c_str(), d) == 0;
}

bool AscendString::operator!=(const char_t *const d) const { return !(*this == d); }
}  // namespace ge
