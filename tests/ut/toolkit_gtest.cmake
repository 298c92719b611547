# googletest for the cann backend's host unit tests. The framework compiles the op's host code
# with its intf_pub options, _GLIBCXX_USE_CXX11_ABI=0 among them (the ABI CANN's libraries are
# built with); the tests pass std::string to that code and take it back, so they and googletest
# must be compiled the same way, while Debian's libgtest is built with the new ABI. libgtest-dev
# also ships googletest's sources: they are compiled here with the framework's options.
find_path(NSA_GTEST_SOURCE_DIR src/gtest-all.cc
    PATHS /usr/src/googletest/googletest /usr/src/gtest NO_DEFAULT_PATH)
if(NOT NSA_GTEST_SOURCE_DIR)
    message(FATAL_ERROR "the cann backend's unit tests build googletest from its sources: "
        "install libgtest-dev (/usr/src/googletest) or set NSA_GTEST_SOURCE_DIR")
endif()
find_package(Threads REQUIRED)
add_library(nsa_toolkit_gtest STATIC EXCLUDE_FROM_ALL
    ${NSA_GTEST_SOURCE_DIR}/src/gtest-all.cc ${NSA_GTEST_SOURCE_DIR}/src/gtest_main.cc)
target_include_directories(nsa_toolkit_gtest PRIVATE ${NSA_GTEST_SOURCE_DIR}
    PUBLIC ${NSA_GTEST_SOURCE_DIR}/include)
target_link_libraries(nsa_toolkit_gtest PUBLIC intf_pub Threads::Threads)
