// Follow(): a port that takes its dtypes, formats and/or shape from an input. Resolved once per
// OpDef, before the AICore configs are merged: each follower gets the root input's declaration
// copied in (a list declaration is reduced to its first entry here and filled in after column
// expansion, FillListFollowers), and the followers are recorded for op_build's shape/dtype maps.
#include <set>
#include "column_expansion.h"
#include "standin_log.h"

namespace ops {
// Walks a follow chain to the port that declares its own types. Returns "" on a broken chain.
ge::AscendString OpParamTrunk::FindRoot(const ge::AscendString &self, ge::AscendString next, FollowType type) {
  std::set<ge::AscendString> seen;
  while (next != self) {
    const auto it = where.find(next);
    if (it == where.end() || !seen.insert(next).second) {
      STANDIN_ERROR("port %s: follow target %s not found or cyclic", self.GetString(), next.GetString());
      return "";
    }
    if (it->second.follow_port_name.GetLength() == 0) {
      break;
    }
    if (it->second.follow_type != type) {
      STANDIN_ERROR("port %s: a follow chain must keep one FollowType", self.GetString());
      return "";
    }
    next = it->second.follow_port_name;
  }
  const OpDef::PortStat stat = where[next].port_stat;
  if (stat == OpDef::PortStat::OUT || (next == self && stat != OpDef::PortStat::INOUT)) {
    STANDIN_ERROR("port %s: follow target %s is not an input", self.GetString(), next.GetString());
    return "";
  }
  return next;
}

void OpParamTrunk::CopyDeclaration(OpParamDefImpl &me, const OpParamDefImpl &root, OpDef::PortStat stat) {
  const bool dtype = me.follow_type == FollowType::ALL || me.follow_type == FollowType::DTYPE;
  const bool format = me.follow_type == FollowType::ALL || me.follow_type == FollowType::FORMAT;
  if (dtype && root.type_decl != Decl::NONE) {
    me.type_decl = root.type_decl;
    if (root.type_decl == Decl::COLUMNS) {
      me.types = root.types;
      me.origin_types = root.origin_types;
    } else {
      me.types_list = {root.types_list.front()};
      dtype_list_followers.emplace_back(me.name, stat);
    }
  }
  if (format && root.format_decl != Decl::NONE) {
    me.format_decl = root.format_decl;
    if (root.format_decl == Decl::COLUMNS) {
      me.formats = root.formats;
    } else {
      me.formats_list = {root.formats_list.front()};
      format_list_followers.emplace_back(me.name, stat);
    }
  }
}

void OpParamTrunk::ResolveOne(OpParamDefImpl &me, OpDef::PortStat stat) {
  if (me.follow_type >= FollowType::INVALID_TYPE || me.follow_name.GetLength() == 0) {
    return;
  }
  const ge::AscendString root = FindRoot(me.name, me.follow_name, me.follow_type);
  if (root.GetLength() == 0) {
    return;
  }
  where[me.name].follow_port_name = root;
  where[me.name].follow_type = me.follow_type;
  me.follow_name = root;
  if (me.follow_type == FollowType::ALL || me.follow_type == FollowType::DTYPE) {
    dtype_followers[root].emplace_back(me.name, stat);
  }
  if (me.follow_type == FollowType::ALL || me.follow_type == FollowType::SHAPE) {
    shape_followers[root].emplace_back(me.name, stat);
  }
  // a copy: the root may be `me` itself (an in-place port following its own input side)
  const OpParamDefImpl root_decl = OpParamDefImpl::Of(inputs[where[root].index_in]);
  CopyDeclaration(me, root_decl, stat);
}

void OpParamTrunk::ResolveFollows() {
  if (follows_resolved) {
    return;
  }
  for (auto &port : inputs) {
    ResolveOne(OpParamDefImpl::Of(port), OpDef::PortStat::IN);
  }
  for (auto &port : outputs) {
    ResolveOne(OpParamDefImpl::Of(port), OpDef::PortStat::OUT);
  }
  follows_resolved = true;
}

OpParamDefImpl &OpParamTrunk::Follower(const PortRefs::value_type &ref, std::vector<OpParamDef> &ins,
                                       std::vector<OpParamDef> &outs) {
  const OpDef::PortFollowInfo &info = where[ref.first];
  return OpParamDefImpl::Of(ref.second == OpDef::PortStat::OUT ? outs[info.index_out] : ins[info.index_in]);
}

// After expansion, a follower of a list input copies the input's per-column values; its own
// ForBinQuery list is indexed by the input's choice in each column.
void OpParamTrunk::FillListFollowers(const std::vector<Column> &cols, std::vector<OpParamDef> &ins,
                                     std::vector<OpParamDef> &outs) {
  for (const auto &ref : dtype_list_followers) {
    OpParamDefImpl &me = Follower(ref, ins, outs);
    const uint32_t slot = where[where[ref.first].follow_port_name].index_in;
    me.types = OpParamDefImpl::Of(ins[slot]).types;
    if (me.types_for_bin_set) {
      std::vector<ge::DataType> for_bin;
      for (const Column &c : cols) {
        for_bin.push_back(me.types_for_bin[c.dtype[slot].value]);
      }
      me.types_for_bin = for_bin;
    }
  }
  for (const auto &ref : format_list_followers) {
    OpParamDefImpl &me = Follower(ref, ins, outs);
    const uint32_t slot = where[where[ref.first].follow_port_name].index_in;
    me.formats = OpParamDefImpl::Of(ins[slot]).formats;
    if (me.formats_for_bin_set) {
      std::vector<ge::Format> for_bin;
      for (const Column &c : cols) {
        for_bin.push_back(me.formats_for_bin[c.format[slot].value]);
      }
      me.formats_for_bin = for_bin;
    }
  }
}
}  // namespace ops
