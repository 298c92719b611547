# The package's libraries are defined once here; each op folder adds its sources with nsa_add_op (below).
# CANN backend: the same op sources built against the toolkit at $ENV{ASCEND_HOME_PATH}, in the
# vendor layout of a custom-op package. Host libraries link the toolkit's registration, tiling
# and aclnn runtime libraries; the kernel goes through the toolkit's Ascend C CMake support.
# This path cannot be exercised on a machine without a toolkit; it is kept to the conventions of
# the toolkit's own custom-op samples so that a CANN user can build from the same tree.
set(ASCEND_HOME "$ENV{ASCEND_HOME_PATH}")
set(ASCEND_INCLUDES ${ASCEND_HOME}/include ${ASCEND_HOME}/include/aclnn ${ASCEND_HOME}/include/experiment/platform
    ${ASCEND_HOME}/include/experiment/runtime ${ASCEND_HOME}/include/experiment/msprof)
set(ASCEND_LIB_DIR ${ASCEND_HOME}/lib64)
set(SOC_VERSION ${NSA_SOC} CACHE STRING "SoC passed to the Ascend C compiler")
include(${ASCEND_HOME}/compiler/tikcpp/ascendc_kernel_cmake/ascendc.cmake)
include(op_sources)

set(NSA_COMMON_DIR ${PROJECT_SOURCE_DIR}/nsa_common)
add_library(nsa_common STATIC ${NSA_COMMON_DIR}/op_host/nsa_rules.cpp ${NSA_COMMON_DIR}/op_host/nsa_views.cpp
    ${NSA_COMMON_DIR}/op_host/nsa_tiling_views.cpp ${NSA_COMMON_DIR}/op_host/nsa_tiling_front.cpp)
target_include_directories(nsa_common PUBLIC ${ASCEND_INCLUDES} ${NSA_COMMON_DIR}/op_host ${NSA_COMMON_DIR}/op_kernel)

add_library(cust_opsproto SHARED)
set_target_properties(cust_opsproto PROPERTIES OUTPUT_NAME cust_opsproto_rt2.0)
target_link_directories(cust_opsproto PRIVATE ${ASCEND_LIB_DIR})
target_link_libraries(cust_opsproto PRIVATE nsa_common exe_graph register graph)

add_library(cust_opmaster SHARED)
set_target_properties(cust_opmaster PROPERTIES OUTPUT_NAME cust_opmaster_rt2.0)
target_link_directories(cust_opmaster PRIVATE ${ASCEND_LIB_DIR})
target_link_libraries(cust_opmaster PRIVATE nsa_common exe_graph register tiling_api platform)

add_library(cust_opapi SHARED ${NSA_COMMON_DIR}/op_api/argument_front.cpp
    ${NSA_COMMON_DIR}/op_api/shape_checks.cpp ${NSA_COMMON_DIR}/op_api/tensor_checks.cpp
    ${NSA_COMMON_DIR}/op_api/kernel_tensors.cpp)
target_include_directories(cust_opapi PRIVATE ${NSA_COMMON_DIR}/op_api)
target_link_directories(cust_opapi PRIVATE ${ASCEND_LIB_DIR})
target_link_libraries(cust_opapi PRIVATE nsa_common opapi nnopbase ascendcl)

set(NSA_VENDOR_DIR packages/vendors/${NSA_VENDOR})
install(TARGETS cust_opapi LIBRARY DESTINATION ${NSA_VENDOR_DIR}/op_api/lib COMPONENT package)
install(TARGETS cust_opmaster
    LIBRARY DESTINATION ${NSA_VENDOR_DIR}/op_impl/ai_core/tbe/op_tiling/lib/linux/${CMAKE_SYSTEM_PROCESSOR}
    COMPONENT package)
install(TARGETS cust_opsproto
    LIBRARY DESTINATION ${NSA_VENDOR_DIR}/op_proto/lib/linux/${CMAKE_SYSTEM_PROCESSOR} COMPONENT package)

# nsa_add_op: the same signature as on the sim backend (cmake/op_package.cmake). The kernel
# becomes the Ascend C library <op folder>_kernel, linked into the aclnn library.
function(nsa_add_op OP_TYPE)
    nsa_op_sources(${ARGN})
    ascendc_library(${op}_kernel STATIC ${OP_KERNEL})
    ascendc_include_directories(${op}_kernel PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/op_kernel ${NSA_COMMON_DIR}/op_kernel)
    target_link_libraries(cust_opapi PRIVATE ${op}_kernel)
endfunction()
