#include "register/op_def_registry.h"

namespace ops {

// The prototype CANN matches calls against, the same as the built-in NsaCompress (names,
// optionality, order, dtypes and formats), so this package can stand in for it: two 16-bit float
// variants, ND everywhere, and the sequence list as an optional, value-depend int64 input that
// tiling reads on the host (layout TND requires it; the aclnn layer says so). Input, weight and
// output also take views: the tiling reads their strides and the kernel copies through them.
class NsaCompress : public OpDef {
public:
    explicit NsaCompress(const char *name) : OpDef(name)
    {
        this->Input("input")
            .ParamType(REQUIRED)
            .DataType({ge::DT_FLOAT16, ge::DT_BF16})
            .Format({ge::FORMAT_ND, ge::FORMAT_ND})
            .UnknownShapeFormat({ge::FORMAT_ND, ge::FORMAT_ND})
            .IgnoreContiguous();
        this->Input("weight")
            .ParamType(REQUIRED)
            .DataType({ge::DT_FLOAT16, ge::DT_BF16})
            .Format({ge::FORMAT_ND, ge::FORMAT_ND})
            .UnknownShapeFormat({ge::FORMAT_ND, ge::FORMAT_ND})
            .IgnoreContiguous();
        this->Input("actSeqLenOptional")
            .ParamType(OPTIONAL)
            .DataType({ge::DT_INT64, ge::DT_INT64})
            .Format({ge::FORMAT_ND, ge::FORMAT_ND})
            .ValueDepend(OPTIONAL)
            .UnknownShapeFormat({ge::FORMAT_ND, ge::FORMAT_ND});
        this->Output("output")
            .ParamType(REQUIRED)
            .DataType({ge::DT_FLOAT16, ge::DT_BF16})
            .Format({ge::FORMAT_ND, ge::FORMAT_ND})
            .UnknownShapeFormat({ge::FORMAT_ND, ge::FORMAT_ND})
            .IgnoreContiguous();
        this->Attr("layoutOptional").AttrType(OPTIONAL).String("TND");
        this->Attr("compressBlockSize").Int();
        this->Attr("compressStride").Int();
        this->Attr("actSeqLenType").Int();
        this->AICore().AddConfig("ascend910b");
        this->AICore().AddConfig("ascend910_93");
    }
};

OP_ADD(NsaCompress);

}  // namespace ops
