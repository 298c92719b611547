#!/usr/bin/env bash
# The stand-in registry against CANN's: op_build (with the stand-in libregister) on
# opdef_coverage_def.cpp must write exactly what it wrote with CANN's own registry (the files in
# expected/coverage, see ../README.md for how they were made).
# Usage (in a shell that sourced the stand-in toolkit's set_env.sh): check_opbuild.sh OUT_DIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ $# -eq 1 ] || { echo "usage: check_opbuild.sh OUT_DIR" >&2; exit 1; }
bash "$here/../code_gen.sh" "$1/autogen" "ascend910b;ascend910_93" "-std=c++17" "$here/opdef_coverage_def.cpp"
produced="$(cd "$1/autogen" && ls | grep -v -e '\.so$' -e '\.make$' -e '\.log$' -e '^ascend_all_ops$' | sort)"
expected="$(cd "$here/expected/coverage" && ls | sort)"
if [ "$produced" != "$expected" ]; then
    echo "check_opbuild.sh: op_build wrote other files than CANN's registry led it to:" >&2
    diff <(echo "$expected") <(echo "$produced") >&2 || true
    exit 1
fi
diff -r -x '*.so' -x '*.make' -x '*.log' -x ascend_all_ops "$here/expected/coverage" "$1/autogen" \
    || { echo "check_opbuild.sh: op_build's output differs from CANN's registry's (diff above)" >&2; exit 1; }
echo "check_opbuild.sh: op_build's output with the stand-in registry is CANN's ($(echo "$expected" | wc -l) files)"
