#!/usr/bin/env bash
# The CANN backend, built, packaged and installed against a stand-in toolkit, then checked; then
# the same on deliberately broken copies of the project, each of which the check must refuse.
# Usage: run.sh WORK_DIR [-j N]     (build.sh --toolkit-check)
set -euo pipefail
work="$1"; shift
jobs="$(nproc)"
[ "${1:-}" != -j ] || jobs="$2"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shared="${NSA_SHARED_DIR:-$root/../shared}"
[ -d "$shared" ] || { echo "toolkit check: no ../shared beside the project (set NSA_SHARED_DIR): $shared" >&2; exit 1; }
NSA_SHARED_DIR="$(cd "$shared" && pwd)"
export NSA_SHARED_DIR
# shellcheck source=compute_units.sh
source "$here/compute_units.sh"
mkdir -p "$work"
work="$(cd "$work" && pwd)"

step() { printf '\n-- %s\n' "$*"; }
step "public tools: op_build from source, with the OpDef registry it links"
bash "$here/build_tools.sh" "$work/tools"
step "stand-in toolkit in $work/toolkit"
bash "$here/assemble_toolkit.sh" "$work/toolkit" "$work/tools"
step "the stand-in OpDef registry against CANN's: op_build's output on OpDefs covering the API"
(source "$work/toolkit/set_env.sh" && bash "$here/tests/check_opbuild.sh" "$work/registry_check")
step "the vendor's OpDefs through the same tools"
(source "$work/toolkit/set_env.sh" && bash "$here/vendor_opinfo.sh" "$work/vendor_opinfo" "${socs[@]}")

step "the project"
bash "$here/check_project.sh" "$work" "$root" "$work/project" -j "$jobs" --unit-tests

step "deliberately broken copies, each of which the check must refuse"
bash "$here/prove_failures.sh" "$work" "$root" -j "$jobs"
