// Stand-in for CANN's mmpa/mmpa_api.h (mmpa is not public): only what op_build and asc_op_compile_base's
// libasc_platform (tools/build/common/ascendc_tool_log.h: mmGetTid) use.
// op_build also gets <sys/stat.h> (chmod, S_IRUSR) through this header, so it is included here.
#pragma once
#include <climits>
#include <cstdlib>
#include <dlfcn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define EN_OK 0
#define EN_ERROR (-1)
#define EN_INVALID_PARAM (-2)
#define MMPA_MAX_PATH PATH_MAX

// the environment variables op_build reads, by mmpa's names for them
#define MM_ENV_OPS_PRODUCT_NAME "OPS_PRODUCT_NAME"
#define MM_ENV_OPS_PROJECT_NAME "OPS_PROJECT_NAME"
#define MM_ENV_OPS_DIRECT_ACCESS_PREFIX "OPS_DIRECT_ACCESS_PREFIX"
#define MM_ENV_OPS_ACLNN_GEN "OPS_ACLNN_GEN"
#define MM_SYS_GET_ENV(name, var) do { (var) = std::getenv(name); } while (0)

inline int mmGetTid() { return static_cast<int>(syscall(SYS_gettid)); }
