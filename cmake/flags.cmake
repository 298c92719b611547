# Compile flags shared by every target of the sim backend. -ffp-contract=off keeps the compiler
# from fusing a*b+c, which the bit-exact arithmetic contract forbids
# (nsa_compress/docs/design.md, "Arithmetic contract").
option(NSA_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(NSA_WERROR "Treat warnings as errors" ON)
option(NSA_FUZZ "Instrument for libFuzzer and build the fuzz targets (clang, with NSA_SANITIZE)" OFF)

add_compile_options(-Wall -Wextra -ffp-contract=off)
if(NSA_WERROR)
    add_compile_options(-Werror)
endif()
if(NSA_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR NOT NSA_SANITIZE)
        message(FATAL_ERROR "NSA_FUZZ needs clang (CXX=clang++) and NSA_SANITIZE=ON")
    endif()
    add_compile_options(-fsanitize=fuzzer-no-link)
endif()
if(NSA_SANITIZE)
    add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
else()
    # Every shared library must resolve against its own dependencies, as a device build must.
    add_link_options(-Wl,--no-undefined)
endif()
