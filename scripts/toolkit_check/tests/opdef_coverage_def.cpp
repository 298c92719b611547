// OpDefs that use the parts of the OpDef API the NSA ops do not: list dtypes/formats that
// multiply the columns, Follow, scalars converted with To, ForBinQuery lists, per-SoC AICore
// configs (AddConfig with a config, REGISTER_OP_AICORE_CONFIG), comments, every attribute type,
// CPU engines and MC2 groups. op_build's output for them, with the stand-in registry and with
// CANN's, must be the same (see README.md).
#include "register/op_config_registry.h"
#include "register/op_def_registry.h"

namespace ops {
class CoverageLists : public OpDef {
public:
    explicit CoverageLists(const char *name) : OpDef(name)
    {
        Input("x").ParamType(REQUIRED).DataType({ge::DT_FLOAT16, ge::DT_FLOAT}).Format({ge::FORMAT_ND, ge::FORMAT_NCHW});
        Input("idx").ParamType(OPTIONAL).DataTypeList({ge::DT_INT32, ge::DT_INT64}).FormatList({ge::FORMAT_ND})
            .ValueDepend(REQUIRED, DependScope::TILING);
        Input("bias").ParamType(OPTIONAL).Follow("x");
        Input("alpha").ParamType(REQUIRED).Scalar().To(ge::DT_FLOAT);
        Input("beta").ParamType(OPTIONAL).ScalarList().To("x");
        Input("y").ParamType(DYNAMIC).DataType({ge::DT_BF16, ge::DT_BF16}).Format({ge::FORMAT_ND, ge::FORMAT_ND})
            .DataTypeForBinQuery({ge::DT_FLOAT16, ge::DT_FLOAT16}).AutoContiguous();
        Input("z").ParamType(REQUIRED).DataTypeList({ge::DT_UINT8, ge::DT_INT8});
        Output("out").ParamType(REQUIRED).Follow("x", FollowType::DTYPE).Format({ge::FORMAT_ND, ge::FORMAT_ND})
            .InitValue(uint64_t(0));
        Output("z").ParamType(REQUIRED).Follow("z").OutputShapeDependOnCompute();
        Output("cnt").ParamType(OPTIONAL).DataType({ge::DT_INT64, ge::DT_INT64}).Format({ge::FORMAT_ND, ge::FORMAT_ND})
            .InitValue({ScalarVar(ScalarType::INT64, 1)});
        Attr("b").AttrType(OPTIONAL).Bool(true);
        Attr("f").AttrType(OPTIONAL).Float(0.125f);
        Attr("i").Int();
        Attr("s").AttrType(OPTIONAL).String("abc");
        Attr("lb").AttrType(OPTIONAL).ListBool({true, false});
        Attr("lf").AttrType(OPTIONAL).ListFloat({1.5f, -2.0f});
        Attr("li").AttrType(OPTIONAL).ListInt({1, 2, 3});
        Attr("empty").AttrType(OPTIONAL).ListInt({});
        Comment(CommentSection::BRIEF, "an op for the stand-in's self check");
        Comment(CommentSection::CONSTRAINTS, "none");
        OpAICoreConfig cfg;
        cfg.DynamicCompileStaticFlag(false).DynamicRankSupportFlag(false).ExtendCfgInfo("opFile.value", "coverage_x")
            .ExtendCfgInfo("jitCompile.flag", "static_false");
        cfg.Input("x").ParamType(REQUIRED).DataType({ge::DT_FLOAT, ge::DT_FLOAT16}).Format({ge::FORMAT_ND, ge::FORMAT_ND});
        cfg.Output("extra").ParamType(OPTIONAL).DataType({ge::DT_INT32, ge::DT_INT32}).Format({ge::FORMAT_ND, ge::FORMAT_ND});
        AICore().AddConfig("ascend910b", cfg);
        AICore().AddConfig("ascend910_93");
        AICore().AddConfig("ascend910_93");
        FormatMatchMode(FormatCheckOption::STRICT);
    }
};
OP_ADD(CoverageLists);

class CoverageEngines : public OpDef {
public:
    explicit CoverageEngines(const char *name) : OpDef(name)
    {
        Input("a").DataType({ge::DT_INT32}).Format({ge::FORMAT_ND}).IgnoreContiguous();
        Output("b").DataType({ge::DT_INT32}).Format({ge::FORMAT_ND}).Comment("the result");
        Attr("group").AttrType(REQUIRED).String().Comment("the group");
        Attr("group2").AttrType(OPTIONAL).String("g2");
        AICPU().Engine("DNN_VM_AICPU").FlagAsync(true).ExtendCfgInfo("opInfo.subTypeOfInferShape", "1");
        MC2().HcclGroup("group");
        MC2().HcclGroup({"group", "group2"});
        MC2().HcclServerType(HcclServerType::AICORE, "ascend910_93");
        AICore().LaunchWithZeroEleOutputTensors(true);
        EnableFallBack();
    }
};
OP_ADD(CoverageEngines);

static OpAICoreConfig CoverageEngines910b()
{
    OpAICoreConfig cfg("ascend910b");
    cfg.Input("a").DataType({ge::DT_INT32, ge::DT_INT64}).Format({ge::FORMAT_ND, ge::FORMAT_ND});
    cfg.Output("b").DataType({ge::DT_INT32, ge::DT_INT64}).Format({ge::FORMAT_ND, ge::FORMAT_ND});
    cfg.PrecisionReduceFlag(false).NeedCheckSupportFlag(true);
    return cfg;
}
REGISTER_OP_AICORE_CONFIG(CoverageEngines, ascend910b, CoverageEngines910b);
}  // namespace ops
