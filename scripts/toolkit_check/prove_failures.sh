#!/usr/bin/env bash
# Shows that the toolkit check fails where it must, on broken copies of the project: one with a
# kernel source dropped from the build (the framework itself refuses to build an op without
# one), and one with an OpDef input renamed and an install path wrong, which check.py reports
# both of (it reports every problem, so one build shows the two). check_project.sh must fail on
# each copy with every line expected of it.
# Usage: prove_failures.sh WORK PROJECT [-j N]    (run.sh, after the stand-in toolkit is assembled)
set -euo pipefail
work="$1" project="$2"; shift 2
here="$(cd "$(dirname "$0")" && pwd)"

# copy NAME: a copy of the project (its files, tracked or not ignored) in WORK/broken/NAME/src. The
# folder is named without spaces: the framework's scripts cannot build in such a folder.
copy() {
    local dir="$work/broken/${1// /_}"
    rm -rf "$dir" && mkdir -p "$dir/src"
    (cd "$project" && git ls-files -z --cached --others --exclude-standard | tar cf "$dir/src.tar" --null -T -)
    tar xf "$dir/src.tar" -C "$dir/src" && rm "$dir/src.tar"
    echo "$dir"
}

# edit FILE OLD NEW: replaces OLD (which FILE must hold) by NEW.
edit() {
    OLD="$2" NEW="$3" python3 - "$1" <<'PY'
import os, sys
path = sys.argv[1]
text = open(path).read()
if os.environ["OLD"] not in text:
    sys.exit(f"prove_failures: {path} no longer holds the text this case changes")
open(path, "w").write(text.replace(os.environ["OLD"], os.environ["NEW"], 1))
PY
}

# refused NAME DIR EXPECTED...: the check on DIR/src must fail with a line holding each EXPECTED.
refused() {
    local name="$1" dir="$2"; shift 2
    if bash "$here/check_project.sh" "$work" "$dir/src" "$dir/out" "${options[@]}" > "$dir/check.log" 2>&1; then
        echo "toolkit check: passed with $name; it must fail" >&2
        return 1
    fi
    local expected
    for expected; do
        if ! grep -qF -- "$expected" "$dir/check.log"; then
            tail -n 20 "$dir/check.log" >&2
            echo "toolkit check: failed with $name, but not on '$expected'" >&2
            return 1
        fi
        echo "toolkit check fails, as it must, with $name: $(grep -F -m1 -- "$expected" "$dir/check.log")"
    done
}
options=("$@")

dir="$(copy "a kernel source dropped")"
edit "$dir/src/cmake/cann_op.cmake" 'foreach(op_type ${op_types})' 'list(REMOVE_ITEM op_types NsaCompressGrad)
    foreach(op_type ${op_types})'
refused "a kernel source dropped from the build" "$dir" "operator: nsa_compress_grad source file does not found"

dir="$(copy "an input renamed and a path wrong")"
edit "$dir/src/nsa_compress/op_host/nsa_compress_def.cpp" 'this->Input("weight")' 'this->Input("weights")'
edit "$dir/src/cmake/package_tree.cmake" 'set(NSA_TILING_DIR op_impl/ai_core/tbe/op_tiling)' \
    'set(NSA_TILING_DIR op_impl/ai_core/tbe/optiling)'
refused "an OpDef input renamed and an install path wrong" "$dir" \
    "op-info: ascend910b: NsaCompress: input1" "tree: nothing installed for op_impl/ai_core/tbe/op_tiling"
