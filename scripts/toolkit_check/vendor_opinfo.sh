#!/usr/bin/env bash
# The op-info configuration of the vendor's own OpDefs (../shared/cann-headers/ops-transformer),
# made the way the framework makes the package's: the ini by its code generation (code_gen.sh),
# the JSON by the framework's parse_ini_to_json.py. The check compares the package's configuration with it.
# Usage (in a shell that sourced the toolkit's set_env.sh): vendor_opinfo.sh OUT_DIR SOC...
set -euo pipefail
out="$1"; shift
here="$(cd "$(dirname "$0")" && pwd)"
shared="${NSA_SHARED_DIR:-$(cd "$here/../../.." && pwd)/shared}"
util="$ASCEND_HOME_PATH/compiler/tikcpp/ascendc_kernel_cmake/fwk_modules/util"
mapfile -t defs < <(find "$shared/cann-headers/ops-transformer" -name '*_def.cpp' | sort)
[ "${#defs[@]}" -gt 0 ] || { echo "vendor_opinfo.sh: no vendor OpDef under $shared/cann-headers/ops-transformer" >&2; exit 1; }
bash "$here/code_gen.sh" "$out" "$(IFS=';'; echo "$*")" "" "${defs[@]}"
for soc in "$@"; do
    python3 "$util/parse_ini_to_json.py" "$out/aic-$soc-ops-info.ini" "$out/aic-$soc-ops-info.json" >/dev/null
done
