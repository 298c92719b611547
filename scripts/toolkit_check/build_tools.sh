#!/usr/bin/env bash
# Builds what a stand-in CANN toolkit needs for the framework's code generation:
#   OUT_DIR/lib64/libregister.so      this project's stand-in of CANN's OpDef and op-implementation
#                                     registries (standin/register), which op_build and op_host code link
#   OUT_DIR/lib64/libexe_graph.so     stand-ins of the other libraries the framework links op_host
#   OUT_DIR/lib64/libtiling_api.so    code with (standin/exe_graph, standin/tiling_api)
#   OUT_DIR/tools/opbuild/op_build    CANN's public op_build, built unchanged from ../shared
# with g++ only. Objects are kept under OUT_DIR/.obj and rebuilt only when a source or header is newer.
#
# Usage: build_tools.sh OUT_DIR
# ../shared is found beside the project (override with NSA_SHARED_DIR); JOBS sets the parallel compiles.
set -euo pipefail

die() { echo "build_tools.sh: $*" >&2; exit 1; }
[ $# -eq 1 ] || die "usage: build_tools.sh OUT_DIR"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(cd "$here/../.." && pwd)"
shared="${NSA_SHARED_DIR:-$project/../shared}"
out="$1"
headers="$shared/cann-headers"
opbuild_src="$shared/cann-framework/tools/build/opbuild"
jobs="${JOBS:-$(nproc)}"

command -v g++ >/dev/null || die "g++ not found (apt-get install g++)"
need() { [ -e "$1" ] || die "missing $1 ($2)"; }
need "$shared" "the shared folder: set NSA_SHARED_DIR"
need "$headers/metadef/inc/external/asc/register/op_def.h" "CANN's metadef headers in cann-headers"
need "$headers/libboundscheck/include/securec.h" "libboundscheck's headers in cann-headers"
need "$headers/asc-devkit/include/utils/tiling/platform/platform_ascendc.h" "asc-devkit's headers in cann-headers"
need "$opbuild_src/CMakeLists.txt" "op_build's sources in cann-framework"
need "$shared/cann-framework/tools/build/common/ascendc_tool_log.h" "op_build's common headers in cann-framework"

mkdir -p "$out/lib64" "$out/tools/opbuild" "$out/.obj"
out="$(cd "$out" && pwd)"

# NO_OPERATOR_IMPL: op_def.h then needs no graph-engine header (op_build is built with it too).
# The old string ABI, as CANN builds its libraries and as the framework compiles op_host code
# (compile_ascendc_all_ops_so.py): the registration symbols taking a std::string must match.
includes=(-I"$here/standin/include" -I"$headers/metadef/inc/external/asc" -I"$headers/metadef/inc/external"
          -I"$headers/metadef/inc" -I"$headers/libboundscheck/include" -I"$headers/asc-devkit/include/utils"
          -I"$headers/runtime/pkg_inc")
common=(-std=c++17 -DNO_OPERATOR_IMPL -D_GLIBCXX_USE_CXX11_ABI=0)

# compile HDRS SRC OBJ FLAGS...: skipped when OBJ is newer than SRC, than this script and than the
# headers under folder HDRS (CANN's headers in ../shared are read-only)
compile() {
    local hdrs="$1" src="$2" obj="$3"; shift 3
    if [ -f "$obj" ] && [ "$obj" -nt "$src" ] && [ "$obj" -nt "${BASH_SOURCE[0]}" ] \
       && [ -z "$(find "$hdrs" -name '*.h' -newer "$obj" -print -quit)" ]; then
        return 0
    fi
    # CANN's headers print a deprecation note per file: shown only when the compile fails
    if ! g++ "$@" -c "$src" -o "$obj.tmp" 2>"$obj.log"; then
        cat "$obj.log" >&2; rm -f "$obj.tmp"; return 1
    fi
    mv "$obj.tmp" "$obj"
}

# run_all HDRS FLAGS... -- SRC:OBJ...: compiles in parallel, fails if any compile failed
run_all() {
    local hdrs="$1" flags=() failed=0; shift
    while [ "$1" != "--" ]; do flags+=("$1"); shift; done; shift
    for pair in "$@"; do
        while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || failed=1; done
        compile "$hdrs" "${pair%%:*}" "${pair#*:}" "${flags[@]}" &
    done
    while [ "$(jobs -rp | wc -l)" -gt 0 ]; do wait -n || failed=1; done
    return $failed
}

# standin_lib NAME: lib64/libNAME.so from standin/NAME/*.cpp, with no undefined symbols of its own
standin_lib() {
    local name="$1" pairs=() objs=() src obj
    mkdir -p "$out/.obj/$name"
    for src in "$here/standin/$name"/*.cpp; do
        obj="$out/.obj/$name/$(basename "$src" .cpp).o"; pairs+=("$src:$obj"); objs+=("$obj")
    done
    run_all "$here/standin" "${common[@]}" -O2 -fPIC -Wall -Wextra -Werror "${includes[@]}" -- "${pairs[@]}" \
        || die "compiling the stand-in lib$name (standin/$name) failed"
    g++ -shared -Wl,--no-undefined -Wl,-soname,"lib$name.so" -o "$out/lib64/lib$name.so" "${objs[@]}" \
        || die "linking lib$name.so failed"
}

# 1. the stand-in libraries
for name in register exe_graph tiling_api; do standin_lib "$name"; done

# 2. op_build, its objects linked in the order of its CMakeLists.txt: its generators register
# themselves with a factory during static initialisation, and another order crashes there.
mapfile -t sources < <(sed -n '/add_executable(op_build/,/)/p' "$opbuild_src/CMakeLists.txt" \
                       | tr ' \t()' '\n\n\n\n' | grep '\.cpp$')
[ "${#sources[@]}" -gt 0 ] || die "no sources found in add_executable(op_build ...) of $opbuild_src/CMakeLists.txt"
mkdir -p "$out/.obj/opbuild"; pairs=(); objs=()
for name in "${sources[@]}"; do
    need "$opbuild_src/$name" "listed in op_build's CMakeLists.txt"
    obj="$out/.obj/opbuild/${name%.cpp}.o"; pairs+=("$opbuild_src/$name:$obj"); objs+=("$obj")
done
# CANN's sources, not this project's: their warnings are not ours to fix. Unoptimised: op_build
# runs for a fraction of a second, and -O0 halves its compile time (this runs in CI).
run_all "$here/standin/include" "${common[@]}" -O0 -fpie -fno-common -w "${includes[@]}" -I"$shared/cann-framework/tools/build/common" \
    -- "${pairs[@]}" || die "compiling op_build ($opbuild_src) failed"
# found at run time beside the toolkit's other libraries, as the framework runs it without LD_LIBRARY_PATH
g++ -pie -o "$out/tools/opbuild/op_build" "${objs[@]}" -L"$out/lib64" -lregister -ldl \
    -Wl,-rpath,'$ORIGIN/../../lib64' || die "linking op_build failed"

for name in register exe_graph tiling_api; do echo "$out/lib64/lib$name.so"; done
echo "$out/tools/opbuild/op_build"
