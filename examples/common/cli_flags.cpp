#include "cli_flags.h"

#include "cli_values.h"

GivenFlags::GivenFlags(const std::vector<std::string> &args, const std::map<std::string, bool> &known)
{
    for (size_t i = 0; i < args.size(); i += 2) {
        const std::string &flag = args[i];
        if (flag.rfind("--", 0) != 0 || i + 1 >= args.size()) {
            throw UsageError("expected '--flag value', got '" + flag + "'");
        }
        if (known.count(flag) == 0) {
            throw UsageError("unknown option " + flag);
        }
        if (!values_.emplace(flag, args[i + 1]).second) {
            throw UsageError(flag + " is given twice; give it once");
        }
    }
    for (const auto &[flag, required] : known) {
        if (required && values_.count(flag) == 0) {
            throw UsageError("missing " + flag);
        }
    }
}

const std::string *GivenFlags::Find(const std::string &flag) const
{
    auto it = values_.find(flag);
    return it == values_.end() ? nullptr : &it->second;
}

ViewFlags ParseViewFlags(const GivenFlags &given, const std::string &prefix)
{
    ViewFlags view;
    if (auto *v = given.Find(prefix + "-strides")) view.strides = ParseStrides(*v, prefix + "-strides");
    if (auto *v = given.Find(prefix + "-offset")) {
        view.offset = ParseNonNegative(*v, prefix + "-offset", "a storage offset");
    }
    return view;
}

void AddViewFlags(const std::string &prefix, std::map<std::string, bool> *known)
{
    known->emplace(prefix + "-strides", false);
    known->emplace(prefix + "-offset", false);
}
