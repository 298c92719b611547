// aclnn base: opaque handles and the constructors and accessors of tensors and integer arrays,
// with the names and signatures of a CANN install. The status codes are in opdev/op_errno.h.
#ifndef SIM_ACLNN_ACL_META_H
#define SIM_ACLNN_ACL_META_H

#include <cstdint>

#include "acl/acl_base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct aclOpExecutor aclOpExecutor;
typedef struct aclTensor aclTensor;
typedef struct aclScalar aclScalar;
typedef struct aclIntArray aclIntArray;
typedef struct aclFloatArray aclFloatArray;
typedef struct aclBoolArray aclBoolArray;
typedef struct aclTensorList aclTensorList;
typedef int32_t aclnnStatus;

// A view of `tensorData` (device memory, may be nullptr): view dims and strides in elements,
// offset in elements from the storage start. Returns nullptr, with a recent error message, when
// the arguments are inconsistent or the view reaches past the storage.
aclTensor *aclCreateTensor(const int64_t *viewDims, uint64_t viewDimsNum, aclDataType dataType, const int64_t *stride,
                           int64_t offset, aclFormat format, const int64_t *storageDims, uint64_t storageDimsNum,
                           void *tensorData);
aclnnStatus aclDestroyTensor(const aclTensor *tensor);
aclIntArray *aclCreateIntArray(const int64_t *value, uint64_t size);
aclnnStatus aclDestroyIntArray(const aclIntArray *array);

// The arrays these return are allocated with new[]; the caller releases them with delete[].
aclnnStatus aclGetViewShape(const aclTensor *tensor, int64_t **viewDims, uint64_t *viewDimsNum);
aclnnStatus aclGetStorageShape(const aclTensor *tensor, int64_t **storageDims, uint64_t *storageDimsNum);
aclnnStatus aclGetViewStrides(const aclTensor *tensor, int64_t **stridesValue, uint64_t *stridesNum);
aclnnStatus aclGetViewOffset(const aclTensor *tensor, int64_t *offset);
aclnnStatus aclGetFormat(const aclTensor *tensor, aclFormat *format);
aclnnStatus aclGetDataType(const aclTensor *tensor, aclDataType *dataType);

// Makes an executor reusable: phase two then runs it without freeing it, any number of times.
aclnnStatus aclSetAclOpExecutorRepeatable(aclOpExecutor *executor);
// Frees a live executor: a repeatable one, or one whose phase two will not run.
aclnnStatus aclDestroyAclOpExecutor(aclOpExecutor *executor);

#ifdef __cplusplus
}
#endif

#endif
