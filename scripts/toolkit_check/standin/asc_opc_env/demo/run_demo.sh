#!/bin/bash
# Compile nsa_compress's kernel through CANN's real framework scripts and real asc_opc, with the
# stand-ins of ../ (platform library, bisheng, ld.lld), for ascend910b and ascend910_93, both
# dtypes, and print the recorded bisheng / ld.lld command lines. Usage:
#   run_demo.sh WORK_DIR [FRAMEWORK_DIR] [CANN_HEADERS_DIR]
set -euo pipefail
WORK=$(mkdir -p "$1" && cd "$1" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../../../.." && pwd)
FW=$(cd "${2:-$ROOT/../shared/cann-framework}" && pwd)
H=$(cd "${3:-$ROOT/../shared/cann-headers}" && pwd)

"$HERE/../build_env.sh" "$WORK/toolkit" "$FW" "$H" > /dev/null 2>"$WORK/build_env.log"
export PATH="$WORK/toolkit/bin:$PATH" ASCEND_HOME_PATH="$WORK/toolkit"

# What npu_op_code_gen and npu_op_kernel_options leave in the auto-gen directory.
AUTOGEN=$WORK/autogen
mkdir -p "$AUTOGEN"
for soc in ascend910b ascend910_93; do
  grep -v '^#' "$HERE/nsa_compress-ops-info.ini" > "$AUTOGEN/aic-$soc-ops-info.ini"
done
echo "NsaCompress,,-I$ROOT/nsa_common/op_kernel" > "$AUTOGEN/custom_compile_options.ini"
: > "$WORK/liboptiling_placeholder.so"

# The command simple_kernel_compile (fwk_modules/func.cmake) runs per op and compute unit.
for soc in ascend910b ascend910_93; do
  rm -rf "$WORK/build_$soc"; mkdir -p "$WORK/build_$soc"
  (cd "$WORK/build_$soc" && BISHENG_STANDIN_LOG="$WORK/bisheng_$soc.log" python3 \
    "$FW/cmake/asc/fwk_modules/util/ascendc_compile_kernel.py" \
    --op-type=NsaCompress --src-file="$ROOT/nsa_compress/op_kernel/nsa_compress.cpp" \
    --compute-unit=$soc --compile-options= --debug-config= \
    --config-ini="$AUTOGEN/aic-$soc-ops-info.ini" --tiling-lib="$WORK/liboptiling_placeholder.so" \
    --output-path="$WORK/binary" --enable-binary=True --target-name=cust_op \
    --auto-gen-path="$AUTOGEN" --build-tool=make) > "$WORK/compile_$soc.log" 2>&1 \
    || { echo "FAILED: $soc (see $WORK/compile_$soc.log)"; exit 1; }
done
find "$WORK/binary" -type f | sort
for soc in ascend910b ascend910_93; do
  echo "=== $soc"
  python3 "$HERE/show_log.py" "$WORK/bisheng_$soc.log"
done
