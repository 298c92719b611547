// OpDef::GetMergeInputs/GetMergeOutputs: the ports of the op for one AICore config, as the
// op-info ini lists them. The OpDef's ports (follows resolved) are refined by the config's ports
// of the same name, the config's extra ports are appended, and the result is expanded to columns.
#include "column_expansion.h"
#include "standin_log.h"

namespace ops {
namespace {
using Ports = std::vector<OpParamDef>;

void MergeByName(Ports &merged, const Ports &from_config) {
  for (const OpParamDef &cfg : from_config) {
    bool found = false;
    for (OpParamDef &mine : merged) {
      if (OpParamDefImpl::Of(mine).name == OpParamDefImpl::Of(cfg).name) {
        OpDefImpl::MergePort(mine, cfg);
        found = true;
        break;
      }
    }
    if (!found) {
      merged.push_back(cfg);
    }
  }
}

void DefaultToND(Ports &ports) {
  for (OpParamDef &port : ports) {
    OpParamDefImpl &p = OpParamDefImpl::Of(port);
    if (p.formats.empty() && p.formats_list.empty()) {
      p.format_decl = Decl::LIST;
      p.formats_list = {ge::FORMAT_ND};
    }
  }
}

void WarnUnknownShapeWithLists(const std::vector<OpParamDefImpl *> &all) {
  bool unknown_shape = false;
  bool long_list = false;
  for (OpParamDefImpl *p : all) {
    unknown_shape = unknown_shape || !p->unknown_shape_formats.empty();
    long_list = long_list || p->formats_list.size() > 1 || p->types_list.size() > 1;
  }
  if (unknown_shape && long_list) {
    STANDIN_WARN("UnknownShapeFormat does not combine with FormatList/DataTypeList");
  }
}

// Inputs take the first slots of the columns, outputs the rest. An output cannot be a scalar.
void SpreadPorts(const std::vector<Column> &cols, Ports &inputs, Ports &outputs) {
  for (size_t i = 0; i < inputs.size(); ++i) {
    SpreadDtypes(cols, i, OpParamDefImpl::Of(inputs[i]));
    SpreadFormats(cols, i, OpParamDefImpl::Of(inputs[i]));
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    OpParamDefImpl &p = OpParamDefImpl::Of(outputs[i]);
    if (p.is_scalar || p.is_scalar_list) {
      STANDIN_ERROR("output %s cannot be a Scalar or ScalarList", p.name.GetString());
      continue;
    }
    SpreadDtypes(cols, inputs.size() + i, p);
    SpreadFormats(cols, inputs.size() + i, p);
  }
}

// {inputs, outputs} of the op for one config, expanded to columns.
std::pair<Ports, Ports> MergeAndExpand(OpDefImpl &impl, const OpAICoreConfig &config) {
  impl.ports.ResolveFollows();
  Ports inputs = impl.ports.inputs;
  Ports outputs = impl.ports.outputs;
  MergeByName(inputs, OpAICoreConfigImpl::Of(config).ports.inputs);
  MergeByName(outputs, OpAICoreConfigImpl::Of(config).ports.outputs);
  DefaultToND(inputs);
  DefaultToND(outputs);
  std::vector<OpParamDefImpl *> all;
  for (Ports *side : {&inputs, &outputs}) {
    for (OpParamDef &port : *side) {
      all.push_back(&OpParamDefImpl::Of(port));
    }
  }
  WarnUnknownShapeWithLists(all);
  const std::vector<Column> cols = ExpandColumns(all);
  if (cols.empty()) {
    for (OpParamDefImpl *p : all) {
      p->types.clear();
      p->formats.clear();
    }
    return {inputs, outputs};
  }
  SpreadPorts(cols, inputs, outputs);
  impl.ports.ResolveScalarTo(cols, inputs);
  impl.ports.FillListFollowers(cols, inputs, outputs);
  return {inputs, outputs};
}
}  // namespace

// A scalar with To("x") takes input x's dtypes, column by column (its ForBinQuery list is indexed
// by x's choice in each column).
void OpParamTrunk::ResolveScalarTo(const std::vector<Column> &cols, Ports &ins) {
  for (OpParamDef &port : ins) {
    OpParamDefImpl &p = OpParamDefImpl::Of(port);
    if (p.scalar_name.GetLength() == 0) {
      continue;
    }
    const auto target = where.find(p.scalar_name);
    if (target == where.end() || target->second.port_stat == OpDef::PortStat::OUT ||
        OpParamDefImpl::Of(ins[target->second.index_in]).scalar_name.GetLength() > 0) {
      STANDIN_ERROR("param %s: To(%s) must name an input that is not itself a To(name) scalar", p.name.GetString(),
                    p.scalar_name.GetString());
      continue;
    }
    const uint32_t slot = target->second.index_in;
    p.types = OpParamDefImpl::Of(ins[slot]).types;
    if (p.types_for_bin_set) {
      std::vector<ge::DataType> for_bin;
      for (const Column &c : cols) {
        for_bin.push_back(p.types_for_bin[c.dtype[slot].value]);
      }
      p.types_for_bin = for_bin;
    }
  }
}

std::vector<OpParamDef> OpDef::GetMergeInputs(OpAICoreConfig &aicore_config) {
  return MergeAndExpand(*impl_, aicore_config).first;
}

std::vector<OpParamDef> OpDef::GetMergeOutputs(OpAICoreConfig &aicore_config) {
  return MergeAndExpand(*impl_, aicore_config).second;
}
}  // namespace ops
