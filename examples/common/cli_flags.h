// The '--flag value' pairs of an example's command line, checked against the flags the example
// knows, and the view flags (--X-strides, --X-offset) every tensor of every example takes.
#ifndef NSA_EXAMPLE_CLI_FLAGS_H
#define NSA_EXAMPLE_CLI_FLAGS_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

// The flags given, each once. Built from the arguments after argv[0] and the example's flags
// (flag -> whether it is required); throws UsageError for a token that does not start a
// '--flag value' pair, an unknown flag, a flag given twice and a required flag missing (the first
// missing one in the flags' alphabetical order).
class GivenFlags {
public:
    GivenFlags(const std::vector<std::string> &args, const std::map<std::string, bool> &known);

    bool Has(const std::string &flag) const { return values_.count(flag) != 0; }
    // The flag's value, or null when it was not given.
    const std::string *Find(const std::string &flag) const;
    // The value of a flag the example requires (the constructor made sure it is there).
    const std::string &Required(const std::string &flag) const { return values_.at(flag); }

private:
    std::map<std::string, std::string> values_;
};

// How a view sits in its storage: strides in elements (empty: the contiguous ones of its shape)
// and the storage offset in elements.
struct ViewFlags {
    std::vector<int64_t> strides;
    int64_t offset = 0;
};

// "<prefix>-strides" and "<prefix>-offset" (prefix "--input": --input-strides, --input-offset).
ViewFlags ParseViewFlags(const GivenFlags &given, const std::string &prefix);

// The two view flags of `prefix`, as optional entries of a flag table.
void AddViewFlags(const std::string &prefix, std::map<std::string, bool> *known);

#endif  // NSA_EXAMPLE_CLI_FLAGS_H
