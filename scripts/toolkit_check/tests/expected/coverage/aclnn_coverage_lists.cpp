#include <string.h>
#include <string>
#include <vector>
#include "base/err_msg.h"
#include "graph/types.h"
#include "aclnn_coverage_lists.h"

#ifdef ACLNN_WITH_BINARY
#include <vector>
#include <tuple>
#include <map>
#include "graph/ascend_string.h"
#include "CoverageLists_op_resource.h"
using OP_HOST_FUNC_HANDLE = std::vector<void *>;
using OP_RES = std::tuple<const uint8_t *, const uint8_t *>;
using OP_BINARY_RES = std::vector<OP_RES>;
using OP_RUNTIME_KB_RES = std::vector<OP_RES>;
using OP_RESOURCES = std::map<ge::AscendString,
    std::tuple<OP_HOST_FUNC_HANDLE, OP_BINARY_RES, OP_RUNTIME_KB_RES>>;
using OP_SOC_RESOURCES = std::map<ge::AscendString, std::tuple<OP_HOST_FUNC_HANDLE,
    std::map<ge::AscendString, OP_BINARY_RES>, OP_RUNTIME_KB_RES>>;
namespace op {
extern uint32_t GenOpTypeId(const char *op_name, const OP_RESOURCES &op_resources);
extern uint32_t GenOpTypeId(const char *op_name, const OP_SOC_RESOURCES &op_resources);
}
#endif

namespace {
typedef struct {
    uint32_t id;
    const char *funcName;
    bool hasReg;
} NnopbaseDfxId;
typedef struct {
    ge::DataType dtype;
    ge::Format format;
} TensorDesc;
typedef struct {
    TensorDesc *inputsDesc;
    size_t inputsNum;
    TensorDesc *outputsDesc;
    size_t outputsNum;
} SupportInfo;
typedef struct {
    SupportInfo *supportInfo;
    size_t num;
} OpSocSupportInfo;
typedef struct {
    OpSocSupportInfo *socSupportInfo;
    size_t num;
} OpSupportList;
enum SocType {
    SOC_VERSION_ASCEND910A = 1,
    SOC_VERSION_ASCEND910B = 2,
    SOC_VERSION_ASCEND910_93 = 3,
    SOC_VERSION_ASCEND950 = 4,
    SOC_VERSION_ASCEND310P = 5,
    SOC_VERSION_ASCEND310B = 6,
    SOC_VERSION_BS9SX1A = 7,
    SOC_VERSION_ASCEND610Lite = 8,
    SOC_VERSION_MC61AM21A = 10, // 9 is deprecated
    SOC_VERSION_MC62CM12A = 11,
    SOC_VERSION_BS9SX2A = 12,
    SOC_VERSION_ASCEND910_96 = 13,
    SOC_VERSION_KIRINX90 = 14,
    SOC_VERSION_KIRIN9030 = 15,
    SOC_VERSION_ASCEND350 = 16,
    SOC_VERSION_INVALID = 99
};
enum NnopbaseAttrDtype {
    kNnopbaseBool = 0U,
    kNnopbaseFloat,
    kNnopbaseInt,
    kNnopbaseString,
    kNnopbaseAttrEnd
};
uint32_t socSupportList[] = {SOC_VERSION_ASCEND910_93,SOC_VERSION_ASCEND910B};
uint32_t socSupportListLen = 2;

static const char *socNameList[] = {"ascend910_93", "ascend910b"};
static const size_t socNameListLen = 2;
TensorDesc inputDesc0_0[7] =
    {{ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_INT32, ge::FORMAT_ND},
     {ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_BF16, ge::FORMAT_ND},
     {ge::DT_UINT8, ge::FORMAT_ND}};
TensorDesc inputDesc0_1[7] =
    {{ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_INT32, ge::FORMAT_ND},
     {ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_BF16, ge::FORMAT_ND},
     {ge::DT_INT8, ge::FORMAT_ND}};
TensorDesc inputDesc0_2[7] =
    {{ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND},
     {ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_BF16, ge::FORMAT_ND},
     {ge::DT_UINT8, ge::FORMAT_ND}};
TensorDesc inputDesc0_3[7] =
    {{ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND},
     {ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_BF16, ge::FORMAT_ND},
     {ge::DT_INT8, ge::FORMAT_ND}};
TensorDesc inputDesc0_4[7] =
    {{ge::DT_FLOAT, ge::FORMAT_NCHW},
     {ge::DT_INT32, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_NCHW},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_BF16, ge::FORMAT_ND},
     {ge::DT_UINT8, ge::FORMAT_ND}};
TensorDesc inputDesc0_5[7] =
    {{ge::DT_FLOAT, ge::FORMAT_NCHW},
     {ge::DT_INT32, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_NCHW},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_BF16, ge::FORMAT_ND},
     {ge::DT_INT8, ge::FORMAT_ND}};
TensorDesc inputDesc0_6[7] =
    {{ge::DT_FLOAT, ge::FORMAT_NCHW},
     {ge::DT_INT64, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_NCHW},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_BF16, ge::FORMAT_ND},
     {ge::DT_UINT8, ge::FORMAT_ND}};
