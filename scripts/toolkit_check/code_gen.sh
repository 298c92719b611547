#!/usr/bin/env bash
# npu_op_code_gen's two steps by hand, outside CMake (cann-framework's fwk_modules/func.cmake): the
# framework's compile_ascendc_all_ops_so.py compiles OpDef sources into libascend_all_ops.so, then
# the toolkit's op_build loads it and writes the op-info ini, aclnn and op_proto sources into OUT_DIR.
# Usage (in a shell that sourced the toolkit's set_env.sh):
#   code_gen.sh OUT_DIR "UNIT;UNIT..." "COMPILE_OPTIONS" SRC...
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: code_gen.sh OUT_DIR UNITS COMPILE_OPTIONS SRC..." >&2; exit 2; }
out="$1" units="$2" options="$3"; shift 3
util="$ASCEND_HOME_PATH/compiler/tikcpp/ascendc_kernel_cmake/fwk_modules/util"
rm -rf "$out" && mkdir -p "$out"
python3 "$util/compile_ascendc_all_ops_so.py" --output-dir="$out" --output=ascend_all_ops \
    --cann-path="$ASCEND_HOME_PATH" --cxx-compiler=c++ --src-file="$*" --compile-options="$options" \
    > "$out/code_gen.log" 2>&1 || { cat "$out/code_gen.log" >&2; echo "code_gen.sh: compiling $* failed" >&2; exit 1; }
OPS_PRODUCT_NAME="$units" "$ASCEND_HOME_PATH/tools/opbuild/op_build" "$out/libascend_all_ops.so" "$out" \
    "--compute_unit=$units" >> "$out/code_gen.log" 2>&1 || { cat "$out/code_gen.log" >&2; echo "code_gen.sh: op_build failed" >&2; exit 1; }
