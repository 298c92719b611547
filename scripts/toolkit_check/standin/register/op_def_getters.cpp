// OpDef: what op_build reads back: identity, documentation, ports, engines and follow maps.
#include "opdef_impl.h"

namespace ops {
gert::OpImplRegisterV2::InferShapeKernelFunc &OpDef::GetInferShape(void) { return impl_->infer_shape; }
gert::OpImplRegisterV2::InferShapeRangeKernelFunc &OpDef::GetInferShapeRange(void) {
  return impl_->infer_shape_range;
}
gert::OpImplRegisterV2::InferDataTypeKernelFunc &OpDef::GetInferDataType(void) { return impl_->infer_data_type; }
OpAICoreDef &OpDef::AICore(void) { return impl_->aicore; }
OpAICPUDef &OpDef::AICPU(void) { return impl_->aicpu; }
OpHostCPUDef &OpDef::HostCPU(void) { return impl_->hostcpu; }
OpMC2Def &OpDef::MC2(void) { return impl_->mc2; }
ge::AscendString &OpDef::GetOpType(void) { return impl_->op_type; }
ge::AscendString &OpDef::GetCateGory(void) const { return impl_->category; }
std::vector<ge::AscendString> &OpDef::GetBrief(void) const { return impl_->comments[CommentSection::BRIEF]; }
std::vector<ge::AscendString> &OpDef::GetConstraints(void) const {
  return impl_->comments[CommentSection::CONSTRAINTS];
}
std::vector<ge::AscendString> &OpDef::GetRestrictions(void) const {
  return impl_->comments[CommentSection::RESTRICTIONS];
}
std::vector<ge::AscendString> &OpDef::GetSee(void) const { return impl_->comments[CommentSection::SEE]; }
std::vector<ge::AscendString> &OpDef::GetThirdPartyFwkCopat(void) const {
  return impl_->comments[CommentSection::THIRDPARTYFWKCOMPAT];
}
std::vector<OpParamDef> &OpDef::GetInputs(void) { return impl_->ports.inputs; }
std::vector<OpParamDef> &OpDef::GetOutputs(void) { return impl_->ports.outputs; }
std::vector<OpAttrDef> &OpDef::GetAttrs(void) { return impl_->attrs; }
FormatCheckOption OpDef::GetFormatMatchMode(void) { return impl_->format_mode; }
bool OpDef::IsEnableFallBack(void) { return impl_->fallback; }

void OpDef::FollowImpl(void) { impl_->ports.ResolveFollows(); }
std::map<ge::AscendString, OpDef::PortFollowInfo> OpDef::GetFollowMap(void) { return impl_->ports.where; }
std::map<ge::AscendString, OpParamTrunk::PortRefs> OpDef::GetFollowShapeMap(void) { return impl_->ports.shape_followers; }
std::map<ge::AscendString, OpParamTrunk::PortRefs> OpDef::GetFollowTypeMap(void) { return impl_->ports.dtype_followers; }

OpParamDef OpDef::GetParamDef(const ge::AscendString &name, OpDef::PortStat stat) {
  return impl_->ports.GetParamDef(name, stat);
}
}  // namespace ops
