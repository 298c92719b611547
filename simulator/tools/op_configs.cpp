// op_configs: writes, from the OpDefs registered in this process (the package's op-host library
// is linked in, so its OP_ADDs have run), the configuration files a CANN custom-op package carries
// beside its binaries, in the formats of CANN's custom-op project framework:
//
//   op-info <soc> <out.json>
//       the op-info config aic-<soc>-ops-info.json. opbuild writes an ini from the OpDef registry
//       (one [OpType] section; input<i>.*, output<i>.*, attr.list, attr_<name>.*, the AI Core
//       config's flags, prebuildPattern, coreType, opFile, opInterface) and the framework's
//       parse_ini_to_json.py turns it into JSON: {OpType: {section: {key: value}}}, every value a
//       string, keys sorted, indent 4, separators "," and ":". This writes that JSON directly.
//   kernel <OpType> <soc> <op_dir> <binFileName> <binFileSuffix> <description out.json> <config out.json>
//       the description of the op's kernel binary (kernel/<soc>/<op_dir>/<binFileName>.json) and
//       the op's binary config (kernel/config/<soc>/<op_dir>.json, as ascendc_ops_config.py
//       writes it: {"binList": [...]}, one entry per dtype/format column of the OpDef). On the
//       simulator one host library serves every column, so every entry names the same binary.
//
// The destination paths are the caller's (cmake/package_tree.cmake); this tool only knows the
// formats.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "register/op_def_registry.h"

namespace {

// A JSON value: enough of JSON for these files (strings, integers, null, arrays, objects whose
// keys keep their insertion order, or sorted order when the writer sorts).
struct Json {
    enum class Kind { NUL, STRING, INT, ARRAY, OBJECT } kind = Kind::NUL;
    std::string text;
    long long number = 0;
    std::vector<Json> items;
    std::vector<std::pair<std::string, Json>> members;

