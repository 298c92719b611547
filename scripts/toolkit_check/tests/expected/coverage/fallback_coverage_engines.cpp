#include <vector>
#include "aclnn/acl_meta.h"
#include "exe_graph/runtime/op_execute_context.h"
#include "exe_graph/runtime/tensor.h"
#include "register/op_impl_registry.h"

extern void NnopbaseOpLogE(const aclnnStatus code, const char *const expr);

#ifdef __cplusplus
extern "C" {
#endif

extern void* __attribute__((weak)) NnopbaseGetOpApiFunc(const char *funcName);
extern aclTensor* __attribute__((weak)) NnopbaseConvertTensor(const gert::Tensor* tensor);
extern aclTensorList* __attribute__((weak)) NnopbaseConvertTensorList(std::vector<const gert::Tensor*> &tenserList);
extern aclBoolArray* __attribute__((weak)) NnopbaseCovertBoolArray(const gert::Tensor* tensor);
extern aclIntArray* __attribute__((weak)) NnopbaseCovertIntArray(const gert::Tensor* tensor);
extern aclFloatArray* __attribute__((weak)) NnopbaseCovertFloatArray(const gert::Tensor* tensor);
extern aclScalar* __attribute__((weak)) NnopbaseConvertScalar(const gert::Tensor* tensor);
extern aclScalarList* __attribute__((weak)) NnopbaseConvertScalarList(const gert::Tensor* tensor);
extern aclIntArray* __attribute__((weak)) NnopbaseCovertIntArrayAttr(const gert::TypedContinuousVector<int64_t> *arr);
extern aclBoolArray* __attribute__((weak)) NnopbaseCovertBoolArrayAttr(const gert::TypedContinuousVector<bool> *arr);
extern aclFloatArray* __attribute__((weak)) NnopbaseCovertFloatArrayAttr(const gert::TypedContinuousVector<float> *arr);
extern void __attribute__((weak)) NnopbaseDestroyTensor(const aclTensor *tensor);
extern void __attribute__((weak)) NnopbaseDestroyTensorList(const aclTensorList *tensorList);
extern void __attribute__((weak)) NnopbaseDestroyScalar(const aclScalar *scalar);
extern void __attribute__((weak)) NnopbaseDestroyScalarList(const aclScalarList *scalar);
extern void __attribute__((weak)) NnopbaseDestroyIntArray(const aclIntArray *array);
extern void __attribute__((weak)) NnopbaseDestroyBoolArray(const aclBoolArray *array);
extern void __attribute__((weak)) NnopbaseDestroyFloatArray(const aclFloatArray *array);
using AclnnGetWorkspaceSizeFunc = aclnnStatus (*)(const aclTensor *, char *, char *, const aclTensor *, uint64_t *, aclOpExecutor **);
using AclnnFunc = aclnnStatus (*)(void *, uint64_t, aclOpExecutor *, aclrtStream);

#define ACLNN_SUCCESS  0
#define ACLNN_ERR_PARAM_NULLPTR 161001

#define FALLBACK_ASSERT_OK_RETVAL(v)                                    \
    do {                                                                \
        const aclnnStatus _chk_stutus = (v);                            \
        if (_chk_stutus != ACLNN_SUCCESS) {                             \
            NnopbaseOpLogE(_chk_stutus, #v);                            \
            return ge::GRAPH_FAILED;                                     \
        }                                                               \
    } while (false)

#define FALLBACK_ASSERT_NOTNULL_RETVAL(v)                               \
    do {                                                                \
        if ((v) == nullptr) {                                           \
            NnopbaseOpLogE(ACLNN_ERR_PARAM_NULLPTR, #v " != nullptr");  \
            return ge::GRAPH_FAILED;                                    \
        }                                                               \
    } while (false)

namespace fallback {
ge::graphStatus CoverageEnginesHostExecuteFunc(gert::OpExecuteContext* host_api_ctx) {
    FALLBACK_ASSERT_NOTNULL_RETVAL(host_api_ctx);
    auto a = host_api_ctx->GetRequiredInputTensor(0);
    FALLBACK_ASSERT_NOTNULL_RETVAL(a);

    auto b = host_api_ctx->GetRequiredOutputTensor(0);
    FALLBACK_ASSERT_NOTNULL_RETVAL(b);

    auto attrs = host_api_ctx->GetAttrs();
    FALLBACK_ASSERT_NOTNULL_RETVAL(attrs);
    size_t attrIndex = 0U;
    const char *group = attrs->GetAttrPointer<char>(attrIndex++);
    FALLBACK_ASSERT_NOTNULL_RETVAL(group);
    const char *group2 = attrs->GetAttrPointer<char>(attrIndex++);

    if (NnopbaseGetOpApiFunc == NULL) {return ge::GRAPH_FAILED;}
    static AclnnGetWorkspaceSizeFunc aclnnCoverageEnginesGetWorkspaceSize = (AclnnGetWorkspaceSizeFunc)NnopbaseGetOpApiFunc("aclnnCoverageEnginesGetWorkspaceSize");
    FALLBACK_ASSERT_NOTNULL_RETVAL(aclnnCoverageEnginesGetWorkspaceSize);
    static AclnnFunc aclnnCoverageEngines= (AclnnFunc)NnopbaseGetOpApiFunc("aclnnCoverageEngines");
    FALLBACK_ASSERT_NOTNULL_RETVAL(aclnnCoverageEngines);
    aclTensor *a_tensor = NnopbaseConvertTensor(a);
    aclTensor *b_tensor = NnopbaseConvertTensor(b);

    uint64_t workspaceSize = 0;
    aclOpExecutor *executor = nullptr;
    auto ret = aclnnCoverageEnginesGetWorkspaceSize(a_tensor, const_cast<char *>(group), const_cast<char *>(group2), b_tensor, &workspaceSize, &executor);
    FALLBACK_ASSERT_OK_RETVAL(ret);
    void *workspace = nullptr;
    if (workspaceSize > 0) {
        workspace = host_api_ctx->MallocWorkspace(workspaceSize);
        FALLBACK_ASSERT_NOTNULL_RETVAL(workspace);
    }
    auto stream = host_api_ctx->GetStream();
    ret = aclnnCoverageEngines(workspace, workspaceSize, executor, stream);
    FALLBACK_ASSERT_OK_RETVAL(ret);
    NnopbaseDestroyTensor(a_tensor);
    NnopbaseDestroyTensor(b_tensor);
    host_api_ctx->FreeWorkspace();
    return ge::GRAPH_SUCCESS;
}

IMPL_OP(CoverageEngines).OpExecuteFunc(CoverageEnginesHostExecuteFunc);
} // namespace fallback

#ifdef __cplusplus
}
#endif
