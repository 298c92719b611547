#!/usr/bin/env bash
# Installs RUN_PACKAGE, as a user would, into a folder under PARENT whose name holds a space, both
# quotes and $(...), and checks that every file of STAGING (the tree the package was made from)
# was installed and that sourcing the installed set_env.bash points the runtime at it: the
# vendor folder first in ASCEND_CUSTOM_OPP_PATH, its op_api/lib first in LD_LIBRARY_PATH.
# Usage: check_install.sh RUN_PACKAGE STAGING PARENT [VENDOR]
set -euo pipefail
run="$1" staging="$2" parent="$3" vendor="${4:-customize}"
fail() { echo "toolkit check: install: $*" >&2; exit 1; }
[ -f "$run" ] || fail "no run package at $run"
target="$parent/opp dir 'quoted' \"too\" \$(exit 3)"
[ ! -e "$parent" ] || chmod -R u+w "$parent"
rm -rf "$parent" && mkdir -p "$parent"
bash "$run" --install-path="$target" --quiet > "$parent/install.log" 2>&1 ||
    { cat "$parent/install.log" >&2; fail "the package did not install into '$target'"; }
[ ! -e "$parent/pwned" ] && [ ! -e pwned ] || fail "a \$(...) in the install path ran as a command"

installed="$target/vendors/$vendor"
missing="$(cd "$staging/packages/vendors/$vendor" && find . ! -type d | while read -r file; do
    [ -e "$installed/$file" ] || echo "$file"; done)"
[ -z "$missing" ] || fail "not installed: $missing"

env -i PATH="$PATH" bash -c '
    source "$1/bin/set_env.bash"
    [ "${ASCEND_CUSTOM_OPP_PATH%%:*}" = "$1" ] ||
        { echo "ASCEND_CUSTOM_OPP_PATH starts with ${ASCEND_CUSTOM_OPP_PATH%%:*}, not $1" >&2; exit 1; }
    [ "${LD_LIBRARY_PATH%%:*}" = "$1/op_api/lib" ] ||
        { echo "LD_LIBRARY_PATH starts with ${LD_LIBRARY_PATH%%:*}, not $1/op_api/lib" >&2; exit 1; }
    [ -f "${LD_LIBRARY_PATH%%:*}/libcust_opapi.so" ] || { echo "no libcust_opapi.so on LD_LIBRARY_PATH" >&2; exit 1; }
' set_env "$installed" || fail "set_env.bash of '$installed' does not point the runtime at it"
echo "toolkit check: the package installed into '$target'; its set_env.bash points the runtime there"
