#!/usr/bin/env bash
# Installer inside the custom-op run package: installs each vendors/<vendor> folder of the package
# into <install path>/vendors/<vendor>, beside what other packages installed there, with CANN's
# permissions, writes bin/set_env.bash (which puts the ops on the paths an aclnn program searches)
# and puts the vendor first in vendors/config.ini. scripts/README.md gives the rules.
# Usage (through the package):
#   ./custom_opp_<os>_<arch>.run --install-path=DIR [--install-for-all] [--quiet]
# Exit status: 0 installed; 1 failed, any previous install left as it was; 2 refused, nothing changed.
set -euo pipefail

PACKAGE_NAME="nsa_compress"
here="$(cd "$(dirname "$0")" && pwd)"
for part in install_path modes ownership lock vendor_tree load_priority; do
    # shellcheck source=/dev/null
    source "$here/installer/$part.sh"
done

install_path="${ASCEND_OPP_PATH:-}"
quiet=0
for_all=0
for arg in "$@"; do
    case "$arg" in
        --install-path=*) install_path="${arg#--install-path=}" ;;
        --install-for-all) for_all=1 ;;
        --quiet) quiet=1 ;;
        *) echo "install: unknown option '$arg' (use --install-path=DIR, --install-for-all and --quiet)" >&2; exit 2 ;;
    esac
done
if [ -z "$install_path" ]; then
    echo "install: give --install-path=DIR (or set ASCEND_OPP_PATH)" >&2
    exit 2
fi
say() { [ "$quiet" = 1 ] || echo "$@"; }

# Prints the refusal of an install that would overwrite FILES of another package in TARGET.
refuse_files_of_other_packages() {
    local target="$1" files="$2"
    echo "install: refusing to install into $target: these files of $PACKAGE_NAME exist there already and" \
        "were not installed by it (they are not in $target/$(manifest_of)), so they belong to another" \
        "package, which overwriting them would break:" >&2
    lines "$files" | sed 's/^/    /' >&2
    echo "install: nothing was changed; install into another --install-path, or uninstall that package first" >&2
}

# Installs the package's vendor folder SOURCE as TARGET, keeping what other packages put there.
install_vendor() {
    local source="$1" target="$2" vendor package_files previous conflicts retired staging file_mode file
    local -a folders
    vendor="$(basename -- "$target")"
    recover_interrupted_install "$target"
    package_files="$(files_under "$source")"
    previous="$(previously_installed_files "$target" "$package_files")"
    conflicts="$(files_owned_by_others "$target" "$package_files" "$previous")"
    if [ -n "$conflicts" ]; then
        refuse_files_of_other_packages "$target" "$conflicts"
        exit 2
    fi
    retired="$(retired_files "$package_files" "$previous")"

    installing="$target"
    staging="$(new_staging_folder "$target")"
    file_mode="$(data_file_mode "$for_all")"
    stage_other_packages_files "$target" "$staging" "$previous"
    stage_package_files "$source" "$staging" "$package_files" "$for_all"
    stage_set_env "$staging" "$target" "$vendor" "$file_mode"
    stage_manifest "$staging" "$package_files" "$file_mode"
    restore_read_only_folders "$target" "$staging"
    mapfile -t folders < <(folders_holding "$package_files"$'\n'"$SHARED_FILES"$'\n'"$(manifest_of)")
    (cd -- "$staging" && set_installed_folder_modes "$for_all" "${folders[@]}")
    swap_into_place "$staging" "$target"
    installing=""

    lines "$retired" | while IFS= read -r file; do
        say "removed $target/$file: the previous install of $PACKAGE_NAME put it there and this version no longer ships it"
    done
    say "installed $PACKAGE_NAME into $target"
    say "run: source $(printf '%q' "$target/bin/set_env.bash")"
}

# On a failed or interrupted install, put the previous vendor folder back and remove the staging one.
installing=""
on_exit() {
    local status=$?
    [ -z "$installing" ] || recover_interrupted_install "$installing"
    exit "$status"
}

install_path="$(absolute_install_path "$install_path")" || exit 2
umask "$(creation_umask "$for_all")"
mkdir -p -- "$install_path/vendors"
vendors="$(cd -- "$install_path/vendors" && pwd)"
[ "$for_all" = 0 ] || chmod o+rx -- "$vendors"
take_install_lock "$vendors" "$quiet"
trap on_exit EXIT
trap 'exit 1' HUP INT TERM
for vendor_dir in "$here"/packages/vendors/*; do
    install_vendor "$vendor_dir" "$vendors/$(basename -- "$vendor_dir")"
    put_vendor_first_in_load_priority "$vendors/config.ini" "$(basename -- "$vendor_dir")" "$for_all"
done
