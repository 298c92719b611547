# CANN backend: the package is built by the toolkit's custom-op project framework
# (find_package(ASC): npu_op_package, npu_op_code_gen, npu_op_library, npu_op_kernel_sources),
# the way msopgen projects and the vendor's ops-transformer build theirs. The framework compiles
# the OpDefs into the op-info config, each op's kernel per SoC and dtype into device binaries
# with their JSON, and installs the package tree (cmake/package_tree.cmake names the paths the
# framework lets a project choose; its own rules place the kernels and configs the same way).
# What the project adds: its hand-written aclnn API in place of the generated one, and the
# include folders its sources share. nsa_add_op records an op folder's parts; nsa_package_finish
# hands them to the framework once every op folder has been read.
find_package(ASC REQUIRED)
include(op_sources)

set(ASCEND_COMPUTE_UNIT ${NSA_COMPUTE_UNITS})
set(NSA_COMMON_DIR ${PROJECT_SOURCE_DIR}/nsa_common)
set(NSA_COMMON_HOST ${NSA_COMMON_DIR}/op_host/nsa_rules.cpp ${NSA_COMMON_DIR}/op_host/nsa_views.cpp
    ${NSA_COMMON_DIR}/op_host/nsa_tiling_views.cpp ${NSA_COMMON_DIR}/op_host/nsa_tiling_front.cpp
    ${NSA_COMMON_DIR}/op_host/nsa_paged_rules.cpp)
set(NSA_COMMON_API ${NSA_COMMON_DIR}/op_api/argument_front.cpp ${NSA_COMMON_DIR}/op_api/shape_checks.cpp
    ${NSA_COMMON_DIR}/op_api/tensor_checks.cpp ${NSA_COMMON_DIR}/op_api/kernel_tensors.cpp)
set(NSA_HOST_INCLUDES ${NSA_COMMON_DIR}/op_host ${NSA_COMMON_DIR}/op_api ${NSA_COMMON_DIR}/op_kernel)

# The binary package only: the kernels ship compiled for each SoC, not as sources for the
# toolkit's online compiler. The framework's install rules name no component; they install the
# package component here, as the sim backend's do, and scripts/package.sh packs the tree with
# the project's installer on both backends (build.sh --pkg).
set(CMAKE_INSTALL_DEFAULT_COMPONENT_NAME package)
npu_op_package(${NSA_VENDOR} TYPE RUN CONFIG ENABLE_SOURCE_PACKAGE False)

# nsa_add_op: the same signature as on the sim backend (cmake/op_package.cmake).
function(nsa_add_op OP_TYPE)
    nsa_op_sources(${ARGN})
    set_property(GLOBAL APPEND PROPERTY NSA_OP_TYPES ${OP_TYPE})
    set_property(GLOBAL APPEND PROPERTY NSA_OP_DEF_SOURCES ${OP_TILING} ${OP_INFERSHAPE})
    set_property(GLOBAL APPEND PROPERTY NSA_OP_TILING_SOURCES ${OP_TILING})
    set_property(GLOBAL APPEND PROPERTY NSA_OP_PROTO_SOURCES ${OP_INFERSHAPE})
    set_property(GLOBAL APPEND PROPERTY NSA_OP_API_SOURCES ${OP_API})
    set_property(GLOBAL APPEND PROPERTY NSA_OP_API_HEADERS ${CMAKE_CURRENT_SOURCE_DIR}/${OP_API_HEADER})
    get_filename_component(kernel_dir ${CMAKE_CURRENT_SOURCE_DIR}/${OP_KERNEL} DIRECTORY)
    file(RELATIVE_PATH kernel_dir ${PROJECT_SOURCE_DIR} ${kernel_dir})
    get_filename_component(kernel_file ${OP_KERNEL} NAME)
    set_property(GLOBAL PROPERTY NSA_OP_${OP_TYPE}_KERNEL ${kernel_dir} ${kernel_file})
endfunction()

