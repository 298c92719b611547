#include "register/op_def_registry.h"

namespace ops {

// The prototype CANN matches calls against, the same as the built-in NsaCompressGrad (names,
// optionality, order, dtypes and formats): two 16-bit float variants, ND everywhere, the
// sequence list as an optional, value-depend int64 input that tiling reads on the host, and the
// attributes in the vendor's order. Unlike the vendor's, the tensors take views
// (IgnoreContiguous): the tiling reads their strides and the kernel copies through them, as
// NsaCompress does.
class NsaCompressGrad : public OpDef {
public:
    explicit NsaCompressGrad(const char *name) : OpDef(name)
    {
        for (const char *input : {"outputGrad", "input", "weight"}) {
            this->Input(input)
                .ParamType(REQUIRED)
                .DataType({ge::DT_FLOAT16, ge::DT_BF16})
                .Format({ge::FORMAT_ND, ge::FORMAT_ND})
                .UnknownShapeFormat({ge::FORMAT_ND, ge::FORMAT_ND})
                .IgnoreContiguous();
        }
        this->Input("actSeqLenOptional")
            .ParamType(OPTIONAL)
            .DataType({ge::DT_INT64, ge::DT_INT64})
            .Format({ge::FORMAT_ND, ge::FORMAT_ND})
            .ValueDepend(OPTIONAL)
            .UnknownShapeFormat({ge::FORMAT_ND, ge::FORMAT_ND});
        this->Attr("compressBlockSize").AttrType(REQUIRED).Int();
        this->Attr("compressStride").AttrType(REQUIRED).Int();
        this->Attr("actSeqLenType").AttrType(REQUIRED).Int();
        this->Attr("layoutOptional").AttrType(OPTIONAL).String("TND");
        for (const char *output : {"inputGrad", "weightGrad"}) {
            this->Output(output)
                .ParamType(REQUIRED)
                .DataType({ge::DT_FLOAT16, ge::DT_BF16})
                .Format({ge::FORMAT_ND, ge::FORMAT_ND})
                .UnknownShapeFormat({ge::FORMAT_ND, ge::FORMAT_ND})
                .IgnoreContiguous();
        }
        this->AICore().AddConfig("ascend910b");
        this->AICore().AddConfig("ascend910_93");
    }
};

OP_ADD(NsaCompressGrad);

}  // namespace ops
