# The installed tree of the custom-op package: the one place for its paths, which both backends
# install into (cmake/op_package.cmake on the sim, cmake/cann_op.cmake on the cann one). It is the
# tree of CANN's custom-op project framework (fwk_modules/func.cmake's install rules), under
# packages/vendors/<vendor>/ of the staging folder; every path below except NSA_VENDOR_DIR is
# relative to that vendor folder. README.md (Layout) lists the tree a sim package installs, and
# tests/package/test_package_tree.py checks an install against that listing.

# The compute units the package is built for: the OpDefs' AICore().AddConfig list (both dav-c220).
# The framework's ASCEND_COMPUTE_UNIT; one op-info config and one kernel folder per unit.
set(NSA_COMPUTE_UNITS ascend910b ascend910_93)

set(NSA_VENDOR_DIR packages/vendors/${NSA_VENDOR})

# aclnn API: the headers and libcust_opapi.so.
set(NSA_OPAPI_DIR op_api)
set(NSA_OPAPI_INCLUDE_DIR ${NSA_OPAPI_DIR}/include)
set(NSA_OPAPI_LIB_DIR ${NSA_OPAPI_DIR}/lib)
# Infershape (graph proto): lib<NSA_PROTO_LIB_NAME>.so.
set(NSA_PROTO_LIB_NAME cust_opsproto_rt2.0)
set(NSA_PROTO_DIR op_proto)
set(NSA_PROTO_LIB_DIR ${NSA_PROTO_DIR}/lib/linux/${CMAKE_SYSTEM_PROCESSOR})
# OpDef and tiling: lib<NSA_TILING_LIB_NAME>.so, and the link liboptiling.so beside lib/, which
# the framework points at it (relative: lib/linux/<arch>/libcust_opmaster_rt2.0.so).
set(NSA_TILING_LIB_NAME cust_opmaster_rt2.0)
set(NSA_TILING_DIR op_impl/ai_core/tbe/op_tiling)
set(NSA_TILING_LIB_DIR ${NSA_TILING_DIR}/lib/linux/${CMAKE_SYSTEM_PROCESSOR})
set(NSA_TILING_LINK ${NSA_TILING_DIR}/liboptiling.so)
file(RELATIVE_PATH NSA_TILING_LINK_TARGET /vendor/${NSA_TILING_DIR}
    /vendor/${NSA_TILING_LIB_DIR}/lib${NSA_TILING_LIB_NAME}.so)
# The package's version file at the top of the vendor folder.
set(NSA_VERSION_INFO version.info)

set(NSA_TBE_DIR op_impl/ai_core/tbe)

# nsa_op_info_path(<soc> <var>): the op-info config of a compute unit, aic-<soc>-ops-info.json.
function(nsa_op_info_path soc var)
    set(${var} ${NSA_TBE_DIR}/config/${soc}/aic-${soc}-ops-info.json PARENT_SCOPE)
endfunction()

# nsa_kernel_dir(<soc> <op_snake> <var>): the folder of an op's kernel binaries and their
# descriptions for a compute unit (the sim's kernel library stands there for the device binaries).
function(nsa_kernel_dir soc op var)
    set(${var} ${NSA_TBE_DIR}/kernel/${soc}/${op} PARENT_SCOPE)
endfunction()

# nsa_kernel_config_path(<soc> <op_snake> <var>): an op's binary config for a compute unit.
function(nsa_kernel_config_path soc op var)
    set(${var} ${NSA_TBE_DIR}/kernel/config/${soc}/${op}.json PARENT_SCOPE)
endfunction()

# nsa_path_from_opapi_lib(<path> <var>): <path> (in the vendor folder) relative to op_api/lib,
# for libcust_opapi.so's RUNPATH ($ORIGIN/<that>).
function(nsa_path_from_opapi_lib path var)
    file(RELATIVE_PATH relative /vendor/${NSA_OPAPI_LIB_DIR} /vendor/${path})
    set(${var} ${relative} PARENT_SCOPE)
endfunction()
