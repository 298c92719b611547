# nsa_op_sources(<the arguments of nsa_add_op after OpType>)
# The part of nsa_add_op both backends share (cmake/op_package.cmake, cmake/cann_op.cmake): the
# op folder's infershape, OpDef and tiling, and aclnn sources join the package's libraries, and
# its aclnn header is installed with the package. A macro, so that the calling nsa_add_op goes on
# with `op` (the op folder's name) and OP_KERNEL, OP_KERNEL_NAME, OP_KERNEL_ARGS.
macro(nsa_op_sources)
    cmake_parse_arguments(OP "" "API_HEADER;KERNEL;KERNEL_NAME;KERNEL_ARGS" "INFERSHAPE;TILING;API" ${ARGN})
    get_filename_component(op ${CMAKE_CURRENT_SOURCE_DIR} NAME)
    list(TRANSFORM OP_INFERSHAPE PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/)
    list(TRANSFORM OP_TILING PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/)
    list(TRANSFORM OP_API PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/)
    target_sources(cust_opsproto PRIVATE ${OP_INFERSHAPE})
    target_sources(cust_opmaster PRIVATE ${OP_TILING})
    target_sources(cust_opapi PRIVATE ${OP_API})
    get_filename_component(api_dir ${CMAKE_CURRENT_SOURCE_DIR}/${OP_API_HEADER} DIRECTORY)
    target_include_directories(cust_opapi PUBLIC $<BUILD_INTERFACE:${api_dir}>)
    install(FILES ${OP_API_HEADER} DESTINATION ${NSA_VENDOR_DIR}/${NSA_OPAPI_INCLUDE_DIR} COMPONENT package)
endmacro()
