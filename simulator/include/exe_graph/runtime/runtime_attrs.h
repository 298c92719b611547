#ifndef SIM_EXE_GRAPH_RUNTIME_RUNTIME_ATTRS_H
#define SIM_EXE_GRAPH_RUNTIME_RUNTIME_ATTRS_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace gert {

// The op's attributes in OpDef declaration order. A getter returns nullptr for an index past the
// end or an attribute of another type, as the real framework does, so callers must check.
class RuntimeAttrs {
public:
    using Value = std::variant<int64_t, std::string>;

    void Append(Value value) { values_.push_back(std::move(value)); }
    size_t GetAttrNum() const { return values_.size(); }

    template <typename T>
    const T *GetAttrPointer(size_t index) const
    {
        if (index >= values_.size()) {
            return nullptr;
        }
        if constexpr (std::is_same_v<T, char>) {
            const auto *s = std::get_if<std::string>(&values_[index]);
            return s == nullptr ? nullptr : s->c_str();
        } else {
            return std::get_if<T>(&values_[index]);
        }
    }
    const char *GetStr(size_t index) const { return GetAttrPointer<char>(index); }
    const int64_t *GetInt(size_t index) const { return GetAttrPointer<int64_t>(index); }

private:
    std::vector<Value> values_;
};

}  // namespace gert

#endif