TensorDesc inputDesc0_7[7] =
    {{ge::DT_FLOAT, ge::FORMAT_NCHW},
     {ge::DT_INT64, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_NCHW},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_BF16, ge::FORMAT_ND},
     {ge::DT_INT8, ge::FORMAT_ND}};
TensorDesc outputDesc0_0[3] =
    {{ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_UINT8, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND}};
TensorDesc outputDesc0_1[3] =
    {{ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_INT8, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND}};
TensorDesc outputDesc0_2[3] =
    {{ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_UINT8, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND}};
TensorDesc outputDesc0_3[3] =
    {{ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_INT8, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND}};
TensorDesc outputDesc0_4[3] =
    {{ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_UINT8, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND}};
TensorDesc outputDesc0_5[3] =
    {{ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_INT8, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND}};
TensorDesc outputDesc0_6[3] =
    {{ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_UINT8, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND}};
TensorDesc outputDesc0_7[3] =
    {{ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_INT8, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND}};
SupportInfo list0_0 = {inputDesc0_0, 7, outputDesc0_0, 3};
SupportInfo list0_1 = {inputDesc0_1, 7, outputDesc0_1, 3};
SupportInfo list0_2 = {inputDesc0_2, 7, outputDesc0_2, 3};
SupportInfo list0_3 = {inputDesc0_3, 7, outputDesc0_3, 3};
SupportInfo list0_4 = {inputDesc0_4, 7, outputDesc0_4, 3};
SupportInfo list0_5 = {inputDesc0_5, 7, outputDesc0_5, 3};
SupportInfo list0_6 = {inputDesc0_6, 7, outputDesc0_6, 3};
SupportInfo list0_7 = {inputDesc0_7, 7, outputDesc0_7, 3};
SupportInfo supportInfo0[8] = {list0_0, list0_1, list0_2, list0_3, list0_4, list0_5, list0_6, list0_7};
OpSocSupportInfo socSupportInfo0= {supportInfo0, 8};

TensorDesc inputDesc1_0[7] =
    {{ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_INT32, ge::FORMAT_ND},
     {ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_BF16, ge::FORMAT_ND},
     {ge::DT_UINT8, ge::FORMAT_ND}};
TensorDesc inputDesc1_1[7] =
    {{ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_INT32, ge::FORMAT_ND},
     {ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_BF16, ge::FORMAT_ND},
     {ge::DT_INT8, ge::FORMAT_ND}};
TensorDesc inputDesc1_2[7] =
    {{ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND},
     {ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_BF16, ge::FORMAT_ND},
     {ge::DT_UINT8, ge::FORMAT_ND}};
TensorDesc inputDesc1_3[7] =
    {{ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND},
     {ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_BF16, ge::FORMAT_ND},
     {ge::DT_INT8, ge::FORMAT_ND}};
TensorDesc inputDesc1_4[7] =
    {{ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_INT32, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_NCHW},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_BF16, ge::FORMAT_ND},
     {ge::DT_UINT8, ge::FORMAT_ND}};
TensorDesc inputDesc1_5[7] =
    {{ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_INT32, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_NCHW},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_BF16, ge::FORMAT_ND},
     {ge::DT_INT8, ge::FORMAT_ND}};
TensorDesc inputDesc1_6[7] =
    {{ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_NCHW},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_BF16, ge::FORMAT_ND},
     {ge::DT_UINT8, ge::FORMAT_ND}};
TensorDesc inputDesc1_7[7] =
    {{ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND},
     {ge::DT_FLOAT, ge::FORMAT_NCHW},
     {ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_BF16, ge::FORMAT_ND},
     {ge::DT_INT8, ge::FORMAT_ND}};
TensorDesc outputDesc1_0[4] =
    {{ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_UINT8, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND},
     {ge::DT_INT32, ge::FORMAT_ND}};
TensorDesc outputDesc1_1[4] =
    {{ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_INT8, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND},
     {ge::DT_INT32, ge::FORMAT_ND}};
TensorDesc outputDesc1_2[4] =
    {{ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_UINT8, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND},
     {ge::DT_INT32, ge::FORMAT_ND}};
TensorDesc outputDesc1_3[4] =
    {{ge::DT_FLOAT16, ge::FORMAT_ND},
     {ge::DT_INT8, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND},
     {ge::DT_INT32, ge::FORMAT_ND}};
TensorDesc outputDesc1_4[4] =
    {{ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_UINT8, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND},
     {ge::DT_INT32, ge::FORMAT_ND}};
TensorDesc outputDesc1_5[4] =
    {{ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_INT8, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND},
     {ge::DT_INT32, ge::FORMAT_ND}};
TensorDesc outputDesc1_6[4] =
    {{ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_UINT8, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND},
     {ge::DT_INT32, ge::FORMAT_ND}};
TensorDesc outputDesc1_7[4] =
    {{ge::DT_FLOAT, ge::FORMAT_ND},
     {ge::DT_INT8, ge::FORMAT_ND},
     {ge::DT_INT64, ge::FORMAT_ND},
     {ge::DT_INT32, ge::FORMAT_ND}};