    static Json Str(std::string value)
    {
        Json json;
        json.kind = Kind::STRING;
        json.text = std::move(value);
        return json;
    }
    static Json Int(long long value)
    {
        Json json;
        json.kind = Kind::INT;
        json.number = value;
        return json;
    }
    static Json Array()
    {
        Json json;
        json.kind = Kind::ARRAY;
        return json;
    }
    static Json Object()
    {
        Json json;
        json.kind = Kind::OBJECT;
        return json;
    }
    Json &Add(Json item)
    {
        items.push_back(std::move(item));
        return items.back();
    }
    Json &Set(const std::string &key, Json value)
    {
        for (auto &member : members) {
            if (member.first == key) {
                member.second = std::move(value);
                return member.second;
            }
        }
        members.emplace_back(key, std::move(value));
        return members.back().second;
    }
};

std::string Quoted(const std::string &text)
{
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char escaped[8];
                    std::snprintf(escaped, sizeof(escaped), "\\u%04x", static_cast<unsigned>(c));
                    out += escaped;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

// As Python's json.dump(value, indent=<indent>, separators=(",", <keySeparator>), sort_keys=<sortKeys>).
struct JsonStyle {
    std::string indent;
    std::string keySeparator;
    bool sortKeys;
};

void Write(std::string &out, const Json &json, const JsonStyle &style, int level)
{
    auto newline = [&](int depth) {
        out += "\n";
        for (int i = 0; i < depth; ++i) {
            out += style.indent;
        }
    };
    switch (json.kind) {
        case Json::Kind::NUL: out += "null"; return;
        case Json::Kind::STRING: out += Quoted(json.text); return;
        case Json::Kind::INT: out += std::to_string(json.number); return;
        case Json::Kind::ARRAY:
            if (json.items.empty()) {
                out += "[]";
                return;
            }
            out += "[";
            for (size_t i = 0; i < json.items.size(); ++i) {
                out += i == 0 ? "" : ",";
                newline(level + 1);
                Write(out, json.items[i], style, level + 1);
            }
            newline(level);
            out += "]";
            return;
        case Json::Kind::OBJECT: {
            if (json.members.empty()) {
                out += "{}";
                return;
            }
            std::vector<const std::pair<std::string, Json> *> members;
            for (const auto &member : json.members) {
                members.push_back(&member);
            }
            if (style.sortKeys) {
                std::map<std::string, const std::pair<std::string, Json> *> sorted;
                for (const auto *member : members) {
                    sorted[member->first] = member;
                }
                members.clear();
                for (const auto &entry : sorted) {
                    members.push_back(entry.second);
                }
            }
            out += "{";
            for (size_t i = 0; i < members.size(); ++i) {
                out += i == 0 ? "" : ",";
                newline(level + 1);
                out += Quoted(members[i]->first) + style.keySeparator;
                Write(out, members[i]->second, style, level + 1);
            }
            newline(level);
            out += "}";
            return;
        }
    }
}

bool WriteFile(const std::string &path, const Json &json, const JsonStyle &style)
{
    std::string text;
    Write(text, json, style, 0);
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << text;
    file.close();
    if (!file) {
        std::cerr << "op_configs: cannot write " << path << "\n";
        return false;
    }
    return true;
}

// The names opbuild writes for dtypes (its op_dtype_name_utils.h: DT_FLOAT is float32) and formats
// (ge::GetFormatName).
std::string CfgDataTypeName(ge::DataType type)
{
    switch (type) {
        case ge::DT_FLOAT: return "float32";
        case ge::DT_FLOAT16: return "float16";
        case ge::DT_INT8: return "int8";
        case ge::DT_INT32: return "int32";
        case ge::DT_UINT8: return "uint8";
        case ge::DT_INT16: return "int16";
        case ge::DT_UINT16: return "uint16";
        case ge::DT_UINT32: return "uint32";
        case ge::DT_INT64: return "int64";
        case ge::DT_UINT64: return "uint64";
        case ge::DT_DOUBLE: return "double";
        case ge::DT_BOOL: return "bool";
        case ge::DT_STRING: return "string";
        case ge::DT_COMPLEX64: return "complex64";
        case ge::DT_COMPLEX128: return "complex128";
        case ge::DT_BF16: return "bfloat16";
        default: return "unknow";  // sic, as opbuild writes it
    }
}

std::string Joined(const std::vector<std::string> &names)
{
    std::string out;
    for (const auto &name : names) {
        out += (out.empty() ? "" : ",") + name;
    }
    return out;
}

std::string DataTypeList(const std::vector<ge::DataType> &types)
{
    std::vector<std::string> names;
    for (auto type : types) {
        names.push_back(CfgDataTypeName(type));
    }
    return Joined(names);
}

std::string FormatList(const std::vector<ge::Format> &formats)
{
    std::vector<std::string> names;
    for (auto format : formats) {
        names.emplace_back(ge::FormatName(format));
    }
    return Joined(names);
}

// opbuild's GetParamTypeName.
std::string ParamTypeName(ops::Option type)
{
    switch (type) {
        case ops::IGNORE: return "ignore";
        case ops::OPTIONAL: return "optional";
        case ops::REQUIRED: return "required";
        case ops::DYNAMIC: return "dynamic";
        case ops::VIRTUAL: return "optional";
    }
    return "unknow";
}

std::string AttrCfgType(const ops::OpAttrDef &attr)
{
    switch (attr.GetKind()) {
        case ops::OpAttrDef::Kind::INT: return "int";
        case ops::OpAttrDef::Kind::STRING: return "str";
        case ops::OpAttrDef::Kind::UNSET: break;
    }
    return "";
}

// Lower camel case to snake case, as opbuild's ConvertToSnakeCase (NsaCompressGrad -> nsa_compress_grad).
std::string SnakeCase(const std::string &name)
{
    std::string out;
    for (size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        if (c >= 'A' && c <= 'Z') {
            bool previousLower = i > 0 && !(name[i - 1] >= 'A' && name[i - 1] <= 'Z');
            bool nextLower = i + 1 < name.size() && name[i + 1] >= 'a' && name[i + 1] <= 'z';
            if (i > 0 && (previousLower || nextLower)) {
                out += '_';
            }
            out += static_cast<char>(c - 'A' + 'a');
        } else {
            out += c;
        }
    }
    return out;
}

void AddParams(Json &op, const std::vector<ops::OpParamDef> &params, const std::string &prefix)
{
    for (size_t i = 0; i < params.size(); ++i) {
        const ops::OpParamDef &param = params[i];
        Json section = Json::Object();
        section.Set("name", Json::Str(param.Name()));
        if (!param.GetDataTypes().empty()) {
            section.Set("dtype", Json::Str(DataTypeList(param.GetDataTypes())));
        }
        if (!param.GetFormats().empty()) {
            section.Set("format", Json::Str(FormatList(param.GetFormats())));
        }
        if (!param.GetUnknownShapeFormats().empty()) {
            section.Set("unknownshape_format", Json::Str(FormatList(param.GetUnknownShapeFormats())));
        }
        section.Set("shape", Json::Str("all"));
        section.Set("paramType", Json::Str(ParamTypeName(param.GetParamType())));
        if (param.GetParamType() == ops::VIRTUAL) {
            section.Set("virtual", Json::Str("true"));
        }
        if (param.GetValueDepend() == ops::REQUIRED) {
            section.Set("valueDepend", Json::Str("required"));
        } else if (param.GetValueDepend() == ops::OPTIONAL) {
            section.Set("valueDepend", Json::Str("optional"));
        }
        op.Set(prefix + std::to_string(i), std::move(section));
    }
}

// One op's section of the op-info config for one SoC. The simulator's OpAICoreConfig carries no
// flags, so every SoC gets what AddConfig(soc) gives in CANN: OpAICoreConfig(soc)'s six flags.
Json OpInfo(const ops::OpDef &def)
{
    Json op = Json::Object();
    AddParams(op, def.GetInputs(), "input");
    AddParams(op, def.GetOutputs(), "output");
    if (!def.GetAttrs().empty()) {
        std::vector<std::string> names;
        for (const auto &attr : def.GetAttrs()) {
            names.push_back(attr.Name());
        }
        Json list = Json::Object();
        list.Set("list", Json::Str(Joined(names)));
        op.Set("attr", std::move(list));
        for (const auto &attr : def.GetAttrs()) {
            Json section = Json::Object();
            section.Set("type", Json::Str(AttrCfgType(attr)));
            section.Set("value", Json::Str("all"));
            bool required = attr.GetAttrType() != ops::OPTIONAL;
            section.Set("paramType", Json::Str(required ? "required" : "optional"));
            if (!required) {
                section.Set("defaultValue", Json::Str(attr.GetKind() == ops::OpAttrDef::Kind::STRING ?
                    attr.GetDefaultString() : std::string("0")));
            }
            op.Set("attr_" + attr.Name(), std::move(section));
        }
    }
    const std::pair<const char *, const char *> flags[] = {
        {"dynamicCompileStatic", "true"}, {"dynamicFormat", "true"}, {"dynamicRankSupport", "true"},
        {"dynamicShapeSupport", "true"}, {"needCheckSupport", "false"}, {"precision_reduce", "true"}};
    for (const auto &flag : flags) {
        Json section = Json::Object();
        section.Set("flag", Json::Str(flag.second));
        op.Set(flag.first, std::move(section));
    }
    const std::pair<const char *, std::string> values[] = {{"prebuildPattern", "Opaque"}, {"coreType", "AiCore"},
        {"opFile", SnakeCase(def.GetOpType())}, {"opInterface", SnakeCase(def.GetOpType())}};
    for (const auto &value : values) {
        Json section = Json::Object();
        section.Set("value", Json::Str(value.second));
        op.Set(value.first, std::move(section));
    }
    return op;
}

bool HasSoc(const ops::OpDef &def, const std::string &soc)
{
    for (const auto &configured : def.GetAICore().GetSocs()) {
        if (configured == soc) {
            return true;
        }
    }
    return false;
}

int WriteOpInfo(const std::string &soc, const std::string &out)
{
    Json root = Json::Object();
    for (const ops::OpDef *def : ops::AllOpDefs()) {
        if (HasSoc(*def, soc)) {
            root.Set(def->GetOpType(), OpInfo(*def));
        }
    }
    if (root.members.empty()) {
        std::cerr << "op_configs: no registered op is configured for " << soc << "\n";
        return 1;
    }
    return WriteFile(out, root, JsonStyle{"    ", ":", true}) ? 0 : 1;
}

// The parameters of one dtype/format column of the OpDef, as the kernel compiler's supportInfo
// lists them: name, index, dtype, format, paramType.
Json Column(const std::vector<ops::OpParamDef> &params, size_t column)
{
    Json list = Json::Array();
    for (size_t i = 0; i < params.size(); ++i) {
        const ops::OpParamDef &param = params[i];
        Json item = Json::Object();
        item.Set("name", Json::Str(param.Name()));
        item.Set("index", Json::Int(static_cast<long long>(i)));
        if (column < param.GetDataTypes().size()) {
            item.Set("dtype", Json::Str(CfgDataTypeName(param.GetDataTypes()[column])));
        }
        if (column < param.GetFormats().size()) {
            item.Set("format", Json::Str(ge::FormatName(param.GetFormats()[column])));
        }
        item.Set("paramType", Json::Str(ParamTypeName(param.GetParamType())));
        list.Add(std::move(item));
    }
    return list;
}

Json Attrs(const ops::OpDef &def)
{
    Json list = Json::Array();
    for (const auto &attr : def.GetAttrs()) {
        Json item = Json::Object();
        item.Set("name", Json::Str(attr.Name()));
        item.Set("dtype", Json::Str(AttrCfgType(attr)));
        item.Set("value", Json());
        list.Add(std::move(item));
    }
    return list;
}

size_t ColumnCount(const ops::OpDef &def)
{
    size_t columns = 0;
    for (const auto *params : {&def.GetInputs(), &def.GetOutputs()}) {
        for (const auto &param : *params) {
            columns = std::max(columns, param.GetDataTypes().size());
        }
    }
    return columns;
}

int WriteKernel(const std::vector<std::string> &args)
{
    const std::string &opType = args[0], &soc = args[1], &opDir = args[2], &binName = args[3],
                      &binSuffix = args[4], &descriptionOut = args[5], &configOut = args[6];
    const ops::OpDef *def = ops::FindOpDef(opType);
    if (def == nullptr) {
        std::cerr << "op_configs: no OpDef registered for " << opType << "\n";
        return 1;
    }
    if (!HasSoc(*def, soc)) {
        std::cerr << "op_configs: " << opType << " is not configured for " << soc << " (AICore().AddConfig)\n";
        return 1;
    }
    const std::string jsonPath = soc + "/" + opDir + "/" + binName + ".json";

    // The description: what the kernel compiler writes beside a binary, with the fields the
    // framework's scripts read (binFileName, binFileSuffix, coreType, filePath, supportInfo).
    // One host library serves every column, so supportInfo lists each parameter's whole column set.
    Json description = Json::Object();
    description.Set("binFileName", Json::Str(binName));
    description.Set("binFileSuffix", Json::Str(binSuffix));
    description.Set("coreType", Json::Str("AiCore"));
    description.Set("kernelName", Json::Str(SnakeCase(opType)));
    description.Set("filePath", Json::Str(jsonPath));
    Json support = Json::Object();
    for (const auto &part : {std::make_pair("inputs", &def->GetInputs()), std::make_pair("outputs", &def->GetOutputs())}) {
        Json list = Json::Array();
        for (size_t i = 0; i < part.second->size(); ++i) {
            const ops::OpParamDef &param = (*part.second)[i];
            Json item = Json::Object();
            item.Set("name", Json::Str(param.Name()));
            item.Set("index", Json::Int(static_cast<long long>(i)));
            item.Set("dtype", Json::Str(DataTypeList(param.GetDataTypes())));
            item.Set("format", Json::Str(FormatList(param.GetFormats())));
            item.Set("paramType", Json::Str(ParamTypeName(param.GetParamType())));
            list.Add(std::move(item));
        }
        support.Set(part.first, std::move(list));
    }
    support.Set("attrs", Attrs(*def));
    description.Set("supportInfo", std::move(support));
    if (!WriteFile(descriptionOut, description, JsonStyle{" ", ": ", false})) {
        return 1;
    }

    // The binary config: one binList entry per column, each naming the description above.
    Json config = Json::Object();
    Json &binList = config.Set("binList", Json::Array());
    for (size_t column = 0; column < ColumnCount(*def); ++column) {
        Json entry = Json::Object();
        entry.Set("staticKey", Json());
        entry.Set("inputs", Column(def->GetInputs(), column));
        entry.Set("outputs", Column(def->GetOutputs(), column));
        if (!def->GetAttrs().empty()) {
            entry.Set("attrs", Attrs(*def));
        }
        Json binInfo = Json::Object();
        binInfo.Set("jsonFilePath", Json::Str(jsonPath));
        entry.Set("binInfo", std::move(binInfo));
        binList.Add(std::move(entry));
    }
    return WriteFile(configOut, config, JsonStyle{"  ", ": ", false}) ? 0 : 1;
}

int Usage()
{
    std::cerr << "usage: op_configs op-info <soc> <out.json>\n"
                 "       op_configs kernel <OpType> <soc> <op_dir> <binFileName> <binFileSuffix> "
                 "<description.json> <config.json>\n";
    return 2;
}

}  // namespace

int main(int argc, char **argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 3 && args[0] == "op-info") {
        return WriteOpInfo(args[1], args[2]);
    }
    if (args.size() == 8 && args[0] == "kernel") {
        return WriteKernel(std::vector<std::string>(args.begin() + 1, args.end()));
    }
    return Usage();
}
