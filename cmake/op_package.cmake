# The custom-op package on the sim backend, built once for every op in it: the rules every op
# shares (nsa_common/), one library per part of the package (cust_opsproto: infershape;
# cust_opmaster: OpDef and tiling; cust_opapi: the aclnn API) and one kernel library per op, in
# the vendor layout. libcust_opapi.so finds the others through its RUNPATH. An op folder adds
# its sources with nsa_add_op (below); the cann backend defines the same in cann_op.cmake.
# The simulator compiles each op's kernel for the host (nsa_add_sim_kernel).
include(${PROJECT_SOURCE_DIR}/simulator/cmake/sim_kernel.cmake)
include(op_sources)

set(NSA_COMMON_DIR ${PROJECT_SOURCE_DIR}/nsa_common)
add_library(nsa_common STATIC ${NSA_COMMON_DIR}/op_host/nsa_rules.cpp ${NSA_COMMON_DIR}/op_host/nsa_views.cpp
    ${NSA_COMMON_DIR}/op_host/nsa_tiling_views.cpp ${NSA_COMMON_DIR}/op_host/nsa_tiling_front.cpp)
target_include_directories(nsa_common PUBLIC ${NSA_COMMON_DIR}/op_host ${NSA_COMMON_DIR}/op_kernel)
target_link_libraries(nsa_common PUBLIC ascend_sim)

add_library(cust_opsproto SHARED)
set_target_properties(cust_opsproto PROPERTIES OUTPUT_NAME cust_opsproto_rt2.0)
target_link_libraries(cust_opsproto PRIVATE nsa_common ascend_sim)

add_library(cust_opmaster SHARED)
set_target_properties(cust_opmaster PROPERTIES OUTPUT_NAME cust_opmaster_rt2.0)
target_link_libraries(cust_opmaster PRIVATE nsa_common ascend_sim)

add_library(cust_opapi SHARED ${NSA_COMMON_DIR}/op_api/argument_front.cpp
    ${NSA_COMMON_DIR}/op_api/shape_checks.cpp ${NSA_COMMON_DIR}/op_api/tensor_checks.cpp
    ${NSA_COMMON_DIR}/op_api/kernel_tensors.cpp)
target_include_directories(cust_opapi PRIVATE ${NSA_COMMON_DIR}/op_api)
target_link_libraries(cust_opapi PRIVATE nsa_common cust_opmaster cust_opsproto PUBLIC ascend_sim)
# Loading the aclnn library loads the ops' host and kernel libraries, which register themselves.
target_link_options(cust_opapi PRIVATE -Wl,--no-as-needed)

set(NSA_VENDOR_DIR packages/vendors/${NSA_VENDOR})
set(NSA_TILING_LIB_DIR op_impl/ai_core/tbe/op_tiling/lib/linux/${CMAKE_SYSTEM_PROCESSOR})
set(NSA_KERNEL_LIB_DIR op_impl/ai_core/tbe/kernel/${NSA_SOC})
set(NSA_PROTO_LIB_DIR op_proto/lib/linux/${CMAKE_SYSTEM_PROCESSOR})
set_target_properties(cust_opapi PROPERTIES INSTALL_RPATH
    "$ORIGIN/../../${NSA_TILING_LIB_DIR};$ORIGIN/../../${NSA_KERNEL_LIB_DIR};$ORIGIN/../../${NSA_PROTO_LIB_DIR}")

install(TARGETS cust_opapi LIBRARY DESTINATION ${NSA_VENDOR_DIR}/op_api/lib COMPONENT package)
install(TARGETS cust_opmaster LIBRARY DESTINATION ${NSA_VENDOR_DIR}/${NSA_TILING_LIB_DIR} COMPONENT package)
install(TARGETS cust_opsproto LIBRARY DESTINATION ${NSA_VENDOR_DIR}/${NSA_PROTO_LIB_DIR} COMPONENT package)

# nsa_add_op(<OpType> INFERSHAPE <sources> TILING <sources> API <sources> API_HEADER <aclnn header>
#            KERNEL <entry source> KERNEL_NAME <entry function> KERNEL_ARGS <count>)
# Called from an op folder (paths relative to it): its infershape, OpDef and tiling, and aclnn
# sources join the package's libraries, its kernel becomes the library <op folder>_kernel, and
# its aclnn header is installed with the package.
function(nsa_add_op OP_TYPE)
    nsa_op_sources(${ARGN})
    target_sources(cust_opsproto PRIVATE ${OP_INFERSHAPE})
    target_sources(cust_opmaster PRIVATE ${OP_TILING})
    target_sources(cust_opapi PRIVATE ${OP_API})
    get_filename_component(api_dir ${CMAKE_CURRENT_SOURCE_DIR}/${OP_API_HEADER} DIRECTORY)
    target_include_directories(cust_opapi PUBLIC $<BUILD_INTERFACE:${api_dir}>)
    install(FILES ${OP_API_HEADER} DESTINATION ${NSA_VENDOR_DIR}/op_api/include COMPONENT package)
    nsa_add_sim_kernel(TARGET ${op}_kernel OP_TYPE ${OP_TYPE} KERNEL ${OP_KERNEL_NAME}
        SOURCE ${CMAKE_CURRENT_SOURCE_DIR}/${OP_KERNEL} ARGS ${OP_KERNEL_ARGS})
    target_include_directories(${op}_kernel PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/op_kernel ${NSA_COMMON_DIR}/op_kernel)
    target_link_libraries(cust_opapi PRIVATE ${op}_kernel)

    install(TARGETS ${op}_kernel LIBRARY DESTINATION ${NSA_VENDOR_DIR}/${NSA_KERNEL_LIB_DIR} COMPONENT package)
endfunction()