SupportInfo list1_0 = {inputDesc1_0, 7, outputDesc1_0, 4};
SupportInfo list1_1 = {inputDesc1_1, 7, outputDesc1_1, 4};
SupportInfo list1_2 = {inputDesc1_2, 7, outputDesc1_2, 4};
SupportInfo list1_3 = {inputDesc1_3, 7, outputDesc1_3, 4};
SupportInfo list1_4 = {inputDesc1_4, 7, outputDesc1_4, 4};
SupportInfo list1_5 = {inputDesc1_5, 7, outputDesc1_5, 4};
SupportInfo list1_6 = {inputDesc1_6, 7, outputDesc1_6, 4};
SupportInfo list1_7 = {inputDesc1_7, 7, outputDesc1_7, 4};
SupportInfo supportInfo1[8] = {list1_0, list1_1, list1_2, list1_3, list1_4, list1_5, list1_6, list1_7};
OpSocSupportInfo socSupportInfo1= {supportInfo1, 8};

OpSocSupportInfo opSocSupportList[2] = {socSupportInfo0, socSupportInfo1};
OpSupportList supportList = {opSocSupportList, 2};

[[maybe_unused]] uint32_t NNOPBASE_CoverageLists = 0U;
} // namespace

extern void NnopbaseOpLogE(const aclnnStatus code, const char *const expr);

