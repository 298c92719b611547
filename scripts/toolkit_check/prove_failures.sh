#!/usr/bin/env bash
# Shows that the toolkit check fails where it must: on copies of the project with a kernel source
# dropped from the build (the framework itself refuses to build an op without one), an OpDef
# input renamed, and an install path wrong, check_project.sh must fail, naming what is wrong.
# Usage: prove_failures.sh WORK PROJECT [-j N]    (run.sh, after the stand-in toolkit is assembled)
set -euo pipefail
work="$1" project="$2"; shift 2
here="$(cd "$(dirname "$0")" && pwd)"

# broken NAME FILE OLD NEW EXPECTED: copies the project, replaces OLD by NEW in FILE (which must
# hold OLD), runs the check on the copy and wants it to fail with a line holding EXPECTED. The
# copy's folder is named without spaces: the framework's scripts cannot build in such a folder.
broken() {
    local name="$1" file="$2" old="$3" new="$4" expected="$5"
    shift 5
    local copy="$work/broken/${name// /_}"
    rm -rf "$copy" && mkdir -p "$copy/src"
    (cd "$project" && git ls-files -z --cached --others --exclude-standard | tar cf "$copy/src.tar" --null -T -)
    tar xf "$copy/src.tar" -C "$copy/src" && rm "$copy/src.tar"
    OLD="$old" NEW="$new" python3 - "$copy/src/$file" <<'PY'
import os, sys
path = sys.argv[1]
text = open(path).read()
if os.environ["OLD"] not in text:
    sys.exit(f"prove_failures: {path} no longer holds the text this case changes")
open(path, "w").write(text.replace(os.environ["OLD"], os.environ["NEW"], 1))
PY
    if bash "$here/check_project.sh" "$work" "$copy/src" "$copy/out" "$@" > "$copy/check.log" 2>&1; then
        echo "toolkit check: passed with $name; it must fail" >&2
        return 1
    fi
    if ! grep -qF -- "$expected" "$copy/check.log"; then
        tail -n 20 "$copy/check.log" >&2
        echo "toolkit check: failed with $name, but not on '$expected'" >&2
        return 1
    fi
    echo "toolkit check fails, as it must, with $name: $(grep -F -m1 -- "$expected" "$copy/check.log")"
}

broken "a kernel source dropped from the build" cmake/cann_op.cmake \
    'foreach(op_type ${op_types})' 'list(REMOVE_ITEM op_types NsaCompressGrad)
    foreach(op_type ${op_types})' \
    "operator: nsa_compress_grad source file does not found" "$@"
broken "an OpDef input renamed" nsa_compress/op_host/nsa_compress_def.cpp \
    'this->Input("weight")' 'this->Input("weights")' \
    "op-info: ascend910b: NsaCompress: input1" "$@"
broken "an install path wrong" cmake/package_tree.cmake \
    'set(NSA_TILING_DIR op_impl/ai_core/tbe/op_tiling)' 'set(NSA_TILING_DIR op_impl/ai_core/tbe/optiling)' \
    "tree: nothing installed for op_impl/ai_core/tbe/op_tiling" "$@"
