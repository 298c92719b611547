# Sourced by install.sh: which files of a vendor folder this package owns. Several packages may
# install into one vendor folder (most use CANN's default name, customize), so the installer keeps
# a manifest of the files it installed and touches only those; bin/set_env.bash belongs to the
# vendor folder as a whole (it names only the folder) and is rewritten by every install.
# File lists are one path a line, relative to the vendor folder, sorted in the C locale.

MANIFEST_DIR="manifests"
SHARED_FILES="bin/set_env.bash"

# Prints a list one item a line; an empty list prints nothing (printf would print one empty line).
lines() {
    [ -z "$1" ] || printf '%s\n' "$1"
}

manifest_of() {
    echo "$MANIFEST_DIR/$PACKAGE_NAME.files"
}

# Prints the files under FOLDER.
files_under() {
    (cd -- "$1" && find . \( -type f -o -type l \) -printf '%P\n' | LC_ALL=C sort)
}

# Prints the files this package installed earlier in the vendor folder TREE: its manifest, or, for a
# folder installed before there were manifests, the package's own files when the folder holds
# exactly those (and the shared files), which no other package would.
previously_installed_files() {
    local tree="$1" package_files="$2"
    [ -d "$tree" ] || return 0
    if [ -f "$tree/$(manifest_of)" ]; then
        LC_ALL=C sort -u -- "$tree/$(manifest_of)"
    elif [ "$(files_under "$tree" | grep -vxF "$SHARED_FILES")" = "$package_files" ]; then
        lines "$package_files"
    fi
}

# Prints the files of the package that already exist in TREE but were not installed by this
# package: installing would overwrite another package's files.
files_owned_by_others() {
    local tree="$1" package_files="$2" previous_files="$3" file
    [ -d "$tree" ] || return 0
    LC_ALL=C comm -23 <(lines "$package_files") <(lines "$previous_files") |
        while IFS= read -r file; do
            if [ -e "$tree/$file" ] || [ -L "$tree/$file" ]; then
                printf '%s\n' "$file"
            fi
        done
}

# Prints the files this package installed earlier and no longer ships.
retired_files() {
    local package_files="$1" previous_files="$2"
    LC_ALL=C comm -23 <(lines "$previous_files") <(lines "$package_files")
}