#ifdef __cplusplus
extern "C" {
#endif

extern aclnnStatus NnopbaseCreateExecutorSpace(void **space);
extern void *NnopbaseGetExecutor(void *space, const char *opType, char *inputsDesc, uint32_t inputNum,
                                 char *outputsDesc, uint32_t outputNum, char *attrsDesc, uint32_t attrsNum);
extern aclnnStatus NnopbaseAddInput(void *executor, const aclTensor *tensor, const uint32_t index);
extern aclnnStatus NnopbaseAddIgnoreContinuesInput(void *executor,
                                                   const aclTensor *tensor, const uint32_t index);
extern aclnnStatus NnopbaseAddIntArrayInput(void *executor, const aclIntArray *array, const uint32_t index);
extern aclnnStatus NnopbaseAddBoolArrayInput(void *executor, const aclBoolArray *array, const uint32_t index);
extern aclnnStatus NnopbaseAddFloatArrayInput(void *executor, const aclFloatArray *array, const uint32_t index);
extern aclnnStatus NnopbaseAddOutput(void *executor, const aclTensor *tensor, const uint32_t index);
extern aclnnStatus NnopbaseAddDynamicInput(void *executor, const aclTensorList *tensor_list, const uint32_t index);
extern aclnnStatus __attribute__((weak)) NnopbaseAddIgnoreContiguousDynamicInput(void *executor, const aclTensorList *tensor_list, const uint32_t index);
extern aclnnStatus NnopbaseAddDynamicOutput(void *executor, const aclTensorList *tensor_list, const uint32_t index);
extern aclnnStatus NnopbaseAddAttrWithDtype(void *executor, void *attrAddr, size_t attrLen, const size_t index, const NnopbaseAttrDtype dtype);
extern aclnnStatus NnopbaseAddIntArrayAttr(void *executor, const aclIntArray* array, const size_t index);
extern aclnnStatus NnopbaseAddFloatArrayAttr(void *executor, const aclFloatArray* array, const size_t index);
extern aclnnStatus NnopbaseAddBoolArrayAttr(void *executor, const aclBoolArray* array, const size_t index);
extern aclnnStatus NnopbaseAddArrayAttrWithDtype(void *executor, void *array, const size_t len, const size_t elementSize, const size_t index, const NnopbaseAttrDtype dtype);
extern uint64_t NnopbaseMsprofSysTime();
extern const char* __attribute__((weak)) NnopbaseGetSocName();
extern aclnnStatus NnopbaseAddTilingId(void *executor, NnopbaseDfxId *tilingId);
extern void NnopbaseReportApiInfo(const uint64_t beginTime, NnopbaseDfxId &dfxId);
extern aclnnStatus NnopbaseRunForWorkspace(void *executor, uint64_t *workspaceLen);
extern aclnnStatus NnopbaseRunWithWorkspace(void *executor, aclrtStream stream, void *workspace, uint64_t workspaceSize);
extern aclnnStatus NnopbaseAddSupportList(void *executor, OpSupportList *list, uint32_t *socSupportList, size_t socSupportListLen);
extern aclnnStatus __attribute__((weak)) NnopbaseAddSocNameList(void *executor, OpSupportList *list, const char * const *socNameList, size_t socNameListLen);
extern aclnnStatus NnopbaseAddScalarInput(void *executor, const aclScalar *scalar, const uint32_t index, const int32_t srcIndex, const ge::DataType dtype);
extern aclnnStatus NnopbaseAddScalarListInput(void *executor, const aclScalarList *scalarList, const uint32_t index, const int32_t srcIndex, const ge::DataType dtype);
extern void NnopbaseAddOpTypeId(void *executor, const uint32_t opTypeId);
extern aclnnStatus __attribute__((weak)) NnopbaseAddParamName(void *executor, const uint32_t index, const char *name, const bool isInput);
extern aclnnStatus __attribute__((weak)) NnopbaseSetFormatMatchMode(void *executor, const uint32_t mode);
extern aclnnStatus NnopbaseSetRef(void *executor, const size_t inputIrIdx, const size_t outputIrIdx);
extern void __attribute__((weak)) NnopbaseSetMatchArgsFlag(void *executor);
extern bool __attribute__((weak)) NnopbaseMatchArgs(void *executor, uint64_t *workspaceLen);
extern void __attribute__((weak)) NnopbaseSetParamCheckMode(void *executor, const uint32_t mode);
extern aclnnStatus NnopbaseGetUnContiguousTensors(void *executor, const aclTensorList **inTensors);
extern aclnnStatus NnopbaseSetUnContExecutor(void *executor, aclOpExecutor *inExe, const size_t inWsSize);
extern aclnnStatus NnopbaseGetUnContExecutor(void *executor, aclOpExecutor **inExe, size_t *inWsSize);
extern aclnnStatus NnopbaseGetRefUnContiguousTensors(void *executor, const aclTensorList **unContTensors, const aclTensorList **contTensors);
extern aclnnStatus NnopbaseSetViewCopyExecutor(void *executor, aclOpExecutor *exe);
extern aclnnStatus NnopbaseGetViewCopyExecutor(void *executor, aclOpExecutor **exe);
extern aclnnStatus NnopbaseReleaseRefContiguousTensors(void *executor, const aclTensorList **tensors);
extern void *NnopbaseGetApiFunc(const char *funcName);
using AclnnContiguousGetWorkspaceSizeFunc = aclnnStatus (*)(const aclTensorList *, uint64_t *, aclOpExecutor **);
using AclnnViewCopyGetWorkspaceSizeFunc = aclnnStatus (*)(const aclTensorList *, const aclTensorList *, uint64_t *, aclOpExecutor **);
using AclnnFunc = aclnnStatus (*)(void *, uint64_t, aclOpExecutor *, aclrtStream);
extern aclnnStatus __attribute__((weak)) NnopbaseAddOutputShapeDependTensor(void *executor, aclTensor *tensor, const uint32_t index);

#define ACLNN_SUCCESS  0
#define ACLNN_ERR_PARAM_NULLPTR 161001
#define ACLNN_ERR_PARAM_INVALID 161002
#define NNOPBASE_INVALID_ARGUMENT "EZ1010"

#define NNOPBASE_ASSERT_OK_RETVAL(v)                                    \
    do {                                                                \
        const aclnnStatus _chk_stutus = (v);                            \
        if (_chk_stutus != ACLNN_SUCCESS) {                             \
            NnopbaseOpLogE(_chk_stutus, #v);                            \
            return _chk_stutus;                                         \
        }                                                               \
    } while (false)

#define NNOPBASE_ASSERT_NOTNULL_RETVAL(v)                               \
    do {                                                                \
        if ((v) == nullptr) {                                           \
            NnopbaseOpLogE(ACLNN_ERR_PARAM_NULLPTR, #v " != nullptr");  \
            return ACLNN_ERR_PARAM_NULLPTR;                             \
        }                                                               \
    } while (false)

aclnnStatus aclnnCoverageListsGetWorkspaceSize(
    aclTensor *x,
    const aclIntArray *idxOptional,
    aclTensor *biasOptional,
    const aclScalar *alpha,
    const aclScalarList *betaOptional,
    const aclTensorList *y,
    aclTensor *zRef,
    bool b,
    double f,
    int64_t i,
    char *sOptional,
    const aclBoolArray *lbOptional,
    const aclFloatArray *lfOptional,
    const aclIntArray *liOptional,
    const aclIntArray *emptyOptional,
    aclTensor *outOut,
    aclTensor *cntOutOptional,
    uint64_t *workspaceSize,
    aclOpExecutor **executor)
{
    uint64_t timeStamp = NnopbaseMsprofSysTime();
#ifdef ACLNN_WITH_BINARY
    static uint32_t CoverageListsOpTypeId = op::GenOpTypeId("CoverageLists", CoverageLists_RESOURCES);
#endif
    static NnopbaseDfxId dfxId = {0x60000, __func__, false};
    static NnopbaseDfxId tilingId = {0x60000, "aclnnCoverageListsTiling", false};
    void *nnopExecutor;
    static void *executorSpace = NULL;
    const char *opType = "CoverageLists";
    char inputDesc[] = {1, 0, 0, 1, 0, 2, 1};
    char outputDesc[] = {1, 1, 0};
    char attrDesc[] = {0, 0, 1, 0, 0, 0, 0, 0};

    NNOPBASE_ASSERT_NOTNULL_RETVAL(x);
    NNOPBASE_ASSERT_NOTNULL_RETVAL(alpha);
    NNOPBASE_ASSERT_NOTNULL_RETVAL(y);
    NNOPBASE_ASSERT_NOTNULL_RETVAL(zRef);
    NNOPBASE_ASSERT_NOTNULL_RETVAL(outOut);

    if (!executorSpace) {
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseCreateExecutorSpace(&executorSpace));
    }
    nnopExecutor = NnopbaseGetExecutor(executorSpace, opType, inputDesc, sizeof(inputDesc) / sizeof(char), outputDesc,
                                       sizeof(outputDesc) / sizeof(char), attrDesc, sizeof(attrDesc) / sizeof(char));
    NNOPBASE_ASSERT_NOTNULL_RETVAL(nnopExecutor);
    NNOPBASE_ASSERT_NOTNULL_RETVAL(executor);
    *executor = reinterpret_cast<aclOpExecutor *>(nnopExecutor);
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddTilingId(*executor, &tilingId));
    if (NnopbaseSetMatchArgsFlag != NULL) {
        NnopbaseSetMatchArgsFlag(*executor);
    }
#ifdef ACLNN_WITH_BINARY
    NnopbaseAddOpTypeId(*executor, CoverageListsOpTypeId);
#endif
    if (NnopbaseSetFormatMatchMode != NULL) {
        NnopbaseSetFormatMatchMode(*executor, 1);
    }
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseSetRef(*executor, 6, 1));
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddInput(*executor, x, 0));
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddIntArrayInput(*executor, idxOptional, 1));
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddInput(*executor, biasOptional, 2));
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddScalarInput(*executor, alpha, 3, -1, ge::DT_FLOAT));
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddScalarListInput(*executor, betaOptional, 4, 0, ge::DT_UNDEFINED));
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddDynamicInput(*executor, y, 5));
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddInput(*executor, zRef, 6));
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddAttrWithDtype(*executor, static_cast<void*>(&b), sizeof(bool), 0, kNnopbaseBool));
    float tmp1 = static_cast<float>(f);
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddAttrWithDtype(*executor, static_cast<void*>(&tmp1), sizeof(float), 1, kNnopbaseFloat));
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddAttrWithDtype(*executor, static_cast<void*>(&i), sizeof(int64_t), 2, kNnopbaseInt));
    if (sOptional) {
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddAttrWithDtype(*executor, static_cast<void*>(sOptional), strlen(sOptional) + 1, 3, kNnopbaseString));
    } else {
        static char *sOptionalDef = "abc";
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddAttrWithDtype(*executor, static_cast<void*>(sOptionalDef), strlen(sOptionalDef) + 1, 3, kNnopbaseString));
    }
    if (lbOptional) {
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddBoolArrayAttr(*executor, lbOptional, 4));
    } else {
        static bool lbOptionalDef[] = {true, false};
        static size_t lbOptionalLen = 2;
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddArrayAttrWithDtype(*executor, static_cast<void*>(lbOptionalDef), lbOptionalLen, sizeof(bool), 4, kNnopbaseBool));
    }
    if (lfOptional) {
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddFloatArrayAttr(*executor, lfOptional, 5));
    } else {
        static float lfOptionalDef[] = {1.5, -2};
        static size_t lfOptionalLen = 2;
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddArrayAttrWithDtype(*executor, static_cast<void*>(lfOptionalDef), lfOptionalLen, sizeof(float), 5, kNnopbaseFloat));
    }
    if (liOptional) {
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddIntArrayAttr(*executor, liOptional, 6));
    } else {
        static int64_t liOptionalDef[] = {1, 2, 3};
        static size_t liOptionalLen = 3;
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddArrayAttrWithDtype(*executor, static_cast<void*>(liOptionalDef), liOptionalLen, sizeof(int64_t), 6, kNnopbaseInt));
    }
    if (emptyOptional) {
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddIntArrayAttr(*executor, emptyOptional, 7));
    } else {
        static int64_t emptyOptionalDef[] = {};
        static size_t emptyOptionalLen = 1;
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddArrayAttrWithDtype(*executor, static_cast<void*>(emptyOptionalDef), emptyOptionalLen, sizeof(int64_t), 7, kNnopbaseInt));
    }
    if (NnopbaseAddOutputShapeDependTensor != NULL) {
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddOutput(*executor, outOut, 0));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddOutputShapeDependTensor(*executor, zRef, 1));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddOutput(*executor, cntOutOptional, 2));
    }
    if (NnopbaseMatchArgs != NULL) {
        if (NnopbaseMatchArgs(*executor, workspaceSize)) {
            NnopbaseReportApiInfo(timeStamp, dfxId);
            return ACLNN_SUCCESS;
        }
    }
    if (NnopbaseAddParamName != NULL) {
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddParamName(*executor, 0, "x", true));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddParamName(*executor, 1, "idxOptional", true));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddParamName(*executor, 2, "biasOptional", true));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddParamName(*executor, 3, "alpha", true));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddParamName(*executor, 4, "betaOptional", true));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddParamName(*executor, 5, "y", true));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddParamName(*executor, 6, "zRef", true));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddParamName(*executor, 0, "outOut", false));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddParamName(*executor, 1, "zRef", false));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddParamName(*executor, 2, "cntOutOptional", false));
    }
    if (NnopbaseAddSocNameList != NULL) {
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddSocNameList(*executor, &supportList, socNameList, socNameListLen));
    } else {
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddSupportList(*executor, &supportList, socSupportList, socSupportListLen));
    }

    uint64_t inContWorkspaceSize = 0U;
    const aclTensorList *inUnContTensors = nullptr;
    NnopbaseGetUnContiguousTensors(*executor, &inUnContTensors);
    aclOpExecutor *aclInExecutor = nullptr;
    if (inUnContTensors != nullptr) {
        static AclnnContiguousGetWorkspaceSizeFunc aclnnContiguousGetWorkspaceSize = (AclnnContiguousGetWorkspaceSizeFunc)NnopbaseGetApiFunc("aclnnContiguousGetWorkspaceSize");
        NNOPBASE_ASSERT_NOTNULL_RETVAL(aclnnContiguousGetWorkspaceSize);
        NNOPBASE_ASSERT_OK_RETVAL(aclnnContiguousGetWorkspaceSize(inUnContTensors, &inContWorkspaceSize, &aclInExecutor));
    }
    NnopbaseSetUnContExecutor(*executor, aclInExecutor, inContWorkspaceSize);

    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseRunForWorkspace(*executor, workspaceSize));

    aclOpExecutor *viewcopyExecutor = nullptr;
    uint64_t viewcopyWsSize = 0U;
    if (inUnContTensors != nullptr) {
        const aclTensorList *unContTensors = nullptr;
        const aclTensorList *contTensors = nullptr;
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseGetRefUnContiguousTensors(*executor, &unContTensors, &contTensors));
        if (unContTensors != nullptr) {
            static AclnnViewCopyGetWorkspaceSizeFunc aclnnViewCopyGetWorkspaceSize = (AclnnViewCopyGetWorkspaceSizeFunc)NnopbaseGetApiFunc("aclnnViewCopyGetWorkspaceSize");
            NNOPBASE_ASSERT_NOTNULL_RETVAL(aclnnViewCopyGetWorkspaceSize);
            NNOPBASE_ASSERT_OK_RETVAL(aclnnViewCopyGetWorkspaceSize(contTensors, unContTensors, &viewcopyWsSize, &viewcopyExecutor));
            NNOPBASE_ASSERT_OK_RETVAL(NnopbaseSetViewCopyExecutor(*executor, viewcopyExecutor));
        }
    }
    if (viewcopyWsSize > *workspaceSize) {
        *workspaceSize = viewcopyWsSize;
    }
    *workspaceSize += inContWorkspaceSize;
    NnopbaseReportApiInfo(timeStamp, dfxId);
    return ACLNN_SUCCESS;
}

