#ifndef SIM_EXE_GRAPH_RUNTIME_RUNTIME_ATTRS_H
#define SIM_EXE_GRAPH_RUNTIME_RUNTIME_ATTRS_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace gert {

// The op's attributes in OpDef declaration order. A getter returns nullptr for an index past the
// end or an attribute of another type, as the real framework does, so callers must check.
class RuntimeAttrs {
public:
    void Append(int64_t value) { values_.push_back({false, value, {}}); }
    void Append(std::string value) { values_.push_back({true, 0, std::move(value)}); }
    size_t GetAttrNum() const { return values_.size(); }

    template <typename T>
    const T *GetAttrPointer(size_t index) const
    {
        if (index >= values_.size()) {
            return nullptr;
        }
        const Value &value = values_[index];
        if constexpr (std::is_same_v<T, char>) {
            return value.isString ? value.text.c_str() : nullptr;
        } else {
            static_assert(std::is_same_v<T, int64_t>, "attributes are int64_t or strings");
            return value.isString ? nullptr : &value.integer;
        }
    }
    const char *GetStr(size_t index) const { return GetAttrPointer<char>(index); }
    const int64_t *GetInt(size_t index) const { return GetAttrPointer<int64_t>(index); }

private:
    struct Value {
        bool isString;
        int64_t integer;
        std::string text;
    };
    std::vector<Value> values_;
};

}  // namespace gert

#endif
