#ifndef SIM_ACLNN_ACLNN_BASE_H
#define SIM_ACLNN_ACLNN_BASE_H

#include "aclnn/acl_meta.h"

#endif