aclnnStatus aclnnCoverageListsTensorGetWorkspaceSize(
    aclTensor *x,
    aclTensor *idxOptional,
    aclTensor *biasOptional,
    const aclScalar *alpha,
    const aclScalarList *betaOptional,
    const aclTensorList *y,
    aclTensor *zRef,
    bool b,
    double f,
    int64_t i,
    char *sOptional,
    const aclBoolArray *lbOptional,
    const aclFloatArray *lfOptional,
    const aclIntArray *liOptional,
    const aclIntArray *emptyOptional,
    aclTensor *outOut,
    aclTensor *cntOutOptional,
    uint64_t *workspaceSize,
    aclOpExecutor **executor)
{
    uint64_t timeStamp = NnopbaseMsprofSysTime();
#ifdef ACLNN_WITH_BINARY
    static uint32_t CoverageListsOpTypeId = op::GenOpTypeId("CoverageLists", CoverageLists_RESOURCES);
#endif
    static NnopbaseDfxId dfxId = {0x60000, __func__, false};
    static NnopbaseDfxId tilingId = {0x60000, "aclnnCoverageListsTiling", false};
    void *nnopExecutor;
    static void *executorSpace = NULL;
    const char *opType = "CoverageLists";
    char inputDesc[] = {1, 0, 0, 1, 0, 2, 1};
    char outputDesc[] = {1, 1, 0};
    char attrDesc[] = {0, 0, 1, 0, 0, 0, 0, 0};

    NNOPBASE_ASSERT_NOTNULL_RETVAL(x);
    NNOPBASE_ASSERT_NOTNULL_RETVAL(alpha);
    NNOPBASE_ASSERT_NOTNULL_RETVAL(y);
    NNOPBASE_ASSERT_NOTNULL_RETVAL(zRef);
    NNOPBASE_ASSERT_NOTNULL_RETVAL(outOut);

    if (!executorSpace) {
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseCreateExecutorSpace(&executorSpace));
    }
    nnopExecutor = NnopbaseGetExecutor(executorSpace, opType, inputDesc, sizeof(inputDesc) / sizeof(char), outputDesc,
                                       sizeof(outputDesc) / sizeof(char), attrDesc, sizeof(attrDesc) / sizeof(char));
    NNOPBASE_ASSERT_NOTNULL_RETVAL(nnopExecutor);
    NNOPBASE_ASSERT_NOTNULL_RETVAL(executor);
    *executor = reinterpret_cast<aclOpExecutor *>(nnopExecutor);
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddTilingId(*executor, &tilingId));
    if (NnopbaseSetMatchArgsFlag != NULL) {
        NnopbaseSetMatchArgsFlag(*executor);
    }
