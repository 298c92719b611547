
/*
 * calution: this file was generated automatically do not change it.
*/

#ifndef ACLNN_COVERAGE_ENGINES_H_
#define ACLNN_COVERAGE_ENGINES_H_

#include "aclnn/acl_meta.h"

#ifdef __cplusplus
extern "C" {
#endif

/* function: aclnnCoverageEnginesGetWorkspaceSize
 * parameters :
 * a : required
 * group : required
 * group2Optional : optional
 * out : required
 * workspaceSize : size of workspace(output).
 * executor : executor context(output).
 */
__attribute__((visibility("default")))
aclnnStatus aclnnCoverageEnginesGetWorkspaceSize(
    const aclTensor *a,
    char *group,
    char *group2Optional,
    const aclTensor *out,
    uint64_t *workspaceSize,
    aclOpExecutor **executor);

/* function: aclnnCoverageEngines
 * parameters :
 * workspace : workspace memory addr(input).
 * workspaceSize : size of workspace(input).
 * executor : executor context(input).
 * stream : acl stream.
 */
__attribute__((visibility("default")))
aclnnStatus aclnnCoverageEngines(
    void *workspace,
    uint64_t workspaceSize,
    aclOpExecutor *executor,
    aclrtStream stream);

#ifdef __cplusplus
}
#endif

#endif
