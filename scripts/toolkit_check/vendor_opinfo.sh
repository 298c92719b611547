#!/usr/bin/env bash
# The op-info configuration of the vendor's own OpDefs (../shared/cann-headers/ops-transformer),
# made the way the framework makes the package's: the OpDef sources compiled by the framework's
# compile_ascendc_all_ops_so.py, the ini written by the toolkit's op_build, the JSON by the
# framework's parse_ini_to_json.py. The check compares the package's configuration with it.
# Usage (in a shell that sourced the toolkit's set_env.sh): vendor_opinfo.sh OUT_DIR SOC...
set -euo pipefail
out="$1"; shift
here="$(cd "$(dirname "$0")" && pwd)"
shared="${NSA_SHARED_DIR:-$(cd "$here/../../.." && pwd)/shared}"
util="$ASCEND_HOME_PATH/compiler/tikcpp/ascendc_kernel_cmake/fwk_modules/util"
mapfile -t defs < <(find "$shared/cann-headers/ops-transformer" -name '*_def.cpp' | sort)
[ "${#defs[@]}" -gt 0 ] || { echo "vendor_opinfo.sh: no vendor OpDef under $shared/cann-headers/ops-transformer" >&2; exit 1; }
rm -rf "$out" && mkdir -p "$out"
python3 "$util/compile_ascendc_all_ops_so.py" --output-dir="$out" --output=ascend_all_ops \
    --cann-path="$ASCEND_HOME_PATH" --cxx-compiler=c++ --src-file="${defs[*]}" >"$out/build.log" 2>&1 ||
    { cat "$out/build.log" >&2; exit 1; }
units="$(IFS=';'; echo "$*")"
OPS_PRODUCT_NAME="$units" "$ASCEND_HOME_PATH/tools/opbuild/op_build" "$out/libascend_all_ops.so" "$out" \
    "--compute_unit=$units" >>"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; exit 1; }
for soc in "$@"; do
    python3 "$util/parse_ini_to_json.py" "$out/aic-$soc-ops-info.ini" "$out/aic-$soc-ops-info.json" >/dev/null
done
