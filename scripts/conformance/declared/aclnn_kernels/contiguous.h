// Declarations of a CANN header that the header set used for this check does not include:
// opbase's aclnn_kernels/contiguous.h, which op_api code includes for l0op::Contiguous and
// l0op::ViewCopy. The signatures are those of CANN's aclnn development documentation
// ("Contiguous", "ViewCopy"). This folder is searched after every real header folder
// (-idirafter), so a CANN toolkit's own header takes precedence wherever it exists.
#ifndef NSA_CONFORMANCE_DECLARED_CONTIGUOUS_H
#define NSA_CONFORMANCE_DECLARED_CONTIGUOUS_H

#include "opdev/op_executor.h"

namespace l0op {
const aclTensor *Contiguous(const aclTensor *x, aclOpExecutor *executor);
const aclTensor *ViewCopy(const aclTensor *x, const aclTensor *y, aclOpExecutor *executor);
}  // namespace l0op

#endif
