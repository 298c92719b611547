// Prints the values behind the host-side names the op sources, the example and the tests rely
// on. Compiled and run once against CANN's headers and once against the simulator's; any line
// that differs is a name that means something else in the simulator.
#include <cstdio>

#include "acl/acl.h"
#include "aclnn/acl_meta.h"
#include "graph/types.h"
#include "opdev/op_errno.h"
#include "register/op_def_registry.h"
#include "tiling/platform/platform_ascendc.h"

#define SHOW(expr) std::printf("%s = %lld\n", #expr, static_cast<long long>(expr))

int main()
{
    SHOW(ACL_SUCCESS);
    SHOW(ACL_ERROR_INVALID_PARAM);
    SHOW(ACL_ERROR_BAD_ALLOC);
    SHOW(ACL_ERROR_RT_MEMORY_ALLOCATION);
    SHOW(ACL_ERROR_REPEAT_INITIALIZE);
    SHOW(ACL_ERROR_UNINITIALIZE);
    SHOW(ACL_DT_UNDEFINED);
    SHOW(ACL_FLOAT);
    SHOW(ACL_FLOAT16);
    SHOW(ACL_INT32);
    SHOW(ACL_INT64);
    SHOW(ACL_BF16);
    SHOW(ACL_FORMAT_UNDEFINED);
    SHOW(ACL_FORMAT_NCHW);
    SHOW(ACL_FORMAT_NHWC);
    SHOW(ACL_FORMAT_ND);
    SHOW(ACL_MEM_MALLOC_HUGE_FIRST);
    SHOW(ACL_MEMCPY_HOST_TO_HOST);
    SHOW(ACL_MEMCPY_HOST_TO_DEVICE);
    SHOW(ACL_MEMCPY_DEVICE_TO_HOST);
    SHOW(ACL_MEMCPY_DEVICE_TO_DEVICE);
    SHOW(sizeof(aclFloat16));
    SHOW(sizeof(aclnnStatus));
    SHOW(ACLNN_SUCCESS);
    SHOW(ACLNN_ERR_PARAM_NULLPTR);
    SHOW(ACLNN_ERR_PARAM_INVALID);
    SHOW(ACLNN_ERR_RUNTIME_ERROR);
    SHOW(ACLNN_ERR_INNER);
    SHOW(ACLNN_ERR_INNER_INFERSHAPE_ERROR);
    SHOW(ACLNN_ERR_INNER_TILING_ERROR);
    SHOW(ACLNN_ERR_INNER_FIND_KERNEL_ERROR);
    SHOW(ACLNN_ERR_INNER_CREATE_EXECUTOR);
    SHOW(ACLNN_ERR_INNER_NOT_TRANS_EXECUTOR);
    SHOW(ACLNN_ERR_INNER_NULLPTR);
    SHOW(ge::DT_FLOAT);
    SHOW(ge::DT_FLOAT16);
    SHOW(ge::DT_INT32);
    SHOW(ge::DT_INT64);
    SHOW(ge::DT_BF16);
    SHOW(ge::DT_UNDEFINED);
    SHOW(ge::FORMAT_NCHW);
    SHOW(ge::FORMAT_ND);
    SHOW(ge::GRAPH_SUCCESS);
    SHOW(ge::GRAPH_FAILED);
    SHOW(ops::OPTIONAL);
    SHOW(ops::REQUIRED);
    SHOW(platform_ascendc::CoreMemType::L2);
    SHOW(platform_ascendc::CoreMemType::UB);
    SHOW(platform_ascendc::CoreMemType::HBM);
    SHOW(platform_ascendc::CoreMemType::RESERVED);
    return 0;
}
