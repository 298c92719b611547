# nsa_add_sim_kernel(TARGET <lib> OP_TYPE <type> KERNEL <entry> SOURCE <kernel.cpp> ARGS <count>)
# Builds an op's kernel source, unchanged, as a shared library for the simulator. The generated
# glue does what the CANN kernel compiler does around a kernel: it defines
# GET_TILING_DATA_WITH_STRUCT and registers the entry under its op type for launches.

# Taken now: when the function runs, CMAKE_CURRENT_LIST_DIR is the calling op folder's.
set(SIM_KERNEL_GLUE_TEMPLATE ${CMAKE_CURRENT_LIST_DIR}/sim_kernel_glue.cpp.in)

function(nsa_add_sim_kernel)
    cmake_parse_arguments(K "" "TARGET;OP_TYPE;KERNEL;SOURCE;ARGS" "" ${ARGN})
    set(KERNEL_ARGS "")
    math(EXPR last "${K_ARGS} - 1")
    foreach(i RANGE ${last})
        if(i GREATER 0)
            string(APPEND KERNEL_ARGS ", ")
        endif()
        string(APPEND KERNEL_ARGS "args[${i}]")
    endforeach()
    set(OP_TYPE ${K_OP_TYPE})
    set(KERNEL_NAME ${K_KERNEL})
    set(KERNEL_SOURCE ${K_SOURCE})
    set(glue ${CMAKE_CURRENT_BINARY_DIR}/${K_TARGET}_glue.cpp)
    configure_file(${SIM_KERNEL_GLUE_TEMPLATE} ${glue} @ONLY)
    add_library(${K_TARGET} SHARED ${glue})
    target_include_directories(${K_TARGET} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
    target_link_libraries(${K_TARGET} PRIVATE ascend_sim)
endfunction()