#ifdef ACLNN_WITH_BINARY
    NnopbaseAddOpTypeId(*executor, CoverageListsOpTypeId);
#endif
    if (NnopbaseSetFormatMatchMode != NULL) {
        NnopbaseSetFormatMatchMode(*executor, 1);
    }
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseSetRef(*executor, 6, 1));
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddInput(*executor, x, 0));
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddInput(*executor, idxOptional, 1));
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddInput(*executor, biasOptional, 2));
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddScalarInput(*executor, alpha, 3, -1, ge::DT_FLOAT));
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddScalarListInput(*executor, betaOptional, 4, 0, ge::DT_UNDEFINED));
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddDynamicInput(*executor, y, 5));
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddInput(*executor, zRef, 6));
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddAttrWithDtype(*executor, static_cast<void*>(&b), sizeof(bool), 0, kNnopbaseBool));
    float tmp1 = static_cast<float>(f);
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddAttrWithDtype(*executor, static_cast<void*>(&tmp1), sizeof(float), 1, kNnopbaseFloat));
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddAttrWithDtype(*executor, static_cast<void*>(&i), sizeof(int64_t), 2, kNnopbaseInt));
    if (sOptional) {
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddAttrWithDtype(*executor, static_cast<void*>(sOptional), strlen(sOptional) + 1, 3, kNnopbaseString));
    } else {
        static char *sOptionalDef = "abc";
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddAttrWithDtype(*executor, static_cast<void*>(sOptionalDef), strlen(sOptionalDef) + 1, 3, kNnopbaseString));
    }
    if (lbOptional) {
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddBoolArrayAttr(*executor, lbOptional, 4));
    } else {
        static bool lbOptionalDef[] = {true, false};
        static size_t lbOptionalLen = 2;
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddArrayAttrWithDtype(*executor, static_cast<void*>(lbOptionalDef), lbOptionalLen, sizeof(bool), 4, kNnopbaseBool));
    }
    if (lfOptional) {
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddFloatArrayAttr(*executor, lfOptional, 5));
    } else {
        static float lfOptionalDef[] = {1.5, -2};
        static size_t lfOptionalLen = 2;
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddArrayAttrWithDtype(*executor, static_cast<void*>(lfOptionalDef), lfOptionalLen, sizeof(float), 5, kNnopbaseFloat));
    }
    if (liOptional) {
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddIntArrayAttr(*executor, liOptional, 6));
    } else {
        static int64_t liOptionalDef[] = {1, 2, 3};
        static size_t liOptionalLen = 3;
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddArrayAttrWithDtype(*executor, static_cast<void*>(liOptionalDef), liOptionalLen, sizeof(int64_t), 6, kNnopbaseInt));
    }
    if (emptyOptional) {
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddIntArrayAttr(*executor, emptyOptional, 7));
    } else {
        static int64_t emptyOptionalDef[] = {};
        static size_t emptyOptionalLen = 1;
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddArrayAttrWithDtype(*executor, static_cast<void*>(emptyOptionalDef), emptyOptionalLen, sizeof(int64_t), 7, kNnopbaseInt));
    }
    if (NnopbaseAddOutputShapeDependTensor != NULL) {
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddOutput(*executor, outOut, 0));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddOutputShapeDependTensor(*executor, zRef, 1));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddOutput(*executor, cntOutOptional, 2));
    }
    if (NnopbaseMatchArgs != NULL) {
        if (NnopbaseMatchArgs(*executor, workspaceSize)) {
            NnopbaseReportApiInfo(timeStamp, dfxId);
            return ACLNN_SUCCESS;
        }
    }
    if (NnopbaseAddParamName != NULL) {
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddParamName(*executor, 0, "x", true));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddParamName(*executor, 1, "idxOptional", true));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddParamName(*executor, 2, "biasOptional", true));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddParamName(*executor, 3, "alpha", true));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddParamName(*executor, 4, "betaOptional", true));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddParamName(*executor, 5, "y", true));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddParamName(*executor, 6, "zRef", true));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddParamName(*executor, 0, "outOut", false));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddParamName(*executor, 1, "zRef", false));
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddParamName(*executor, 2, "cntOutOptional", false));
    }
    if (NnopbaseAddSocNameList != NULL) {
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddSocNameList(*executor, &supportList, socNameList, socNameListLen));
    } else {
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseAddSupportList(*executor, &supportList, socSupportList, socSupportListLen));
    }

    uint64_t inContWorkspaceSize = 0U;
    const aclTensorList *inUnContTensors = nullptr;
    NnopbaseGetUnContiguousTensors(*executor, &inUnContTensors);
    aclOpExecutor *aclInExecutor = nullptr;
    if (inUnContTensors != nullptr) {
        static AclnnContiguousGetWorkspaceSizeFunc aclnnContiguousGetWorkspaceSize = (AclnnContiguousGetWorkspaceSizeFunc)NnopbaseGetApiFunc("aclnnContiguousGetWorkspaceSize");
        NNOPBASE_ASSERT_NOTNULL_RETVAL(aclnnContiguousGetWorkspaceSize);
        NNOPBASE_ASSERT_OK_RETVAL(aclnnContiguousGetWorkspaceSize(inUnContTensors, &inContWorkspaceSize, &aclInExecutor));
    }
    NnopbaseSetUnContExecutor(*executor, aclInExecutor, inContWorkspaceSize);

    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseRunForWorkspace(*executor, workspaceSize));

    aclOpExecutor *viewcopyExecutor = nullptr;
    uint64_t viewcopyWsSize = 0U;
    if (inUnContTensors != nullptr) {
        const aclTensorList *unContTensors = nullptr;
        const aclTensorList *contTensors = nullptr;
        NNOPBASE_ASSERT_OK_RETVAL(NnopbaseGetRefUnContiguousTensors(*executor, &unContTensors, &contTensors));
        if (unContTensors != nullptr) {
            static AclnnViewCopyGetWorkspaceSizeFunc aclnnViewCopyGetWorkspaceSize = (AclnnViewCopyGetWorkspaceSizeFunc)NnopbaseGetApiFunc("aclnnViewCopyGetWorkspaceSize");
            NNOPBASE_ASSERT_NOTNULL_RETVAL(aclnnViewCopyGetWorkspaceSize);
            NNOPBASE_ASSERT_OK_RETVAL(aclnnViewCopyGetWorkspaceSize(contTensors, unContTensors, &viewcopyWsSize, &viewcopyExecutor));
            NNOPBASE_ASSERT_OK_RETVAL(NnopbaseSetViewCopyExecutor(*executor, viewcopyExecutor));
        }
    }
    if (viewcopyWsSize > *workspaceSize) {
        *workspaceSize = viewcopyWsSize;
    }
    *workspaceSize += inContWorkspaceSize;
    NnopbaseReportApiInfo(timeStamp, dfxId);
    return ACLNN_SUCCESS;
}

