#ifndef SIM_ACL_ACL_H
#define SIM_ACL_ACL_H

#include "acl/acl_base.h"
#include "acl/acl_rt.h"

#ifdef __cplusplus
extern "C" {
#endif

// configPath may be nullptr; the simulator reads no configuration.
aclError aclInit(const char *configPath);
aclError aclFinalize();

#ifdef __cplusplus
}
#endif

#endif
