#!/bin/bash
# Assemble an environment in which CANN's real asc_opc (and the asc_op_compile_base package it
# imports) runs, with only the non-public pieces stood in. Usage:
#   build_env.sh OUT [FRAMEWORK_DIR] [CANN_HEADERS_DIR]
# OUT gets:
#   lib64/libplatform.so   stand-in for CANN's platform library (platform/platform_standin.cpp)
#   platform_config/       stand-in platform data (symlink to ./platform_config)
#   python/site-packages/  asc_opc_tool (symlink), asc_op_compile_base (symlink farm of the
#                          framework's sources, plus c_api/libasc_platform.so built from its
#                          public C++ sources against the stand-in platform)
#   x86_64-linux/bin/asc_opc   the framework's asc_opc launcher (copied: it locates its package
#                              relative to its own real path); bin/asc_opc links to it
#   x86_64-linux/ccec_compiler/bin/{bisheng,ld.lld}   the recording stand-in compiler and
#                              linker (./bin/bisheng); bin/{bisheng,ld.lld} link to them
#   x86_64-linux/asc/{include,impl}, include/kernel_tiling   links to the public headers
# Nothing of the framework is modified.
set -euo pipefail
OUT=$(mkdir -p "$1" && cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../../.." && pwd)
FW=${2:-$ROOT/../shared/cann-framework}
H=${3:-$ROOT/../shared/cann-headers}
FW=$(cd "$FW" && pwd); H=$(cd "$H" && pwd)
CXX=${CXX:-g++}
BASE=$FW/tools/build/asc_op_compile_base
SP=$OUT/python/site-packages

mkdir -p "$OUT/lib64" "$OUT/bin" "$SP"
INC=(-I"$HERE/../include" -I"$H/runtime/pkg_inc" -I"$H/libboundscheck/include" -I"$H/metadef/inc/external"
     -I"$H/metadef/inc" -I"$BASE/c_api" -I"$FW/tools/build/common")
# The framework builds libasc_platform with -D_GLIBCXX_USE_CXX11_ABI=0; both sides use it here.
FLAGS=(-std=c++17 -fPIC -O1 -D_GLIBCXX_USE_CXX11_ABI=0)

"$CXX" "${FLAGS[@]}" "${INC[@]}" -shared -o "$OUT/lib64/libplatform.so" "$HERE/platform/platform_standin.cpp" -ldl

# asc_op_compile_base: a symlink farm, so that c_api/ can hold the built library (asc_platform.py
# loads it from its own directory) while every source stays the framework's.
rm -rf "$SP/asc_op_compile_base"
mkdir -p "$SP/asc_op_compile_base/c_api"
for e in "$BASE"/*; do
  [ "$(basename "$e")" = c_api ] && continue
  ln -s "$e" "$SP/asc_op_compile_base/$(basename "$e")"
done
for e in "$BASE"/c_api/*.py; do ln -s "$e" "$SP/asc_op_compile_base/c_api/"; done
"$CXX" "${FLAGS[@]}" "${INC[@]}" -shared -o "$SP/asc_op_compile_base/c_api/libasc_platform.so" \
  "$BASE/c_api/asc_platform.cc" "$BASE/c_api/asc_platform_api.cpp" \
  -L"$OUT/lib64" -lplatform -Wl,-rpath,'$ORIGIN/../../../../lib64' -Wl,--no-undefined

ln -sfn "$FW/tools/build/asc_opc/python/asc_opc_tool" "$SP/asc_opc_tool"
# The toolkit's layout: <root>/bin/asc_opc -> ../x86_64-linux/bin/asc_opc; the launcher finds
# <root>/python/site-packages two levels above its real directory, and the generated op
# wrappers find the toolkit root the same way (`which asc_opc`).
mkdir -p "$OUT/x86_64-linux/bin" "$OUT/x86_64-linux/ccec_compiler/bin"
install -m 0755 "$FW/tools/build/asc_opc/asc_opc" "$OUT/x86_64-linux/bin/asc_opc"
ln -sfn ../x86_64-linux/bin/asc_opc "$OUT/bin/asc_opc"
install -m 0755 "$HERE/bin/bisheng" "$OUT/x86_64-linux/ccec_compiler/bin/bisheng"
ln -sfn bisheng "$OUT/x86_64-linux/ccec_compiler/bin/ld.lld"
ln -sfn ../x86_64-linux/ccec_compiler/bin/bisheng "$OUT/bin/bisheng"
ln -sfn ../x86_64-linux/ccec_compiler/bin/ld.lld "$OUT/bin/ld.lld"
# The platform stand-in reads its data beside the folder it is loaded from (lib64/../platform_config),
# which a toolkit's lib64 link may place elsewhere than OUT.
ln -sfn "$HERE/platform_config" "$(cd "$OUT/lib64" && pwd -P)/../platform_config"
# The Ascend C headers where the toolkit has them (<root>/x86_64-linux/asc/{include,impl}; the
# generated kernel_tiling.h under <root>/include), from the public headers in CANN_HEADERS_DIR.
mkdir -p "$OUT/x86_64-linux/asc" "$OUT/include"
ln -sfn "$H/asc-devkit/include" "$OUT/x86_64-linux/asc/include"
ln -sfn "$H/asc-devkit/impl" "$OUT/x86_64-linux/asc/impl"
ln -sfn "$H/generated/kernel_tiling" "$OUT/include/kernel_tiling"
echo "asc_opc environment in $OUT"
