# The custom-op package on the sim backend, built once for every op in it: the rules every op
# shares (nsa_common/), one library per part of the package (cust_opsproto: infershape;
# cust_opmaster: OpDef and tiling; cust_opapi: the aclnn API) and one kernel library per op, in
# the framework's tree (cmake/package_tree.cmake). libcust_opapi.so finds the others through its
# RUNPATH. An op folder adds its sources with nsa_add_op (below); the cann backend defines the
# same in cann_op.cmake.
# The simulator compiles each op's kernel for the host (nsa_add_sim_kernel).
include(${PROJECT_SOURCE_DIR}/simulator/cmake/sim_kernel.cmake)
include(op_sources)

set(NSA_COMMON_DIR ${PROJECT_SOURCE_DIR}/nsa_common)
add_library(nsa_common STATIC ${NSA_COMMON_DIR}/op_host/nsa_rules.cpp ${NSA_COMMON_DIR}/op_host/nsa_views.cpp
    ${NSA_COMMON_DIR}/op_host/nsa_tiling_views.cpp ${NSA_COMMON_DIR}/op_host/nsa_tiling_front.cpp
    ${NSA_COMMON_DIR}/op_host/nsa_paged_rules.cpp)
target_include_directories(nsa_common PUBLIC ${NSA_COMMON_DIR}/op_host ${NSA_COMMON_DIR}/op_kernel)
target_link_libraries(nsa_common PUBLIC ascend_sim)

add_library(cust_opsproto SHARED)
set_target_properties(cust_opsproto PROPERTIES OUTPUT_NAME ${NSA_PROTO_LIB_NAME})
target_link_libraries(cust_opsproto PRIVATE nsa_common ascend_sim)

add_library(cust_opmaster SHARED)
set_target_properties(cust_opmaster PROPERTIES OUTPUT_NAME ${NSA_TILING_LIB_NAME})
target_link_libraries(cust_opmaster PRIVATE nsa_common ascend_sim)

add_library(cust_opapi SHARED ${NSA_COMMON_DIR}/op_api/argument_front.cpp
    ${NSA_COMMON_DIR}/op_api/shape_checks.cpp ${NSA_COMMON_DIR}/op_api/tensor_checks.cpp
    ${NSA_COMMON_DIR}/op_api/kernel_tensors.cpp)
target_include_directories(cust_opapi PRIVATE ${NSA_COMMON_DIR}/op_api)
target_link_libraries(cust_opapi PRIVATE nsa_common cust_opmaster cust_opsproto PUBLIC ascend_sim)
# Loading the aclnn library loads the ops' host and kernel libraries, which register themselves.
target_link_options(cust_opapi PRIVATE -Wl,--no-as-needed)

# Where each library stands is cmake/package_tree.cmake's: the tree of CANN's custom-op project
# framework. libcust_opapi.so finds the tiling and proto libraries, and every op's kernel library
# in the kernel folders of the compute units (nsa_add_op adds those), through its RUNPATH.
foreach(dir ${NSA_TILING_LIB_DIR} ${NSA_PROTO_LIB_DIR})
    nsa_path_from_opapi_lib(${dir} relative)
    set_property(TARGET cust_opapi APPEND PROPERTY INSTALL_RPATH "$ORIGIN/${relative}")
endforeach()

install(TARGETS cust_opapi LIBRARY DESTINATION ${NSA_VENDOR_DIR}/${NSA_OPAPI_LIB_DIR} COMPONENT package)
install(TARGETS cust_opmaster LIBRARY DESTINATION ${NSA_VENDOR_DIR}/${NSA_TILING_LIB_DIR} COMPONENT package)
install(TARGETS cust_opsproto LIBRARY DESTINATION ${NSA_VENDOR_DIR}/${NSA_PROTO_LIB_DIR} COMPONENT package)

# liboptiling.so beside the tiling library's lib/ folder, the framework's link to it.
set(NSA_PACKAGE_GEN_DIR ${CMAKE_BINARY_DIR}/package_tree)
get_filename_component(tiling_link_name ${NSA_TILING_LINK} NAME)
get_filename_component(tiling_link_dir ${NSA_TILING_LINK} DIRECTORY)
file(MAKE_DIRECTORY ${NSA_PACKAGE_GEN_DIR}/links)
file(CREATE_LINK ${NSA_TILING_LINK_TARGET} ${NSA_PACKAGE_GEN_DIR}/links/${tiling_link_name} SYMBOLIC)
install(FILES ${NSA_PACKAGE_GEN_DIR}/links/${tiling_link_name} DESTINATION ${NSA_VENDOR_DIR}/${tiling_link_dir}
    COMPONENT package)

# version.info, in the framework's form (custom_opp_compiler_version=<the toolkit compiler's
# version>); the sim has no toolkit compiler, so it names the simulator and the host compiler.
file(WRITE ${NSA_PACKAGE_GEN_DIR}/${NSA_VERSION_INFO}
    "custom_opp_compiler_version=sim-${CMAKE_CXX_COMPILER_ID}-${CMAKE_CXX_COMPILER_VERSION}\n")
install(FILES ${NSA_PACKAGE_GEN_DIR}/${NSA_VERSION_INFO} DESTINATION ${NSA_VENDOR_DIR} COMPONENT package)

