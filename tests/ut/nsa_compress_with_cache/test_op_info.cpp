// NsaCompressWithCache's OpDef as CANN itself reads it: the op-info ini that the framework's
// opbuild writes from the OpDef registered through CANN's register/op_def_registry.h, one per SoC
// the OpDef names. The expected entries are the built-in op's prototype, as test_op_def.cpp checks
// it through the simulator's registry: output_cache both input 3 and output 0, act_seq_len
// optional and value-depend, layout an optional string defaulting to "TND". Only on the cann
// backend: the simulator has no opbuild.
#include <gtest/gtest.h>

#include "op_info_ini.h"

namespace {

const nsa_test::OpInfoEntries kPrototype = {
    {"input0.name", "input"}, {"input0.paramType", "required"},
    {"input0.dtype", "float16,bfloat16"}, {"input0.format", "ND,ND"},
    {"input1.name", "weight"}, {"input1.paramType", "required"},
    {"input1.dtype", "float16,bfloat16"}, {"input1.format", "ND,ND"},
    {"input2.name", "slot_mapping"}, {"input2.paramType", "required"},
    {"input2.dtype", "int32,int32"}, {"input2.format", "ND,ND"},
    {"input3.name", "output_cache"}, {"input3.paramType", "required"},
    {"input3.dtype", "float16,bfloat16"}, {"input3.format", "ND,ND"},
    {"input4.name", "act_seq_len"}, {"input4.paramType", "optional"}, {"input4.valueDepend", "optional"},
    {"input4.dtype", "int64,int64"}, {"input4.format", "ND,ND"},
    {"input5.name", "block_table"}, {"input5.paramType", "optional"},
    {"input5.dtype", "int32,int32"}, {"input5.format", "ND,ND"},
    {"output0.name", "output_cache"}, {"output0.paramType", "required"},
    {"output0.dtype", "float16,bfloat16"}, {"output0.format", "ND,ND"},
    {"attr.list", "layout,compress_block_size,compress_stride,act_seq_len_type,page_block_size"},
    {"attr_layout.type", "str"}, {"attr_layout.paramType", "optional"}, {"attr_layout.defaultValue", "TND"},
    {"attr_compress_block_size.type", "int"}, {"attr_compress_block_size.paramType", "required"},
    {"attr_compress_stride.type", "int"}, {"attr_compress_stride.paramType", "required"},
    {"attr_act_seq_len_type.type", "int"}, {"attr_act_seq_len_type.paramType", "required"},
    {"attr_page_block_size.type", "int"}, {"attr_page_block_size.paramType", "required"},
    {"opFile.value", "nsa_compress_with_cache"}, {"opInterface.value", "nsa_compress_with_cache"},
};

TEST(NsaCompressWithCacheOpInfo, EverySocOfTheBuiltInOpGetsItsPrototype)
{
    for (const char *soc : {"ascend910b", "ascend910_93"}) {
        SCOPED_TRACE(soc);
        const nsa_test::OpInfoSection section =
            nsa_test::ReadOpInfoSection(nsa_test::OpInfoPath(soc), "NsaCompressWithCache");
        ASSERT_FALSE(section.empty()) << nsa_test::OpInfoPath(soc) << " has no [NsaCompressWithCache]";
        nsa_test::ExpectOpInfo(section, kPrototype);
    }
}

}  // namespace
