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

add_library(nsa_compress_rules STATIC op_host/nsa_compress_rules.cpp op_host/nsa_compress_views.cpp)
target_include_directories(nsa_compress_rules PUBLIC ${ASCEND_INCLUDES})

add_library(cust_opsproto SHARED op_host/nsa_compress_infershape.cpp)
set_target_properties(cust_opsproto PROPERTIES OUTPUT_NAME cust_opsproto_rt2.0)
target_link_directories(cust_opsproto PRIVATE ${ASCEND_LIB_DIR})
target_link_libraries(cust_opsproto PRIVATE nsa_compress_rules exe_graph register graph)

add_library(cust_opmaster SHARED op_host/nsa_compress_def.cpp op_host/nsa_compress_tiling.cpp)
set_target_properties(cust_opmaster PROPERTIES OUTPUT_NAME cust_opmaster_rt2.0)
target_link_directories(cust_opmaster PRIVATE ${ASCEND_LIB_DIR})
target_link_libraries(cust_opmaster PRIVATE nsa_compress_rules exe_graph register tiling_api platform)

ascendc_library(nsa_compress_kernel STATIC op_kernel/nsa_compress.cpp)
ascendc_include_directories(nsa_compress_kernel PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/op_kernel)

add_library(cust_opapi SHARED op_api/aclnn_nsa_compress.cpp op_api/nsa_compress.cpp op_api/tensor_checks.cpp)
target_link_directories(cust_opapi PRIVATE ${ASCEND_LIB_DIR})
target_link_libraries(cust_opapi PRIVATE nsa_compress_rules nsa_compress_kernel opapi nnopbase ascendcl)

set(NSA_VENDOR_DIR packages/vendors/${NSA_VENDOR})
install(FILES op_api/aclnn_nsa_compress.h DESTINATION ${NSA_VENDOR_DIR}/op_api/include COMPONENT package)
install(TARGETS cust_opapi LIBRARY DESTINATION ${NSA_VENDOR_DIR}/op_api/lib COMPONENT package)
install(TARGETS cust_opmaster
    LIBRARY DESTINATION ${NSA_VENDOR_DIR}/op_impl/ai_core/tbe/op_tiling/lib/linux/${CMAKE_SYSTEM_PROCESSOR}
    COMPONENT package)
install(TARGETS cust_opsproto
    LIBRARY DESTINATION ${NSA_VENDOR_DIR}/op_proto/lib/linux/${CMAKE_SYSTEM_PROCESSOR} COMPONENT package)
