# Sourced by install.sh: the permissions of an installed tree, as CANN's packages set them. The
# package's files and folders are read-only: 0440 (0550 for executables) and 0550 for folders, so
# the owner and the owner's group can use them. --install-for-all gives every other user read and
# search as well (0444, 0555). The shared folders above the vendor folders (the install path and
# vendors/) stay writable by their owner, since other packages install there too.

# The umask for the folders and files the installer creates before it sets their modes.
creation_umask() {
    [ "$1" = 1 ] && echo 0022 || echo 0027
}

# Prints the mode of an installed file that is not a program (set_env.bash is sourced, not run).
data_file_mode() {
    [ "$1" = 1 ] && echo 0444 || echo 0440
}

# Prints the mode of an installed file whose copy in the package is FILE.
installed_file_mode() {
    local file="$1" for_all="$2"
    if [ -x "$file" ]; then
        [ "$for_all" = 1 ] && echo 0555 || echo 0550
    else
        data_file_mode "$for_all"
    fi
}

# Sets the mode of installed folders. The owner and group get read and search; other users get them
# with --install-for-all, and otherwise keep what they had, so a folder another package shares with
# this one is never narrowed.
set_installed_folder_modes() {
    local for_all="$1"
    shift
    [ $# -gt 0 ] || return 0
    chmod u=rx,g=rx -- "$@"
    [ "$for_all" = 0 ] || chmod o=rx -- "$@"
}

# Removes a tree whose folders may be read-only (0550), which only root could otherwise delete.
remove_tree() {
    [ -e "$1" ] || return 0
    find "$1" -type d ! -perm -u=w -exec chmod u+w {} + && rm -rf -- "$1"
}
