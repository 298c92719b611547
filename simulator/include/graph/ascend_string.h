// ge::AscendString: the string type CANN's APIs hand text out in (metadef's graph/ascend_string.h).
#ifndef SIM_GRAPH_ASCEND_STRING_H
#define SIM_GRAPH_ASCEND_STRING_H

#include <cstddef>
#include <string>

namespace ge {

class AscendString {
public:
    AscendString() = default;
    AscendString(const char *const name) : name_(name == nullptr ? "" : name) {}
    AscendString(const char *const name, size_t length) : name_(name == nullptr ? "" : std::string(name, length)) {}
    const char *GetString() const { return name_.c_str(); }
    size_t GetLength() const { return name_.size(); }
    bool operator==(const AscendString &other) const { return name_ == other.name_; }
    bool operator!=(const AscendString &other) const { return name_ != other.name_; }

private:
    std::string name_;
};

}  // namespace ge

#endif