aclnnStatus aclnnCoverageLists(
    void *workspace,
    uint64_t workspaceSize,
    aclOpExecutor *executor,
    aclrtStream stream)
{
    uint64_t timeStamp = NnopbaseMsprofSysTime();
    static NnopbaseDfxId dfxId = {0x60000, __func__, false};
    uint64_t inContWorkspaceSize = 0U;
    aclOpExecutor *aclInExecutor = nullptr;
    void *inWorkspace = nullptr;
    aclOpExecutor *viewcopyExecutor = nullptr;
    const aclTensorList *viewcopyTensors = nullptr;
    NnopbaseGetUnContExecutor(executor, &aclInExecutor, &inContWorkspaceSize);
    if (workspaceSize < inContWorkspaceSize) {
        const std::string value = std::to_string(workspaceSize);
        const std::string requiredSize = std::to_string(inContWorkspaceSize);
        const std::string reason = std::string("The passed workspace size ") + value +
            " does not meet the minimum workspace size " + requiredSize +
            " actually required by the AutoContiguous API";
        const std::vector<const char*> msgKey = {"value", "paraName", "reason"};
        const std::vector<const char*> msgValue = {value.c_str(), "workspaceSize", reason.c_str()};
        REPORT_PREDEFINED_ERR_MSG(NNOPBASE_INVALID_ARGUMENT, msgKey, msgValue);
        return ACLNN_ERR_PARAM_INVALID;
    }
    workspaceSize -= inContWorkspaceSize;
    inWorkspace = (char *)workspace + workspaceSize;
    if (aclInExecutor != nullptr) {
        static AclnnFunc aclnnContiguous = (AclnnFunc)NnopbaseGetApiFunc("aclnnContiguous");
        NNOPBASE_ASSERT_NOTNULL_RETVAL(aclnnContiguous);
        NNOPBASE_ASSERT_OK_RETVAL(aclnnContiguous(inWorkspace, inContWorkspaceSize, aclInExecutor, stream));
    }
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseGetViewCopyExecutor(executor, &viewcopyExecutor));
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseReleaseRefContiguousTensors(executor, &viewcopyTensors));
    NNOPBASE_ASSERT_OK_RETVAL(NnopbaseRunWithWorkspace(executor, stream, workspace, workspaceSize));
    if (viewcopyExecutor != nullptr) {
        static AclnnFunc aclnnViewCopy = (AclnnFunc)NnopbaseGetApiFunc("aclnnViewCopy");
        NNOPBASE_ASSERT_NOTNULL_RETVAL(aclnnViewCopy);
        NNOPBASE_ASSERT_OK_RETVAL(aclnnViewCopy(inWorkspace, inContWorkspaceSize, viewcopyExecutor, stream));
        if (viewcopyTensors != nullptr) {
            NNOPBASE_ASSERT_OK_RETVAL(aclDestroyTensorList(viewcopyTensors));
        }
    }
    NnopbaseReportApiInfo(timeStamp, dfxId);
    return ACLNN_SUCCESS;
}

#ifdef __cplusplus
}
#endif
