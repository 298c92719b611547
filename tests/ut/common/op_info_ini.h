// The op-info ini that CANN's opbuild writes from the registered OpDefs, one per SoC
// (aic-<soc>-ops-info.ini: a [<OpType>] section of key=value lines per op), read back for the
// toolkit's OpDef tests, and the check of an op's section against its expected entries.
#ifndef NSA_TESTS_UT_OP_INFO_INI_H
#define NSA_TESTS_UT_OP_INFO_INI_H

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace nsa_test {

using OpInfoSection = std::map<std::string, std::string>;
using OpInfoEntries = std::vector<std::pair<std::string, std::string>>;

// The folder the build generated the ini files in, given by the build (NSA_OP_INFO_DIR).
inline std::string OpInfoPath(const std::string &soc)
{
    return std::string(NSA_OP_INFO_DIR) + "/aic-" + soc + "-ops-info.ini";
}

// The entries of the section [opType]; empty when the file or the section is missing.
inline OpInfoSection ReadOpInfoSection(const std::string &path, const std::string &opType)
{
    OpInfoSection section;
    std::ifstream file(path);
    std::string line;
    bool inSection = false;
    while (std::getline(file, line)) {
        if (!line.empty() && line.front() == '[') {
            inSection = line == "[" + opType + "]";
        } else if (inSection && line.find('=') != std::string::npos) {
            const size_t eq = line.find('=');
            section[line.substr(0, eq)] = line.substr(eq + 1);
        }
    }
    return section;
}

// Whether a key declares an input, an output, a value-dependent input or an attribute: the keys
// whose set must be exactly the expected one (no parameter or attribute beyond the prototype).
inline bool DeclaresParameter(const std::string &key)
{
    auto endsWith = [&key](const std::string &tail) {
        return key.size() >= tail.size() && key.compare(key.size() - tail.size(), tail.size(), tail) == 0;
    };
    const bool param = key.rfind("input", 0) == 0 || key.rfind("output", 0) == 0;
    return (param && (endsWith(".name") || endsWith(".valueDepend"))) ||
           (key.rfind("attr_", 0) == 0 && endsWith(".type"));
}

// Every expected entry is in the section with its value, and the section declares no parameter
// the expected entries do not.
inline void ExpectOpInfo(const OpInfoSection &section, const OpInfoEntries &expected)
{
    OpInfoSection wanted;
    for (const auto &[key, value] : expected) {
        wanted[key] = value;
        const auto found = section.find(key);
        ASSERT_NE(found, section.end()) << key;
        EXPECT_EQ(found->second, value) << key;
    }
    for (const auto &[key, value] : section) {
        if (DeclaresParameter(key)) {
            EXPECT_EQ(wanted.count(key), 1u) << "not in the prototype: " << key << "=" << value;
        }
    }
}

}  // namespace nsa_test

#endif
