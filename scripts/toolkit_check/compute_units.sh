# The compute units the package is built for, as cmake/package_tree.cmake names them, into socs.
mapfile -t socs < <(sed -n 's/^set(NSA_COMPUTE_UNITS \(.*\))$/\1/p' "$(dirname "${BASH_SOURCE[0]}")/../../cmake/package_tree.cmake" |
                    tr ' ' '\n')
[ "${#socs[@]}" -gt 0 ] || { echo "toolkit check: cmake/package_tree.cmake sets no NSA_COMPUTE_UNITS" >&2; exit 1; }