# The configuration files the framework generates from the OpDefs (opbuild's op-info ini through
# parse_ini_to_json.py; the kernel compiler's descriptions and ascendc_ops_config.py's binary
# configs), written in the same formats by a host tool that loads the ops' OpDefs from
# cust_opmaster (simulator/tools/op_configs.cpp).
add_executable(nsa_op_configs ${PROJECT_SOURCE_DIR}/simulator/tools/op_configs.cpp)
target_link_options(nsa_op_configs PRIVATE -Wl,--no-as-needed)
target_link_libraries(nsa_op_configs PRIVATE cust_opmaster ascend_sim)
foreach(soc ${NSA_COMPUTE_UNITS})
    nsa_op_info_path(${soc} op_info)
    set(generated ${NSA_PACKAGE_GEN_DIR}/${op_info})
    get_filename_component(generated_dir ${generated} DIRECTORY)
    get_filename_component(op_info_dir ${op_info} DIRECTORY)
    add_custom_command(OUTPUT ${generated}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${generated_dir}
        COMMAND nsa_op_configs op-info ${soc} ${generated}
        DEPENDS nsa_op_configs
        COMMENT "op-info config for ${soc}")
    add_custom_target(nsa_op_info_${soc} ALL DEPENDS ${generated})
    install(FILES ${generated} DESTINATION ${NSA_VENDOR_DIR}/${op_info_dir} COMPONENT package)
endforeach()

# nsa_add_op(<OpType> INFERSHAPE <sources> TILING <sources> API <sources> API_HEADER <aclnn header>
#            KERNEL <entry source> KERNEL_NAME <entry function> KERNEL_ARGS <count>)
# Called from an op folder (paths relative to it): its infershape, OpDef and tiling, and aclnn
# sources join the package's libraries, its kernel becomes the library <op folder>_kernel, and
# its aclnn header is installed with the package. The kernel library is the op's "binary"
# <OpType>_sim.so (the framework names binaries <OpType>_<variant>), installed with its
# description and the op's binary config for every compute unit, where the device binaries stand.
function(nsa_add_op OP_TYPE)
    nsa_op_sources(${ARGN})
    target_sources(cust_opsproto PRIVATE ${OP_INFERSHAPE})
    target_sources(cust_opmaster PRIVATE ${OP_TILING})
    target_sources(cust_opapi PRIVATE ${OP_API})
    get_filename_component(api_dir ${CMAKE_CURRENT_SOURCE_DIR}/${OP_API_HEADER} DIRECTORY)
    target_include_directories(cust_opapi PUBLIC $<BUILD_INTERFACE:${api_dir}>)
    install(FILES ${OP_API_HEADER} DESTINATION ${NSA_VENDOR_DIR}/${NSA_OPAPI_INCLUDE_DIR} COMPONENT package)
    nsa_add_sim_kernel(TARGET ${op}_kernel OP_TYPE ${OP_TYPE} KERNEL ${OP_KERNEL_NAME}
        SOURCE ${CMAKE_CURRENT_SOURCE_DIR}/${OP_KERNEL} ARGS ${OP_KERNEL_ARGS})
    set(bin_name ${OP_TYPE}_sim)
    set_target_properties(${op}_kernel PROPERTIES PREFIX "" OUTPUT_NAME ${bin_name})
    target_include_directories(${op}_kernel PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/op_kernel ${NSA_COMMON_DIR}/op_kernel)
    target_link_libraries(cust_opapi PRIVATE ${op}_kernel)

    foreach(soc ${NSA_COMPUTE_UNITS})
        nsa_kernel_dir(${soc} ${op} kernel_dir)
        nsa_kernel_config_path(${soc} ${op} config)
        get_filename_component(config_dir ${config} DIRECTORY)
        nsa_path_from_opapi_lib(${kernel_dir} relative)
        set_property(TARGET cust_opapi APPEND PROPERTY INSTALL_RPATH "$ORIGIN/${relative}")
        install(TARGETS ${op}_kernel LIBRARY DESTINATION ${NSA_VENDOR_DIR}/${kernel_dir} COMPONENT package)

        set(description ${NSA_PACKAGE_GEN_DIR}/${kernel_dir}/${bin_name}.json)
        set(generated_config ${NSA_PACKAGE_GEN_DIR}/${config})
        add_custom_command(OUTPUT ${description} ${generated_config}
            COMMAND ${CMAKE_COMMAND} -E make_directory ${NSA_PACKAGE_GEN_DIR}/${kernel_dir}
                ${NSA_PACKAGE_GEN_DIR}/${config_dir}
            COMMAND nsa_op_configs kernel ${OP_TYPE} ${soc} ${op} ${bin_name} ${CMAKE_SHARED_LIBRARY_SUFFIX}
                ${description} ${generated_config}
            DEPENDS nsa_op_configs
            COMMENT "kernel description and binary config of ${OP_TYPE} for ${soc}")
        add_custom_target(${op}_kernel_config_${soc} ALL DEPENDS ${description} ${generated_config})
        install(FILES ${description} DESTINATION ${NSA_VENDOR_DIR}/${kernel_dir} COMPONENT package)
        install(FILES ${generated_config} DESTINATION ${NSA_VENDOR_DIR}/${config_dir} COMPONENT package)
    endforeach()
endfunction()
