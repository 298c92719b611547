# The package tree: one place for its paths, which both backends install to (the README lists
# the tree). Paths are relative to the install prefix; the framework's own rules install the
# kernel binaries, their configs and the op-info config under NSA_IMPL_DIR on the cann backend.
set(NSA_COMPUTE_UNITS ascend910b ascend910_93)
set(NSA_VENDOR_DIR packages/vendors/${NSA_VENDOR})
set(NSA_OPAPI_DIR ${NSA_VENDOR_DIR}/op_api)
set(NSA_PROTO_DIR ${NSA_VENDOR_DIR}/op_proto)
set(NSA_IMPL_DIR ${NSA_VENDOR_DIR}/op_impl/ai_core/tbe)
set(NSA_TILING_DIR ${NSA_IMPL_DIR}/op_tiling)
set(NSA_LIB_SUBDIR lib/linux/${CMAKE_SYSTEM_PROCESSOR})