# The OpDefs through opbuild: the op-info ini the kernel build reads, and the aclnn sources,
# which the project does not use: its ops keep their hand-written two-phase API (op_api/), whose
# headers take the generated ones' place in the package.
function(nsa_generate_from_opdefs)
    get_property(def_sources GLOBAL PROPERTY NSA_OP_DEF_SOURCES)
    list(TRANSFORM NSA_HOST_INCLUDES PREPEND -I OUTPUT_VARIABLE include_flags)
    npu_op_code_gen(SRC ${def_sources} ${NSA_COMMON_HOST} PACKAGE ${NSA_VENDOR} OUT_DIR ${ASCEND_AUTOGEN_PATH}
        COMPILE_OPTIONS -std=c++17 ${include_flags}
        OPTIONS OPS_ACLNN_GEN 0 OPS_VENDOR_NAME ${NSA_VENDOR})
    get_property(api_headers GLOBAL PROPERTY NSA_OP_API_HEADERS)
    file(COPY ${api_headers} DESTINATION ${ASCEND_AUTOGEN_PATH})
endfunction()

function(nsa_add_host_libraries)
    get_property(tiling_sources GLOBAL PROPERTY NSA_OP_TILING_SOURCES)
    get_property(proto_sources GLOBAL PROPERTY NSA_OP_PROTO_SOURCES)
    get_property(api_sources GLOBAL PROPERTY NSA_OP_API_SOURCES)
    get_property(api_headers GLOBAL PROPERTY NSA_OP_API_HEADERS)
    npu_op_library(cust_optiling TILING ${tiling_sources} ${NSA_COMMON_HOST})
    npu_op_library(cust_op_proto GRAPH ${proto_sources} ${NSA_COMMON_HOST})
    npu_op_library(cust_opapi ACLNN ${api_sources} ${NSA_COMMON_API} ${NSA_COMMON_HOST})
    foreach(header ${api_headers})
        get_filename_component(api_dir ${header} DIRECTORY)
        target_include_directories(cust_opapi PRIVATE ${api_dir})
    endforeach()
    foreach(library cust_optiling cust_op_proto cust_opapi)
        target_include_directories(${library} PRIVATE ${NSA_HOST_INCLUDES})
        target_compile_features(${library} PRIVATE cxx_std_17)
    endforeach()
endfunction()

# Each op's kernel, compiled per SoC and per dtype of its OpDef by the framework.
function(nsa_add_kernels)
    get_property(op_types GLOBAL PROPERTY NSA_OP_TYPES)
    foreach(op_type ${op_types})
        get_property(kernel GLOBAL PROPERTY NSA_OP_${op_type}_KERNEL)
        list(GET kernel 0 kernel_dir)
        list(GET kernel 1 kernel_file)
        npu_op_kernel_sources(nsa_kernels OP_TYPE ${op_type} KERNEL_DIR ${kernel_dir} KERNEL_FILE ${kernel_file})
        npu_op_kernel_options(nsa_kernels ${op_type} OPTIONS
            -I${PROJECT_SOURCE_DIR}/${kernel_dir} -I${NSA_COMMON_DIR}/op_kernel)
    endforeach()
    npu_op_kernel_library(nsa_kernels SRC_BASE ${PROJECT_SOURCE_DIR} TILING_LIBRARY cust_optiling)
endfunction()

function(nsa_package_finish)
    nsa_generate_from_opdefs()
    nsa_add_host_libraries()
    nsa_add_kernels()
    npu_op_package_add(${NSA_VENDOR} LIBRARY cust_optiling PACKAGE_PATH ${NSA_VENDOR_DIR}/${NSA_TILING_DIR})
    npu_op_package_add(${NSA_VENDOR} LIBRARY cust_op_proto PACKAGE_PATH ${NSA_VENDOR_DIR}/${NSA_PROTO_DIR})
    npu_op_package_add(${NSA_VENDOR} LIBRARY cust_opapi PACKAGE_PATH ${NSA_VENDOR_DIR}/${NSA_OPAPI_DIR})
    npu_op_package_add(${NSA_VENDOR} LIBRARY nsa_kernels)
endfunction()
