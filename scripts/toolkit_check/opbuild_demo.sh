#!/usr/bin/env bash
# Runs the framework's op-registry code generation by hand, outside cmake, the way npu_op_code_gen
# (cann-framework cmake/asc/fwk_modules/func.cmake) does it: the framework's own
# compile_ascendc_all_ops_so.py compiles op_host sources into libascend_all_ops.so against a stand-in
# toolkit, then op_build (build_tools.sh) loads it and writes the op-info ini, aclnn and op_proto sources.
#
# Usage: opbuild_demo.sh OUT_DIR "COMPUTE_UNITS" "COMPILE_OPTIONS" SRC...
#   COMPUTE_UNITS    ';'-separated, as ASCEND_COMPUTE_UNIT (e.g. "ascend910b;ascend910_93")
#   COMPILE_OPTIONS  extra compiler options (npu_op_code_gen's COMPILE_OPTIONS), e.g. include folders
# Produces OUT_DIR/toolkit (the stand-in: tools, lib64, include) and OUT_DIR/autogen (op_build's output).
set -euo pipefail

die() { echo "opbuild_demo.sh: $*" >&2; exit 1; }
[ $# -ge 4 ] || die "usage: opbuild_demo.sh OUT_DIR COMPUTE_UNITS COMPILE_OPTIONS SRC..."
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(cd "$here/../.." && pwd)"
shared="${NSA_SHARED_DIR:-$project/../shared}"
mkdir -p "$1"; out="$(cd "$1" && pwd)"; units="$2"; options="$3"; shift 3
tk="$out/toolkit"; gen="$out/autogen"; H="$shared/cann-headers"

bash "$here/build_tools.sh" "$tk" >/dev/null

# include/: CANN's public headers as a toolkit lays them out (one folder, first source wins), plus
# the stand-ins for the headers that are not public. Rebuilt each run: symlinks only.
rm -rf "$tk/include"; mkdir -p "$tk/include"
cp -rs "$here/standin/include/." "$tk/include/"
for root in metadef/inc/external/asc metadef/inc/external metadef/inc runtime/include/external runtime/pkg_inc \
            opbase/include/nnopbase libboundscheck/include asc-devkit/include/utils generated; do
    [ -d "$H/$root" ] || die "missing $H/$root"
    (cd "$H/$root" && find . -type f) | while read -r rel; do
        dst="$tk/include/${rel#./}"
        [ -e "$dst" ] || { mkdir -p "$(dirname "$dst")"; ln -s "$H/$root/${rel#./}" "$dst"; }
    done
done

rm -rf "$gen"; mkdir -p "$gen"
python3 "$shared/cann-framework/cmake/asc/fwk_modules/util/compile_ascendc_all_ops_so.py" \
    --output-dir="$gen" --output=ascend_all_ops --cann-path="$tk" --cxx-compiler=c++ \
    --src-file="$*" --compile-options="$options" --parallel-jobs="${JOBS:-2}" >"$out/compile.log" 2>&1 \
    || { cat "$out/compile.log" >&2; die "compiling the op_host sources failed (log above)"; }

# op_build's environment as npu_op_code_gen sets it (OPS_PRODUCT_NAME = ASCEND_COMPUTE_UNIT), plus
# the toolkit's lib64 on LD_LIBRARY_PATH, as CANN's set_env.sh puts it: op_build dlopens the ops
# library, whose own dependencies (libexe_graph.so...) are found only that way.
LD_LIBRARY_PATH="$tk/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" OPS_PRODUCT_NAME="$units" "$tk/tools/opbuild/op_build" "$gen/libascend_all_ops.so" "$gen" "--compute_unit=$units" \
    >"$out/op_build.log" 2>&1 || { cat "$out/op_build.log" >&2; die "op_build failed (log above)"; }
(cd "$gen" && find . -maxdepth 1 -type f ! -name '*.make' | sort)
