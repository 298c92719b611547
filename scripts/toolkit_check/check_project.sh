#!/usr/bin/env bash
# Builds and packages a project tree's CANN backend with its build.sh on the stand-in toolkit of
# WORK (run.sh), checks the result (check.py), installs the package into a hostile path and
# checks its set_env.bash (check_install.sh).
# With --unit-tests, build.sh also builds and runs the ops' host unit tests against the toolkit.
# Usage: check_project.sh WORK SRC OUT [-j N] [--unit-tests]
set -euo pipefail
work="$1" src="$2" out="$3"; shift 3
jobs="$(nproc)" build_options=(--pkg)
while [ $# -gt 0 ]; do
    case "$1" in
        -j) jobs="$2"; shift ;;
        --unit-tests) build_options+=(-u) ;;
    esac
    shift
done
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=compute_units.sh
source "$here/compute_units.sh"
[ ! -e "$out" ] || chmod -R u+w "$out"
rm -rf "$out" && mkdir -p "$out"
if ! (source "$work/toolkit/set_env.sh" && export BISHENG_STANDIN_LOG="$out/kernel_compiles.log" &&
      NSA_BUILD_ROOT="$out" bash "$src/build.sh" "${build_options[@]}" -j "$jobs") > "$out/build.log" 2>&1; then
    # The lines that say what failed (but not asc_op_compile_base's complaint, at import, that
    # the stand-in has no data for its default SoC), then how the build ended.
    grep -E "(Error|error)[]:) ]" "$out/build.log" | grep -v "platform info\|platform stand-in" | sort -u | head -n 20 >&2
    tail -n 10 "$out/build.log" >&2
    echo "toolkit check: build.sh ${build_options[*]} failed on the stand-in toolkit (log: $out/build.log)" >&2
    exit 1
fi
python3 "$here/check.py" --project "$src" --staging "$out/build/pkg_staging" --vendor-opinfo "$work/vendor_opinfo" \
    --compile-log "$out/kernel_compiles.log" --soc "${socs[@]}"
bash "$here/check_install.sh" "$out/build_out"/custom_opp_*.run "$out/build/pkg_staging" "$out/install"
