
/*
 * calution: this file was generated automatically do not change it.
*/

#ifndef ACLNN_COVERAGE_LISTS_H_
#define ACLNN_COVERAGE_LISTS_H_

#include "aclnn/acl_meta.h"

#ifdef __cplusplus
extern "C" {
#endif

/* function: aclnnCoverageListsGetWorkspaceSize
 * parameters :
 * x : required
 * idxOptional : optional
 * biasOptional : optional
 * alpha : required
 * betaOptional : optional
 * y : dynamic
 * zRef : required
 * b : optional
 * f : optional
 * i : required
 * sOptional : optional
 * lbOptional : optional
 * lfOptional : optional
 * liOptional : optional
 * emptyOptional : optional
 * outOut : required
 * zRef : required
 * cntOutOptional : optional
 * workspaceSize : size of workspace(output).
 * executor : executor context(output).
 */
__attribute__((visibility("default")))
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
    aclOpExecutor **executor);

__attribute__((visibility("default")))
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
    aclOpExecutor **executor);

/* function: aclnnCoverageLists
 * parameters :
 * workspace : workspace memory addr(input).
 * workspaceSize : size of workspace(input).
 * executor : executor context(input).
 * stream : acl stream.
 */
__attribute__((visibility("default")))
aclnnStatus aclnnCoverageLists(
    void *workspace,
    uint64_t workspaceSize,
    aclOpExecutor *executor,
    aclrtStream stream);

#ifdef __cplusplus
}
#endif

#endif
