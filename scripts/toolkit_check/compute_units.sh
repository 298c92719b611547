# The compute units the package is built for (cmake/package_tree.cmake, read by
# scripts/package_listing.py), into socs.
mapfile -t socs < <(python3 "$(dirname "${BASH_SOURCE[0]}")/../package_listing.py" compute-units)
[ "${#socs[@]}" -gt 0 ] || { echo "toolkit check: cmake/package_tree.cmake sets no NSA_COMPUTE_UNITS" >&2; exit 1; }
