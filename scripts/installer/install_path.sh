# Sourced by install.sh: turns the --install-path the user gave into the absolute folder to install into.

# Prints the absolute form of PATH, or returns 2 with the reason on stderr. A relative path is taken
# from the folder the package was run in: makeself runs the installer inside its temporary
# extraction folder, deleted on exit, and exports the caller's folder as USER_PWD (PWD when the
# installer is run by hand).
absolute_install_path() {
    local path="$1"
    case "$path" in
        "~" | "~/"*)
            echo "install: --install-path='$path' starts with '~', which the shell expands only at the start of a word;" \
                "write \$HOME/${path#"~/"} or another absolute path" >&2
            return 2 ;;
        /*) ;;
        *) path="${USER_PWD:-$PWD}/$path" ;;
    esac
    printf '%s' "$path"
}
