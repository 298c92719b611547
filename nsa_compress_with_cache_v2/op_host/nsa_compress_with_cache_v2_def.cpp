#include "register/op_def_registry.h"

namespace ops {
namespace {

// Every floating tensor of the op: fp16 or bf16, ND, read or written through its strides.
void FloatParam(OpParamDef &param, Option optionality)
{
    param.ParamType(optionality)
        .DataType({ge::DT_FLOAT16, ge::DT_BF16})
        .Format({ge::FORMAT_ND, ge::FORMAT_ND})
        .UnknownShapeFormat({ge::FORMAT_ND, ge::FORMAT_ND})
        .IgnoreContiguous();
}

void IndexParam(OpParamDef &param, ge::DataType dtype)
{
    param.ParamType(REQUIRED)
        .DataType({dtype, dtype})
        .Format({ge::FORMAT_ND, ge::FORMAT_ND})
        .UnknownShapeFormat({ge::FORMAT_ND, ge::FORMAT_ND});
}

}  // namespace

// The project's own operator type (no built-in counterpart; docs/design.md, "V2"). output_cache
// and value_cache are inputs and the outputs: the op writes the rows its windows name and leaves
// every other row as it is. No input is value-depend: the lengths stay in device memory, so the
// tiling, and the launch, depend on shapes alone and a captured step replays with new lengths.
class NsaCompressWithCacheV2 : public OpDef {
public:
    explicit NsaCompressWithCacheV2(const char *name) : OpDef(name)
    {
        FloatParam(this->Input("input"), REQUIRED);
        FloatParam(this->Input("weight"), REQUIRED);
        FloatParam(this->Input("value_input"), OPTIONAL);
        FloatParam(this->Input("value_weight"), OPTIONAL);
        IndexParam(this->Input("slot_mapping"), ge::DT_INT32);
        IndexParam(this->Input("prev_seq_len"), ge::DT_INT64);
        IndexParam(this->Input("act_seq_len"), ge::DT_INT64);
        IndexParam(this->Input("block_table"), ge::DT_INT32);
        FloatParam(this->Input("output_cache"), REQUIRED);
        FloatParam(this->Input("value_cache"), OPTIONAL);
        FloatParam(this->Output("output_cache"), REQUIRED);
        FloatParam(this->Output("value_cache"), OPTIONAL);
        this->Attr("compress_block_size").Int();
        this->Attr("compress_stride").Int();
        this->Attr("page_block_size").Int();
        this->AICore().AddConfig("ascend910b");
        this->AICore().AddConfig("ascend910_93");
    }
};

OP_ADD(NsaCompressWithCacheV2);

}  // namespace ops
