# The examples' shared command-line code (values, flags, windows' arguments, index tensors, tensor extents, the
# escaping of what messages quote), with no ACL dependency: the examples project builds it into
# nsa_example_cli, and the fuzz targets compile it into themselves.
set(NSA_EXAMPLE_CLI_DIR ${CMAKE_CURRENT_LIST_DIR})
set(NSA_EXAMPLE_CLI_SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/cli_values.cpp
    ${CMAKE_CURRENT_LIST_DIR}/cli_flags.cpp
    ${CMAKE_CURRENT_LIST_DIR}/tensor_extent.cpp
    ${CMAKE_CURRENT_LIST_DIR}/window_args.cpp
    ${CMAKE_CURRENT_LIST_DIR}/index_args.cpp
    ${CMAKE_CURRENT_LIST_DIR}/printable_text.cpp)
