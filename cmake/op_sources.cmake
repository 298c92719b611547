# nsa_op_sources(<the arguments of nsa_add_op after OpType>)
# The part of nsa_add_op both backends share (cmake/op_package.cmake, cmake/cann_op.cmake): the
# op folder's parts by role, with absolute paths. A macro, so that the calling nsa_add_op goes on
# with `op` (the op folder's name), OP_INFERSHAPE, OP_TILING, OP_API, OP_API_HEADER, OP_KERNEL,
# OP_KERNEL_NAME and OP_KERNEL_ARGS.
macro(nsa_op_sources)
    cmake_parse_arguments(OP "" "API_HEADER;KERNEL;KERNEL_NAME;KERNEL_ARGS" "INFERSHAPE;TILING;API" ${ARGN})
    get_filename_component(op ${CMAKE_CURRENT_SOURCE_DIR} NAME)
    list(TRANSFORM OP_INFERSHAPE PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/)
    list(TRANSFORM OP_TILING PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/)
    list(TRANSFORM OP_API PREPEND ${CMAKE_CURRENT_SOURCE_DIR}/)
endmacro()
