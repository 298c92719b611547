#ifndef SIM_ACLNN_ACLNN_BASE_H
#define SIM_ACLNN_ACLNN_BASE_H

#include "aclnn/acl_meta.h"

#ifdef __cplusplus
extern "C" {
#endif

// The simulator keeps no aclnn-only resources, so both always succeed; they exist so that
// programs written for a device build unchanged.
aclnnStatus aclnnInit(const char *configPath);
aclnnStatus aclnnFinalize();

#ifdef __cplusplus
}
#endif

#endif
