#!/usr/bin/env bash
# Lays out a stand-in CANN toolkit, a folder shaped like $ASCEND_HOME_PATH, for building the
# CANN backend where no toolkit is installed. Everything public is linked where it lies in
# ../shared: CANN's headers (cann-headers) and the custom-op project framework's CMake package
# and scripts (cann-framework/cmake/asc). What is not public here comes from TOOLS_DIR, built by
# build_tools.sh (op_build from its public source, the OpDef registry it links), and from
# standin/asc_opc_env (what the real kernel compile driver, asc_opc, needs beside the
# framework's sources: the platform library and the kernel compiler).
# Usage: assemble_toolkit.sh TOOLKIT_DIR TOOLS_DIR
set -euo pipefail
toolkit="$1" tools="$2"
here="$(cd "$(dirname "$0")" && pwd)"
shared="${NSA_SHARED_DIR:-$(cd "$here/../../.." && pwd)/shared}"
headers="$shared/cann-headers" framework="$shared/cann-framework"
for need in "$headers/metadef/inc" "$framework/cmake/asc/asc-config.cmake" "$tools/tools/opbuild/op_build" \
            "$tools/lib64/libregister.so"; do
    [ -e "$need" ] || { echo "assemble_toolkit.sh: missing $need" >&2; exit 1; }
done
arch="$(uname -m)"
lib="$toolkit/$arch-linux/lib64"
rm -rf "$toolkit"
mkdir -p "$lib/cmake" "$toolkit/compiler/tikcpp" "$toolkit/tools/opbuild" "$toolkit/include"
ln -s "$arch-linux/lib64" "$toolkit/lib64"
# asc_opc and the Python package it runs on, the platform library it loads, the kernel compiler.
bash "$here/standin/asc_opc_env/build_env.sh" "$toolkit" "$framework" "$headers" > "$toolkit.build_env.log" 2>&1 ||
    { cat "$toolkit.build_env.log" >&2; exit 1; }

# find_package(ASC) finds <toolkit>/<arch>-linux/lib64/cmake/asc-config.cmake through
# CMAKE_PREFIX_PATH, as a toolkit's set_env.sh arranges; the framework then includes its modules
# from compiler/tikcpp/ascendc_kernel_cmake.
for entry in "$framework"/cmake/asc/*; do ln -s "$entry" "$lib/cmake/"; done
ln -s "$framework/cmake/asc" "$toolkit/compiler/tikcpp/ascendc_kernel_cmake"
# util/gen_version_info.sh reads the compiler's version into the package's version.info.
echo "Version=${NSA_STANDIN_TOOLKIT_VERSION:-8.5.0}" > "$toolkit/compiler/version.info"

# include/: one tree as a toolkit installs it, each header linked from the first of the
# conformance check's host folders that has it, then the generated tiling headers.
mapfile -t header_roots < <(python3 "$here/../conformance/check.py" --host-folders)
[ "${#header_roots[@]}" -gt 0 ] || { echo "assemble_toolkit: no host include folders" >&2; exit 1; }
for root in "${header_roots[@]}" generated; do
    (cd "$headers/$root" && find . -type f) | while read -r rel; do
        dst="$toolkit/include/${rel#./}"
        [ -e "$dst" ] || { mkdir -p "$(dirname "$dst")"; ln -s "$headers/$root/${rel#./}" "$dst"; }
    done
done
# Headers that are not among ../shared's: the stand-ins of standin/include (mmpa, dlog, the
# graph engine's), and the conformance check's declarations from CANN's documentation.
for extra in "$here/standin/include" "$tools/include" "$here/../conformance/declared"; do
    [ ! -d "$extra" ] || cp -r "$extra/." "$toolkit/include/"
done

# The host libraries the framework links by name. op_build loads the op libraries on the OpDef
# registry; the others only have to exist for a link, since nothing built here runs on them.
cp "$tools/lib64/"*.so "$lib/"
for name in exe_graph tiling_api graph opapi nnopbase ascendcl acl_rt runtime error_manager mmpa c_sec; do
    [ -e "$lib/lib$name.so" ] || echo 'void nsa_standin_library(void) {}' | cc -x c -shared -fPIC -o "$lib/lib$name.so" -
done
echo 'void nsa_standin_registry(void) {}' | cc -x c -c -fPIC -o "$toolkit/rt2_registry.o" -
ar rcs "$lib/librt2_registry.a" "$toolkit/rt2_registry.o" && rm "$toolkit/rt2_registry.o"

cp "$tools/tools/opbuild/op_build" "$toolkit/tools/opbuild/op_build"

# set_env.sh, which a user sources before building, as with an installed toolkit.
cat > "$toolkit/set_env.sh" <<ENV
export ASCEND_HOME_PATH="$toolkit"
export PATH="$toolkit/bin:\$PATH"
export LD_LIBRARY_PATH="$lib\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
export CMAKE_PREFIX_PATH="$lib/cmake\${CMAKE_PREFIX_PATH:+:\$CMAKE_PREFIX_PATH}"
ENV
