// NsaCompressGrad's OpDef as CANN itself reads it: the op-info ini that the framework's opbuild
// writes from the OpDef registered through CANN's register/op_def_registry.h, one per SoC the OpDef
// names. The expected entries are the built-in op's prototype, as test_op_def.cpp checks it through
// the simulator's registry. Only on the cann backend: the simulator has no opbuild.
#include <gtest/gtest.h>

#include "op_info_ini.h"

namespace {

const nsa_test::OpInfoEntries kPrototype = {
    {"input0.name", "outputGrad"}, {"input0.paramType", "required"},
    {"input0.dtype", "float16,bfloat16"}, {"input0.format", "ND,ND"},
    {"input1.name", "input"}, {"input1.paramType", "required"},
    {"input1.dtype", "float16,bfloat16"}, {"input1.format", "ND,ND"},
    {"input2.name", "weight"}, {"input2.paramType", "required"},
    {"input2.dtype", "float16,bfloat16"}, {"input2.format", "ND,ND"},
    {"input3.name", "actSeqLenOptional"}, {"input3.paramType", "optional"}, {"input3.valueDepend", "optional"},
    {"input3.dtype", "int64,int64"}, {"input3.format", "ND,ND"},
    {"output0.name", "inputGrad"}, {"output0.paramType", "required"},
    {"output0.dtype", "float16,bfloat16"}, {"output0.format", "ND,ND"},
    {"output1.name", "weightGrad"}, {"output1.paramType", "required"},
    {"output1.dtype", "float16,bfloat16"}, {"output1.format", "ND,ND"},
    {"attr.list", "compressBlockSize,compressStride,actSeqLenType,layoutOptional"},
    {"attr_compressBlockSize.type", "int"}, {"attr_compressBlockSize.paramType", "required"},
    {"attr_compressStride.type", "int"}, {"attr_compressStride.paramType", "required"},
    {"attr_actSeqLenType.type", "int"}, {"attr_actSeqLenType.paramType", "required"},
    {"attr_layoutOptional.type", "str"}, {"attr_layoutOptional.paramType", "optional"},
    {"opFile.value", "nsa_compress_grad"}, {"opInterface.value", "nsa_compress_grad"},
};

TEST(NsaCompressGradOpInfo, EverySocOfTheBuiltInOpGetsItsPrototype)
{
    for (const char *soc : {"ascend910b", "ascend910_93"}) {
        SCOPED_TRACE(soc);
        const nsa_test::OpInfoSection section =
            nsa_test::ReadOpInfoSection(nsa_test::OpInfoPath(soc), "NsaCompressGrad");
        ASSERT_FALSE(section.empty()) << nsa_test::OpInfoPath(soc) << " has no [NsaCompressGrad]";
        nsa_test::ExpectOpInfo(section, kPrototype);
    }
}

}  // namespace
