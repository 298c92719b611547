#include <map>
#include <mutex>

#include "register/op_def_registry.h"
#include "sim/op_impl.h"

namespace {

// Function-local statics: registrations run from other libraries' static initializers.
std::map<std::string, sim::OpImpl> &ImplTable()
{
    static std::map<std::string, sim::OpImpl> table;
    return table;
}

std::map<std::string, std::unique_ptr<ops::OpDef>> &DefTable()
{
    static std::map<std::string, std::unique_ptr<ops::OpDef>> table;
    return table;
}

std::mutex &RegistryMutex()
{
    static std::mutex mutex;
    return mutex;
}

}  // namespace

namespace sim {

OpImpl &MutableOpImpl(const std::string &opType)
{
    std::lock_guard<std::mutex> lock(RegistryMutex());
    return ImplTable()[opType];
}

const OpImpl *FindOpImpl(const std::string &opType)
{
    std::lock_guard<std::mutex> lock(RegistryMutex());
    auto it = ImplTable().find(opType);
    return it == ImplTable().end() ? nullptr : &it->second;
}

}  // namespace sim

namespace gert {

OpImplRegisterV2::OpImplRegisterV2(const char *opType) : opType_(opType) {}

OpImplRegisterV2 &OpImplRegisterV2::InferShape(InferShapeKernelFunc func)
{
    sim::MutableOpImpl(opType_).inferShape = func;
    return *this;
}

OpImplRegisterV2 &OpImplRegisterV2::InferDataType(InferDataTypeKernelFunc func)
{
    sim::MutableOpImpl(opType_).inferDataType = func;
    return *this;
}

OpImplRegisterV2 &OpImplRegisterV2::Tiling(TilingKernelFunc func, size_t maxTilingDataSize)
{
    sim::OpImpl &impl = sim::MutableOpImpl(opType_);
    impl.tiling = func;
    impl.maxTilingDataSize = maxTilingDataSize;
    return *this;
}

}  // namespace gert

namespace ops {

OpParamDef &OpParamDef::ParamType(Option type)
{
    paramType_ = type;
    return *this;
}

OpParamDef &OpParamDef::DataType(std::vector<ge::DataType> types)
{
    dataTypes_ = std::move(types);
    return *this;
}

OpParamDef &OpParamDef::Format(std::vector<ge::Format> formats)
{
    formats_ = std::move(formats);
    return *this;
}

OpParamDef &OpParamDef::UnknownShapeFormat(std::vector<ge::Format> formats)
{
    // Dynamic-shape formats equal the static ones for every op this framework builds; they are
    // kept for the op-info config (simulator/tools/op_configs.cpp), which lists them as opbuild does.
    unknownShapeFormats_ = std::move(formats);
    return *this;
}

OpParamDef &OpParamDef::ValueDepend(Option type)
{
    valueDepend_ = type;
    return *this;
}

OpParamDef &OpParamDef::IgnoreContiguous()
{
    ignoreContiguous_ = true;
    return *this;
}

OpParamDef &OpParamDef::AutoContiguous()
{
    autoContiguous_ = true;
    return *this;
}

OpAttrDef &OpAttrDef::AttrType(Option type)
{
    attrType_ = type;
    return *this;
}

OpAttrDef &OpAttrDef::Int()
{
    kind_ = Kind::INT;
    return *this;
}

OpAttrDef &OpAttrDef::String()
{
    kind_ = Kind::STRING;
    return *this;
}

OpAttrDef &OpAttrDef::String(const char *defaultValue)
{
    defaultString_ = defaultValue == nullptr ? "" : defaultValue;
    return String();
}

OpAICoreDef &OpAICoreDef::SetTiling(gert::OpImplRegisterV2::TilingKernelFunc func)
{
    tiling_ = func;
    return *this;
}

OpAICoreDef &OpAICoreDef::AddConfig(const char *soc)
{
    socs_.emplace_back(soc);
    return *this;
}

OpAICoreDef &OpAICoreDef::AddConfig(const char *soc, OpAICoreConfig config)
{
    static_cast<void>(config);
    return AddConfig(soc);
}

OpParamDef &OpDef::Input(const char *name)
{
    inputs_.emplace_back(name);
    return inputs_.back();
}

OpParamDef &OpDef::Output(const char *name)
{
    outputs_.emplace_back(name);
    return outputs_.back();
}

OpAttrDef &OpDef::Attr(const char *name)
{
    attrs_.emplace_back(name);
    return attrs_.back();
}

OpDef &OpDef::SetInferShape(gert::OpImplRegisterV2::InferShapeKernelFunc func)
{
    sim::MutableOpImpl(type_).inferShape = func;
    return *this;
}

OpDef &OpDef::SetInferDataType(gert::OpImplRegisterV2::InferDataTypeKernelFunc func)
{
    sim::MutableOpImpl(type_).inferDataType = func;
    return *this;
}

void RegisterOpDef(std::unique_ptr<OpDef> def)
{
    const std::string type = def->GetOpType();
    if (auto tiling = def->GetAICore().GetTiling()) {
        sim::MutableOpImpl(type).tiling = tiling;
    }
    std::lock_guard<std::mutex> lock(RegistryMutex());
    DefTable()[type] = std::move(def);
}

const OpDef *FindOpDef(const std::string &opType)
{
    std::lock_guard<std::mutex> lock(RegistryMutex());
    auto it = DefTable().find(opType);
    return it == DefTable().end() ? nullptr : it->second.get();
}

std::vector<const OpDef *> AllOpDefs()
{
    std::lock_guard<std::mutex> lock(RegistryMutex());
    std::vector<const OpDef *> defs;
    for (const auto &entry : DefTable()) {
        defs.push_back(entry.second.get());
    }
    return defs;
}

}  // namespace ops
