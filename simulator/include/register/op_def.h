// OpDef: an op's prototype (inputs, outputs, attributes, supported dtypes/formats and SoCs) as
// a custom-op package declares it; register/op_def_registry.h registers it. The simulator's
// launcher matches calls against it the way CANN selects a kernel binary.
#ifndef SIM_REGISTER_OP_DEF_H
#define SIM_REGISTER_OP_DEF_H

#include <cstdint>
#include <string>
#include <vector>

#include "graph/types.h"
#include "register/op_impl_registry.h"

namespace ops {

enum Option { IGNORE = 0, OPTIONAL = 1, REQUIRED = 2, DYNAMIC = 3, VIRTUAL = 4 };

class OpParamDef {
public:
    explicit OpParamDef(const char *name) : name_(name) {}
    OpParamDef &ParamType(Option type);
    OpParamDef &DataType(std::vector<ge::DataType> types);
    OpParamDef &Format(std::vector<ge::Format> formats);
    OpParamDef &UnknownShapeFormat(std::vector<ge::Format> formats);
    OpParamDef &ValueDepend(Option type);
    // The framework passes this parameter's tensor to tiling and kernel as given, strided or
    // not, with its view information (TilingContext::InputIsView, GetInputStride, ...).
    OpParamDef &IgnoreContiguous();
    // A non-contiguous input reaches the kernel as a contiguous copy; once any input asks for
    // this, so does every input that does not ask for IgnoreContiguous.
    OpParamDef &AutoContiguous();

    // The getters are private to CANN's code generators; the simulator's launcher reads them.
    const std::string &Name() const { return name_; }
    Option GetParamType() const { return paramType_; }
    const std::vector<ge::DataType> &GetDataTypes() const { return dataTypes_; }
    const std::vector<ge::Format> &GetFormats() const { return formats_; }
    const std::vector<ge::Format> &GetUnknownShapeFormats() const { return unknownShapeFormats_; }
    bool IsValueDepend() const { return valueDepend_ != IGNORE; }
    // IGNORE when not value-depend, else REQUIRED or OPTIONAL as ValueDepend was given.
    Option GetValueDepend() const { return valueDepend_; }
    bool GetIgnoreContiguous() const { return ignoreContiguous_; }
    bool GetAutoContiguous() const { return autoContiguous_; }

private:
    std::string name_;
    Option paramType_ = REQUIRED;
    Option valueDepend_ = IGNORE;
    bool ignoreContiguous_ = false;
    bool autoContiguous_ = false;
    std::vector<ge::DataType> dataTypes_;
    std::vector<ge::Format> formats_;
    std::vector<ge::Format> unknownShapeFormats_;
};

class OpAttrDef {
public:
    enum class Kind { UNSET, INT, STRING };

    explicit OpAttrDef(const char *name) : name_(name) {}
    OpAttrDef &AttrType(Option type);
    OpAttrDef &Int();
    OpAttrDef &String();
    OpAttrDef &String(const char *defaultValue);

    const std::string &Name() const { return name_; }
    Kind GetKind() const { return kind_; }
    Option GetAttrType() const { return attrType_; }
    const std::string &GetDefaultString() const { return defaultString_; }

private:
    std::string name_;
    Option attrType_ = REQUIRED;
    Kind kind_ = Kind::UNSET;
    std::string defaultString_;
};

class OpAICoreConfig {};

class OpAICoreDef {
public:
    OpAICoreDef &SetTiling(gert::OpImplRegisterV2::TilingKernelFunc func);
    OpAICoreDef &AddConfig(const char *soc);
    OpAICoreDef &AddConfig(const char *soc, OpAICoreConfig config);
    const std::vector<std::string> &GetSocs() const { return socs_; }
    gert::OpImplRegisterV2::TilingKernelFunc GetTiling() const { return tiling_; }

private:
    std::vector<std::string> socs_;
    gert::OpImplRegisterV2::TilingKernelFunc tiling_ = nullptr;
};

class OpDef {
public:
    explicit OpDef(const char *type) : type_(type) {}
    virtual ~OpDef() = default;

    OpParamDef &Input(const char *name);
    OpParamDef &Output(const char *name);
    OpAttrDef &Attr(const char *name);
    OpDef &SetInferShape(gert::OpImplRegisterV2::InferShapeKernelFunc func);
    OpDef &SetInferDataType(gert::OpImplRegisterV2::InferDataTypeKernelFunc func);
    OpAICoreDef &AICore() { return aicore_; }

    const std::string &GetOpType() const { return type_; }
    const std::vector<OpParamDef> &GetInputs() const { return inputs_; }
    const std::vector<OpParamDef> &GetOutputs() const { return outputs_; }
    const std::vector<OpAttrDef> &GetAttrs() const { return attrs_; }
    const OpAICoreDef &GetAICore() const { return aicore_; }

private:
    std::string type_;
    std::vector<OpParamDef> inputs_;
    std::vector<OpParamDef> outputs_;
    std::vector<OpAttrDef> attrs_;
    OpAICoreDef aicore_;
};

}  // namespace ops

#endif
